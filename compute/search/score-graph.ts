/**
 * The ONNX graphs that score one corpus block against all queries, [q, n] row-major:
 *   cosine: Dn = D / max(ReduceL2(D, axis 1), EPS)  (torch normalize), S = Gemm(Q, Dn, transB=1)
 *   dot:    S = Gemm(Q, D, transB=1)
 * Grouped variants also output M = ReduceMax(Reshape(S, [q, n/G, G]), axis 2): the maximum of every
 * G consecutive scores, so the JS top-k selection (block-scan.ts) can skip whole groups below a query's
 * running threshold instead of reading every score (an ONNX TopK node costs a large share of the GEMM time;
 * docs/performance.md).
 * All dimensions are symbolic; Q arrives normalized for cosine. The caller preallocates S and M.
 */
import { DataType, encodeModel, type NodeSpec, type ValueInfo } from '../ort/onnx-proto.js';

/** Scores per group maximum. */
export const GROUP = 16;
export const GRAPH_INPUTS = {
  queries: 'Q',
  docs: 'D',
  eps: 'EPS',
  groupShape: 'GSHAPE',
  thresholds: 'T',
  /** max(||d||, EPS) per document row, [n, 1], for graphs built with `norms` */
  docNorms: 'DNE',
} as const;
export const GRAPH_OUTPUTS = { scores: 'S', groupMax: 'M', candidates: 'NZ', candidateScores: 'CS', norms: 'DN' } as const;

/**
 * The candidate graph: the same scores S (same nodes, so the same bits), but only the groups of G
 * consecutive scores that can still enter a query's top k leave ORT. This avoids onnxruntime-node copying
 * the whole [q, n] block into a fresh JS buffer on every run (that copy and its page faults cost about half
 * as much as the GEMM), and NonZero scans n/G group flags instead of n scores (NonZero is single-threaded).
 *   T  = each query's running k-th score (a lower bound of its final k-th score; used once lists are full)
 *   M  = group maxima of S; a group passes unless M < T (equal scores pass: an equal score with a lower
 *        index can still enter; a NaN maximum passes, so the selection decides, as in the grouped scan)
 *   NZ = int32 [2, c]: (query, group) of every passing group, row-major; CS = [c, G] their scores.
 * Needs n to be a multiple of G.
 */
export function buildCandidateGraph(opts: { cosine: boolean; norms?: boolean }): Uint8Array {
  const inputs: ValueInfo[] = [
    { name: 'Q', elemType: DataType.FLOAT, shape: ['q', 'd'] },
    { name: 'D', elemType: DataType.FLOAT, shape: ['n', 'd'] },
    { name: 'GSHAPE', elemType: DataType.INT64, shape: [3] },
    { name: 'T', elemType: DataType.FLOAT, shape: ['q', 1] },
  ];
  const nodes: NodeSpec[] = [];
  const docs = opts.cosine ? cosineNodes(inputs, nodes, opts.norms === true) : 'D';
  nodes.push(
    { opType: 'Gemm', inputs: ['Q', docs], outputs: ['S'], attrs: { transB: { int: 1 } } },
    { opType: 'Reshape', inputs: ['S', 'GSHAPE'], outputs: ['S3'] },
    { opType: 'ReduceMax', inputs: ['S3'], outputs: ['M'], attrs: { axes: { ints: [2] }, keepdims: { int: 0 } } },
    { opType: 'Less', inputs: ['M', 'T'], outputs: ['BELOW'] },
    { opType: 'Not', inputs: ['BELOW'], outputs: ['PASS'] },
    { opType: 'NonZero', inputs: ['PASS'], outputs: ['NZ64'] },
    { opType: 'Cast', inputs: ['NZ64'], outputs: ['NZ'], attrs: { to: { int: DataType.INT32 } } },
    { opType: 'Transpose', inputs: ['NZ64'], outputs: ['NZT'] },
    { opType: 'GatherND', inputs: ['S3', 'NZT'], outputs: ['CS'] },
  );
  const outputs: ValueInfo[] = [
    { name: 'NZ', elemType: DataType.INT32, shape: [2, 'c'] },
    { name: 'CS', elemType: DataType.FLOAT, shape: ['c', GROUP] },
  ];
  return encodeModel({ name: 'block_candidates', irVersion: 8, opset: 17, inputs, outputs, nodes });
}

