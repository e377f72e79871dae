/**
 * Float64 matrix work of the logistic-regression objective on onnxruntime-node (MLAS GEMMs):
 * - forward R = X @ W and backward G = Xᵀ @ P (binomial loss and tiny problems use these or plain JS);
 * - the whole multinomial data term in one graph, run on row blocks of X in parallel (one single-threaded
 *   run per core) whose partial sums are added in JS: ORT's float64 Exp is single-threaded, so splitting
 *   rows is what spreads the softmax over the cores.
 * X is fed once per fit; outputs are written into preallocated buffers. Sessions are shared by all fits.
 * When the native addon is built (compute/native/logistic.ts), its fused kernel replaces the multinomial graph:
 * one synchronous call per evaluation that reads X once, with no session run and no n × k tensors.
 * Falls back to the plain-JS products when onnxruntime-node cannot be loaded.
 */
import { availableParallelism } from 'node:os';
import type { DenseBackend, DenseProducts } from '../../metrics/logistic-regression.js';
import { loadTwoLoop } from '../native/lbfgs.js';
import { loadLogistic } from '../native/logistic.js';
import { tryLoadOrt } from '../ort/load.js';
import { DataType, encodeModel } from '../ort/onnx-proto.js';
import { type InferenceSession, sharedSession } from '../ort/session.js';
import { plainDenseProducts } from './plain-products.js';

const DOUBLE = DataType.DOUBLE;
const INT64 = DataType.INT64;

function forwardGraph(): Uint8Array {
  return encodeModel({
    name: 'lr_forward',
    irVersion: 8,
    opset: 17,
    inputs: [
      { name: 'X', elemType: DOUBLE, shape: ['n', 'd'] },
      { name: 'W', elemType: DOUBLE, shape: ['d', 'k'] },
    ],
    outputs: [{ name: 'R', elemType: DOUBLE, shape: ['n', 'k'] }],
    nodes: [{ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['R'] }],
  });
}

function backwardGraph(): Uint8Array {
  return encodeModel({
    name: 'lr_backward',
    irVersion: 8,
    opset: 17,
    inputs: [
      { name: 'X', elemType: DOUBLE, shape: ['n', 'd'] },
      { name: 'P', elemType: DOUBLE, shape: ['n', 'k'] },
    ],
    outputs: [{ name: 'G', elemType: DOUBLE, shape: ['d', 'k'] }],
    nodes: [{ opType: 'Gemm', inputs: ['X', 'P'], outputs: ['G'], attrs: { transA: { int: 1 } } }],
  });
}

/**
 * The multinomial data term of a block of rows, with a single exp pass (as sklearn's loss does):
 * R = X @ W + b, m = rowmax(R), E = exp(R - m), s = rowsum(E), P = E / s,
 * L = Σ log(s) + Σ m - Σ R·Y (= Σ_i log-sum-exp(R_i) - R_i,y_i; Y one-hot),
 * D = (P - Y)·S, G = Xᵀ @ D, BS = column sums of D.
 */
