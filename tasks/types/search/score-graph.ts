/**
 * The ONNX graph that scores one corpus chunk against all queries: S = Gemm(Q, D, transB=1), [q, n].
 * All dimensions are symbolic, so one session serves every query set and chunk size. The caller
 * passes a preallocated output, so ORT writes the scores straight into a reused JS buffer, and the
 * per-query top-k is selected in JS with a running threshold (block-scan.ts) while ORT computes the
 * next block. (An ONNX TopK node costs more than the GEMM's remaining share on CPU, measured.)
 */
import { DataType, encodeModel } from './onnx-proto.js';

export const GRAPH_INPUTS = { queries: 'Q', docs: 'D' } as const;
export const GRAPH_OUTPUT = 'S';

export function buildScoreGraph(): Uint8Array {
  return encodeModel({
    name: 'chunk_scores',
    irVersion: 8,
    opset: 17,
    inputs: [
      { name: 'Q', elemType: DataType.FLOAT, shape: ['q', 'd'] },
      { name: 'D', elemType: DataType.FLOAT, shape: ['n', 'd'] },
    ],
    outputs: [{ name: 'S', elemType: DataType.FLOAT, shape: ['q', 'n'] }],
    nodes: [{ opType: 'Gemm', inputs: ['Q', 'D'], outputs: ['S'], attrs: { transB: { int: 1 } } }],
  });
}
