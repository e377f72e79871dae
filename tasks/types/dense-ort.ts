/**
 * Float64 matrix products for the logistic-regression objective on onnxruntime-node (MLAS DGEMM,
 * multi-threaded): forward R = X @ W and backward G = Xᵀ @ P, with X fed once per fit and outputs written
 * into the caller's buffers. Two tiny graphs with symbolic dimensions serve every fit; sessions are shared.
 * Falls back to the plain-JS products when onnxruntime-node cannot be loaded.
 */
import { availableParallelism } from 'node:os';
import type * as OrtTypes from 'onnxruntime-node';
import { jsDenseProducts, type DenseBackend, type DenseProducts } from '../../metrics/logistic-regression.js';
import { encodeModel } from './search/onnx-proto.js';

const DOUBLE = 11; // onnx.TensorProto.DataType.DOUBLE
const INT64 = 7;

type Ort = typeof OrtTypes;
let ortModule: Promise<Ort | undefined> | undefined;
interface Sessions {
  forward: OrtTypes.InferenceSession;
  backward: OrtTypes.InferenceSession;
  multinomial: OrtTypes.InferenceSession;
}
let sessions: Promise<Sessions | undefined> | undefined;

function loadOrt(): Promise<Ort | undefined> {
  ortModule ??= import('onnxruntime-node').catch(() => undefined);
  return ortModule;
}

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
 * The whole multinomial data term in one run: R = X @ W + b, LS = LogSoftmax(R), L = Σ LS·Y (Y one-hot),
 * D = (exp(LS) - Y)·s, G = Xᵀ @ D, BS = column sums of D. The data loss is -L·s.
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
      { opType: 'LogSoftmax', inputs: ['R'], outputs: ['LS'], attrs: { axis: { int: 1 } } },
      { opType: 'Mul', inputs: ['LS', 'Y'], outputs: ['LY'] },
      { opType: 'ReduceSum', inputs: ['LY', 'A01'], outputs: ['L'], attrs: { keepdims: { int: 0 } } },
      { opType: 'Exp', inputs: ['LS'], outputs: ['P'] },
      { opType: 'Sub', inputs: ['P', 'Y'], outputs: ['PY'] },
      { opType: 'Mul', inputs: ['PY', 'S'], outputs: ['D'] },
      { opType: 'Gemm', inputs: ['X', 'D'], outputs: ['G'], attrs: { transA: { int: 1 } } },
      { opType: 'ReduceSum', inputs: ['D', 'A0'], outputs: ['BS'], attrs: { keepdims: { int: 0 } } },
    ],
  });
}

function getSessions() {
  sessions ??= loadOrt().then(async (ort) => {
    if (!ort) return undefined;
    const opts: OrtTypes.InferenceSession.SessionOptions = {
      intraOpNumThreads: availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    try {
      return {
        forward: await ort.InferenceSession.create(forwardGraph(), opts),
        backward: await ort.InferenceSession.create(backwardGraph(), opts),
        multinomial: await ort.InferenceSession.create(multinomialGraph(), opts),
      };
    } catch {
      return undefined;
    }
  });
  return sessions;
}

/** Below this many multiply-adds per product the JS loops beat a session call. */
const MIN_WORK = 200_000;

/** DenseBackend on onnxruntime (JS products for tiny problems or when onnxruntime is unavailable). */
export const ortDenseBackend: DenseBackend = async (X, n, d, target): Promise<DenseProducts> => {
  const js = jsDenseProducts(X, n, d);
  const ort = await loadOrt();
  const s = await getSessions();
  if (!ort || !s) return js;
  const xt = new ort.Tensor('float64', X, [n, d]);
  const products: DenseProducts = {
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
  if (target && target.k > 2 && n * d * target.k >= MIN_WORK) {
    const k = target.k;
    const onehot = new Float64Array(n * k);
    for (let i = 0; i < n; i++) onehot[i * k + target.y[i]!] = 1;
    const yt = new ort.Tensor('float64', onehot, [n, k]);
    const axes0 = new ort.Tensor('int64', BigInt64Array.from([0n]), [1]);
    const axes01 = new ort.Tensor('int64', BigInt64Array.from([0n, 1n]), [2]);
    const lossBuf = new Float64Array(1);
    products.multinomial = async (W, b, scale, gw, bsum) => {
      const out = await s.multinomial.run(
        {
          X: xt,
          W: new ort.Tensor('float64', W, [d, k]),
          B: new ort.Tensor('float64', b, [k]),
          Y: yt,
          S: new ort.Tensor('float64', Float64Array.of(scale), [1]),
          A0: axes0,
          A01: axes01,
        },
        // Every output is preallocated: with a partial fetch list the unlisted output comes back unset.
        { L: new ort.Tensor('float64', lossBuf, []), G: new ort.Tensor('float64', gw, [d, k]), BS: new ort.Tensor('float64', bsum, [k]) },
      );
      void out;
      return -lossBuf[0]! * scale;
    };
  }
  return products;
};

/** Releases the shared sessions (a later fit creates new ones). */
export async function releaseDenseSessions(): Promise<void> {
  const s = await sessions;
  sessions = undefined;
  if (s) await Promise.all([s.forward.release(), s.backward.release(), s.multinomial.release()]);
}