function multinomialGraph(): Uint8Array {
  return encodeModel({
    name: 'lr_multinomial',
    irVersion: 8,
    opset: 17,
    inputs: [
      { name: 'X', elemType: DOUBLE, shape: ['n', 'd'] },
      { name: 'W', elemType: DOUBLE, shape: ['d', 'k'] },
      { name: 'B', elemType: DOUBLE, shape: ['k'] },
      { name: 'Y', elemType: DOUBLE, shape: ['n', 'k'] },
      { name: 'S', elemType: DOUBLE, shape: [1] },
      { name: 'A0', elemType: INT64, shape: [1] },
      { name: 'A1', elemType: INT64, shape: [1] },
      { name: 'A01', elemType: INT64, shape: [2] },
    ],
    outputs: [
      { name: 'L', elemType: DOUBLE, shape: [] },
      { name: 'G', elemType: DOUBLE, shape: ['d', 'k'] },
      { name: 'BS', elemType: DOUBLE, shape: ['k'] },
    ],
    nodes: [
      { opType: 'MatMul', inputs: ['X', 'W'], outputs: ['R0'] },
      { opType: 'Add', inputs: ['R0', 'B'], outputs: ['R'] },
      { opType: 'ReduceMax', inputs: ['R'], outputs: ['M'], attrs: { axes: { ints: [1] }, keepdims: { int: 1 } } },
      { opType: 'Sub', inputs: ['R', 'M'], outputs: ['Z'] },
      { opType: 'Exp', inputs: ['Z'], outputs: ['E'] },
      { opType: 'ReduceSum', inputs: ['E', 'A1'], outputs: ['SE'], attrs: { keepdims: { int: 1 } } },
      { opType: 'Div', inputs: ['E', 'SE'], outputs: ['P'] },
      { opType: 'Log', inputs: ['SE'], outputs: ['LSE'] },
      { opType: 'ReduceSum', inputs: ['LSE', 'A01'], outputs: ['L1'], attrs: { keepdims: { int: 0 } } },
      { opType: 'ReduceSum', inputs: ['M', 'A01'], outputs: ['L2'], attrs: { keepdims: { int: 0 } } },
      { opType: 'Mul', inputs: ['R', 'Y'], outputs: ['RY'] },
      { opType: 'ReduceSum', inputs: ['RY', 'A01'], outputs: ['L3'], attrs: { keepdims: { int: 0 } } },
      { opType: 'Add', inputs: ['L1', 'L2'], outputs: ['L12'] },
      { opType: 'Sub', inputs: ['L12', 'L3'], outputs: ['L'] },
      { opType: 'Sub', inputs: ['P', 'Y'], outputs: ['PY'] },
      { opType: 'Mul', inputs: ['PY', 'S'], outputs: ['D'] },
      { opType: 'Gemm', inputs: ['X', 'D'], outputs: ['G'], attrs: { transA: { int: 1 } } },
      { opType: 'ReduceSum', inputs: ['D', 'A0'], outputs: ['BS'], attrs: { keepdims: { int: 0 } } },
    ],
  });
}

const forwardSession = sharedSession(forwardGraph, { threads: 'all' });
const backwardSession = sharedSession(backwardGraph, { threads: 'all' });
/** Single-threaded: several row blocks run at once. */
const multinomialSession = sharedSession(multinomialGraph, { threads: 1 });

async function getSessions(): Promise<{ forward: InferenceSession; backward: InferenceSession; multinomial: InferenceSession } | undefined> {
  const [forward, backward, multinomial] = await Promise.all([forwardSession.tryGet(), backwardSession.tryGet(), multinomialSession.tryGet()]);
  return forward && backward && multinomial ? { forward, backward, multinomial } : undefined;
}

/** Below this many multiply-adds per product the JS loops beat a session call. */
const MIN_WORK = 200_000;
/** Below this many multiply-adds per product the native kernel runs on one thread (an 8-per-class Banking77 fit is 18M). */
const NATIVE_THREAD_WORK = 1 << 25;
/** Smallest row block worth its own concurrent run. */
const MIN_BLOCK_ROWS = 256;

/**
 * DenseBackend on onnxruntime, with the native multinomial kernel when it is built (JS products for tiny problems
 * or when onnxruntime is unavailable).
 */
export const ortDenseBackend: DenseBackend = (X, n, d, target) => denseProducts(X, n, d, target, true);

/** The onnxruntime path alone, never the native kernel (its fallback; tests and the bench compare the two). */
export const ortSessionDenseBackend: DenseBackend = (X, n, d, target) => denseProducts(X, n, d, target, false);

