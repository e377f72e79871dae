/**
 * Dot products for k-means label steps: the native kernel (compute/native/dense-gemm.ts) when it is built, else
 * onnxruntime-node (MLAS SGEMM): one tiny graph
 * Y[m, k] = X[m, d] · C[k, d]ᵀ with symbolic dimensions, session shared by every fit. The products only need
 * float32 accuracy (metrics/kmeans/labels.ts decides labels with an error bound and its exact float32 emulation).
 * Falls back to the wasm/JS products (fastDots) for tiny problems or when onnxruntime-node cannot be loaded.
 */

import { availableParallelism } from 'node:os';
import { type DotBackend, fastDots } from '../../metrics/kmeans.js';
import { loadDenseGemm } from '../native/dense-gemm.js';
import { tryLoadOrt } from '../ort/load.js';
import { DataType, encodeModel } from '../ort/onnx-proto.js';
import { sharedSession } from '../ort/session.js';

function dotsGraph(): Uint8Array {
  return encodeModel({
    name: 'kmeans_dots',
    irVersion: 8,
    opset: 17,
    inputs: [
      { name: 'X', elemType: DataType.FLOAT, shape: ['m', 'd'] },
      { name: 'C', elemType: DataType.FLOAT, shape: ['k', 'd'] },
    ],
    outputs: [{ name: 'Y', elemType: DataType.FLOAT, shape: ['m', 'k'] }],
    nodes: [{ opType: 'Gemm', inputs: ['X', 'C'], outputs: ['Y'], attrs: { transB: { int: 1 } } }],
  });
}

// The per-step GEMMs are small (batch × d × k): one thread without a pool beats spreading them.
const session = sharedSession(dotsGraph, { threads: 1 });

/** Below this many multiply-adds a session call costs more than the JS loop. */
const MIN_WORK = 300_000;

/** The onnxruntime path alone (the bench compares it with the native kernel). */
export const ortSessionDots: DotBackend = async (x, d, rows, count, centers, k, out) => {
  if (count * k * d < MIN_WORK) return fastDots(x, d, rows, count, centers, k, out);
  const ort = await tryLoadOrt();
  const s = await session.tryGet();
  if (!ort || !s) return fastDots(x, d, rows, count, centers, k, out);
  let xm: Float32Array;
  if (rows) {
    xm = new Float32Array(count * d);
    for (let r = 0; r < count; r++) xm.set(x.subarray(rows[r]! * d, rows[r]! * d + d), r * d);
  } else xm = x.subarray(0, count * d);
  const y = out instanceof Float32Array ? out.subarray(0, count * k) : new Float32Array(count * k);
  await s.run(
    { X: new ort.Tensor('float32', xm, [count, d]), C: new ort.Tensor('float32', centers.subarray(0, k * d), [k, d]) },
    { Y: new ort.Tensor('float32', y, [count, k]) },
  );
  if (y !== out) out.set(y);
};

/** Below this many multiply-adds the native kernel runs on one thread. */
const NATIVE_THREAD_WORK = 1 << 24;

/** k-means dot products: native kernel when built (no session call: a step's product is smaller than a run's fixed cost), else onnxruntime. */
export const ortDots: DotBackend = (x, d, rows, count, centers, k, out) => {
  const native = loadDenseGemm();
  if (!native) return ortSessionDots(x, d, rows, count, centers, k, out);
  const threads = count * k * d >= NATIVE_THREAD_WORK ? availableParallelism() : 1;
  if (out instanceof Float32Array) return native.dotsNT(x, d, rows, count, centers, k, out, threads);
  const y = new Float32Array(count * k);
  native.dotsNT(x, d, rows, count, centers, k, y, threads);
  out.set(y);
};

/** Releases the shared session (a later fit creates a new one). */
export function releaseKmeansSessions(): Promise<void> {
  return session.release();
}
