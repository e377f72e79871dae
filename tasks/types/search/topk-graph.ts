/**
 * The ONNX graph that scores one corpus chunk against all queries and keeps each query's top k:
 *   S = Gemm(Q, D, transB=1)      [q, n]  (Q rows already L2-normalised for cosine, D too)
 *   V, I = TopK(S, K, axis=-1)    [q, k'] sorted descending
 * All dimensions are symbolic, so one session serves every query set, chunk size and k.
 * ONNX TopK breaks ties by the lower index along the axis, which is what we want.
 */
import { DataType, encodeModel } from './onnx-proto.js';

export const TOPK_INPUTS = { queries: 'Q', docs: 'D', k: 'K' } as const;
export const TOPK_OUTPUTS = { scores: 'V', indices: 'I' } as const;

export function buildTopKGraph(): Uint8Array {
  return encodeModel({
    name: 'chunk_topk',
    irVersion: 8,
    opset: 17,
    inputs: [
      { name: 'Q', elemType: DataType.FLOAT, shape: ['q', 'd'] },
      { name: 'D', elemType: DataType.FLOAT, shape: ['n', 'd'] },
      { name: 'K', elemType: DataType.INT64, shape: [1] },
    ],
    outputs: [
      { name: 'V', elemType: DataType.FLOAT, shape: ['q', 'k'] },
      { name: 'I', elemType: DataType.INT32, shape: ['q', 'k'] },
    ],
    nodes: [
      { opType: 'Gemm', inputs: ['Q', 'D'], outputs: ['S'], attrs: { transB: { int: 1 } } },
      { opType: 'TopK', inputs: ['S', 'K'], outputs: ['V', 'I64'], attrs: { axis: { int: -1 }, largest: { int: 1 }, sorted: { int: 1 } } },
      { opType: 'Cast', inputs: ['I64'], outputs: ['I'], attrs: { to: { int: DataType.INT32 } } },
    ],
  });
}