async function denseProducts(
  X: Float64Array,
  n: number,
  d: number,
  target: { y: Int32Array; k: number } | undefined,
  useNative: boolean,
): Promise<DenseProducts> {
  const js: DenseProducts = plainDenseProducts(X, n, d);
  // The solver's two-loop recursion natively too (same bits), except on the onnxruntime-only path.
  const twoLoop = useNative ? loadTwoLoop() : undefined;
  if (twoLoop) js.twoLoop = twoLoop;
  const ort = await tryLoadOrt();
  const s = await getSessions();
  if (!ort || !s) return js;
  const xt = new ort.Tensor('float64', X, [n, d]);
  const products: DenseProducts = {
    twoLoop,
    async forward(W, k, out) {
      if (n * d * k < MIN_WORK) return js.forward(W, k, out);
      const r = new ort.Tensor('float64', out.subarray(0, n * k), [n, k]);
      await s.forward.run({ X: xt, W: new ort.Tensor('float64', W, [d, k]) }, { R: r });
    },
    async backward(P, k, out) {
      if (n * d * k < MIN_WORK) return js.backward(P, k, out);
      const g = new ort.Tensor('float64', out.subarray(0, d * k), [d, k]);
      await s.backward.run({ X: xt, P: new ort.Tensor('float64', P.subarray(0, n * k), [n, k]) }, { G: g });
    },
  };
  const native = useNative ? loadLogistic() : undefined;
  if (native && target && target.k > 2 && n * d * target.k >= MIN_WORK) {
    const { y, k } = target;
    const threads = n * d * k >= NATIVE_THREAD_WORK ? availableParallelism() : 1;
    products.multinomial = async (W, b, scale, gw, bsum) => native.multinomial(X, n, d, W, b, y, k, scale, gw, bsum, threads);
  } else if (target && target.k > 2 && n * d * target.k >= MIN_WORK) {
    const k = target.k;
    const onehot = new Float64Array(n * k);
    for (let i = 0; i < n; i++) onehot[i * k + target.y[i]!] = 1;
    const parts = Math.max(1, Math.min(availableParallelism(), Math.floor(n / MIN_BLOCK_ROWS)));
    const axes = {
      A0: new ort.Tensor('int64', BigInt64Array.from([0n]), [1]),
      A1: new ort.Tensor('int64', BigInt64Array.from([1n]), [1]),
      A01: new ort.Tensor('int64', BigInt64Array.from([0n, 1n]), [2]),
    };
    // Row blocks with their own inputs and output buffers.
    const blocks = Array.from({ length: parts }, (_, p) => {
      const r0 = Math.floor((p * n) / parts);
      const r1 = Math.floor(((p + 1) * n) / parts);
      const rows = r1 - r0;
      const loss = new Float64Array(1);
      const g = new Float64Array(d * k);
      const bs = new Float64Array(k);
      return {
        X: new ort.Tensor('float64', X.subarray(r0 * d, r1 * d), [rows, d]),
        Y: new ort.Tensor('float64', onehot.subarray(r0 * k, r1 * k), [rows, k]),
        loss,
        g,
        bs,
        fetches: {
          L: new ort.Tensor('float64', loss, []),
          G: new ort.Tensor('float64', g, [d, k]),
          BS: new ort.Tensor('float64', bs, [k]),
        },
      };
    });
    products.multinomial = async (W, b, scale, gw, bsum) => {
      const wt = new ort.Tensor('float64', W, [d, k]);
      const bt = new ort.Tensor('float64', b, [k]);
      const st = new ort.Tensor('float64', Float64Array.of(scale), [1]);
      // Every output is preallocated: with a partial fetch list an unlisted output comes back unset.
      await Promise.all(blocks.map((blk) => s.multinomial.run({ X: blk.X, W: wt, B: bt, Y: blk.Y, S: st, ...axes }, blk.fetches)));
      gw.set(blocks[0]!.g);
      bsum.set(blocks[0]!.bs);
      let loss = blocks[0]!.loss[0]!;
      for (let p = 1; p < blocks.length; p++) {
        const blk = blocks[p]!;
        for (let q = 0; q < gw.length; q++) gw[q] = gw[q]! + blk.g[q]!;
        for (let q = 0; q < k; q++) bsum[q] = bsum[q]! + blk.bs[q]!;
        loss += blk.loss[0]!;
      }
      return loss * scale;
    };
  }
  return products;
}

/** Releases the shared sessions (a later fit creates new ones). */
export async function releaseDenseSessions(): Promise<void> {
  await Promise.all([forwardSession.release(), backwardSession.release(), multinomialSession.release()]);
}