export function buildScoreGraph(opts: { cosine: boolean; grouped: boolean; norms?: boolean }): Uint8Array {
  const inputs: ValueInfo[] = [
    { name: 'Q', elemType: DataType.FLOAT, shape: ['q', 'd'] },
    { name: 'D', elemType: DataType.FLOAT, shape: ['n', 'd'] },
  ];
  const outputs: ValueInfo[] = [{ name: 'S', elemType: DataType.FLOAT, shape: ['q', 'n'] }];
  const nodes: NodeSpec[] = [];
  const docs = opts.cosine ? cosineNodes(inputs, nodes, opts.norms === true) : 'D';
  nodes.push({ opType: 'Gemm', inputs: ['Q', docs], outputs: ['S'], attrs: { transB: { int: 1 } } });
  if (opts.grouped) {
    inputs.push({ name: 'GSHAPE', elemType: DataType.INT64, shape: [3] });
    nodes.push(
      { opType: 'Reshape', inputs: ['S', 'GSHAPE'], outputs: ['S3'] },
      { opType: 'ReduceMax', inputs: ['S3'], outputs: ['M'], attrs: { axes: { ints: [2] }, keepdims: { int: 0 } } },
    );
    outputs.push({ name: 'M', elemType: DataType.FLOAT, shape: ['q', 'g'] });
  }
  return encodeModel({ name: 'block_scores', irVersion: 8, opset: 17, inputs, outputs, nodes });
}

/**
 * Cosine normalization of the documents, DU = D / max(ReduceL2(D, axis 1), EPS) (torch normalize): the
 * nodes, or with `norms` only the Div, the caller feeding DNE = max(ReduceL2(D), EPS) computed by
 * buildNormGraph (the same ReduceL2 node; Max is exact, so JS computes it). Returns DU's name.
 */
function cosineNodes(inputs: ValueInfo[], nodes: NodeSpec[], norms: boolean): string {
  if (norms) {
    inputs.push({ name: 'DNE', elemType: DataType.FLOAT, shape: ['n', 1] });
  } else {
    inputs.push({ name: 'EPS', elemType: DataType.FLOAT, shape: [1] });
    nodes.push(
      { opType: 'ReduceL2', inputs: ['D'], outputs: ['DN'], attrs: { axes: { ints: [1] }, keepdims: { int: 1 } } },
      { opType: 'Max', inputs: ['DN', 'EPS'], outputs: ['DNE'] },
    );
  }
  nodes.push({ opType: 'Div', inputs: ['D', 'DNE'], outputs: ['DU'] });
  return 'DU';
}

/**
 * DN = ReduceL2(D, axis 1) [n, 1]: the documents' L2 norms, for a whole chunk at once. They also check
 * finiteness: a NaN or infinite value makes its row's norm non-finite (a finite row can only overflow to
 * Infinity, which the caller re-checks value by value).
 */
export function buildNormGraph(): Uint8Array {
  const inputs: ValueInfo[] = [{ name: 'D', elemType: DataType.FLOAT, shape: ['n', 'd'] }];
  const nodes: NodeSpec[] = [{ opType: 'ReduceL2', inputs: ['D'], outputs: ['DN'], attrs: { axes: { ints: [1] }, keepdims: { int: 1 } } }];
  const outputs: ValueInfo[] = [{ name: 'DN', elemType: DataType.FLOAT, shape: ['n', 1] }];
  return encodeModel({ name: 'doc_norms', irVersion: 8, opset: 17, inputs, outputs, nodes });
}
