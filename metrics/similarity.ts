import type { Matrix } from '../core/matrix.js';
import { einsumDot32, NEAR_ZERO_NORM_32 } from './numpy-float32.js';
import { pairwiseSum32 } from './pairwise-sum.js';

/**
 * Pairwise (row i of A with row i of B) and matrix similarities, computed in float64 from float32 embeddings.
 * Names follow sklearn / mteb:
 * - pairedCosine = 1 - sklearn paired_cosine_distances = 1 - ½‖x̂ − ŷ‖², where sklearn's normalize leaves
 *   zero and near-zero rows (norm < 10·eps) unscaled; computed in float32 exactly as numpy does it (see
 *   numpy-float32.ts), because on tie-heavy inputs (zero vectors) the last bit decides the ranks;
 * - pairwiseCosine = mteb's model similarity (torch normalize with eps 1e-12, then dot): zero rows score 0;
 * - pairedManhattan / pairedEuclidean = sklearn's L1 / L2 paired distances, float32 as numpy computes them;
 * - pairedDot = row dot product (float64, then rounded to float32 by the evaluators).
 */

function checkShapes(a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`paired similarity needs equal shapes, got ${a.rows}x${a.cols} and ${b.rows}x${b.cols}`);
  }
}

/** L2 norm of each row (float64). */
export function rowNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const d = m.data;
  const c = m.cols;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * c;
    for (let k = 0; k < c; k++) {
      const v = d[o + k]!;
      s += v * v;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** Rows scaled to unit L2 norm (float32 copy); zero rows stay zero (sklearn normalize). */
export function l2Normalize(m: Matrix): Matrix {
  const norms = rowNorms(m);
  const out = new Float32Array(m.data.length);
  const c = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const nrm = norms[i]! === 0 ? 1 : norms[i]!;
    const o = i * c;
    for (let k = 0; k < c; k++) out[o + k] = m.data[o + k]! / nrm;
  }
  return { rows: m.rows, cols: c, data: out };
}

export function pairedCosine(a: Matrix, b: Matrix): Float64Array {
  checkShapes(a, b);
  const out = new Float64Array(a.rows);
  const scratch = new Float32Array(3 * a.cols);
  for (let i = 0; i < a.rows; i++) out[i] = sklearnCosine32(a.data, b.data, i * a.cols, a.cols, scratch);
  return out;
}

/** sklearn normalize (l2) of one float32 row into `dst`: norm = sqrt(einsum), near-zero norms replaced by 1. */
function normalizeRow32(src: Float32Array, o: number, n: number, dst: Float32Array, d: number): void {
  let norm = Math.fround(Math.sqrt(einsumDot32(src, o, src, o, n)));
  if (norm < NEAR_ZERO_NORM_32) norm = 1;
  for (let k = 0; k < n; k++) dst[d + k] = src[o + k]! / norm;
}

/** 1 - sklearn paired_cosine_distances for one row pair: 1 - 0.5·row_norms(normalize(x) - normalize(y))², float32. */
function sklearnCosine32(da: Float32Array, db: Float32Array, o: number, n: number, scratch: Float32Array): number {
  normalizeRow32(da, o, n, scratch, 0);
  normalizeRow32(db, o, n, scratch, n);
  for (let k = 0; k < n; k++) scratch[2 * n + k] = scratch[k]! - scratch[n + k]!;
  return Math.fround(1 - Math.fround(0.5 * einsumDot32(scratch, 2 * n, scratch, 2 * n, n)));
}

/** sklearn paired_manhattan_distances for one row pair: np.abs(x - y).sum(axis=-1), float32. */
function sklearnManhattan32(da: Float32Array, db: Float32Array, o: number, n: number, scratch: Float32Array): number {
  for (let k = 0; k < n; k++) scratch[k] = Math.abs(da[o + k]! - db[o + k]!);
  return pairwiseSum32(scratch, 0, n);
}

/** sklearn paired_euclidean_distances for one row pair: row_norms(x - y) = sqrt(einsum), float32. */
function sklearnEuclidean32(da: Float32Array, db: Float32Array, o: number, n: number, scratch: Float32Array): number {
  for (let k = 0; k < n; k++) scratch[k] = da[o + k]! - db[o + k]!;
  return Math.fround(Math.sqrt(einsumDot32(scratch, 0, scratch, 0, n)));
}

export function pairwiseCosine(a: Matrix, b: Matrix): Float64Array {
  checkShapes(a, b);
  const na = rowNorms(a);
  const nb = rowNorms(b);
  const out = new Float64Array(a.rows);
  const c = a.cols;
  const da = a.data;
  const db = b.data;
  for (let i = 0; i < a.rows; i++) {
    // Normalize first, then dot (torch's order), so near-ties round the way mteb's do.
    const sa = Math.max(na[i]!, 1e-12);
    const sb = Math.max(nb[i]!, 1e-12);
    let s = 0;
    const o = i * c;
    for (let k = 0; k < c; k++) s += (da[o + k]! / sa) * (db[o + k]! / sb);
    out[i] = s;
  }
  return out;
}

/**
 * Rounds scores to float32, the dtype mteb's score vectors have (sklearn/torch compute in the embedding dtype).
 * Threshold scans and AP depend on ties, and float32 rounding decides which scores tie.
 */
export function toEmbeddingDtype(scores: Float64Array): Float64Array {
  for (let i = 0; i < scores.length; i++) scores[i] = Math.fround(scores[i]!);
  return scores;
}

export function pairedDot(a: Matrix, b: Matrix): Float64Array {
  checkShapes(a, b);
  const out = new Float64Array(a.rows);
  const c = a.cols;
  const da = a.data;
  const db = b.data;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const o = i * c;
    for (let k = 0; k < c; k++) s += da[o + k]! * db[o + k]!;
    out[i] = s;
  }
  return out;
}

export function pairedManhattan(a: Matrix, b: Matrix): Float64Array {
  checkShapes(a, b);
  const out = new Float64Array(a.rows);
  const scratch = new Float32Array(a.cols);
  for (let i = 0; i < a.rows; i++) out[i] = sklearnManhattan32(a.data, b.data, i * a.cols, a.cols, scratch);
  return out;
}

export function pairedEuclidean(a: Matrix, b: Matrix): Float64Array {
  checkShapes(a, b);
  const out = new Float64Array(a.rows);
  const scratch = new Float32Array(a.cols);
  for (let i = 0; i < a.rows; i++) out[i] = sklearnEuclidean32(a.data, b.data, i * a.cols, a.cols, scratch);
  return out;
}

export interface PairedScores {
  /** 1 - sklearn paired_cosine_distances. */
  cosine: Float64Array;
  /** mteb's model cosine (normalize with eps 1e-12, then dot). */
  modelCosine: Float64Array;
  dot: Float64Array;
  manhattan: Float64Array;
  euclidean: Float64Array;
}

/** The five score vectors of n pairs, zero-filled. */
export function emptyPairedScores(n: number): PairedScores {
  return {
    cosine: new Float64Array(n),
    modelCosine: new Float64Array(n),
    dot: new Float64Array(n),
    manhattan: new Float64Array(n),
    euclidean: new Float64Array(n),
  };
}

/**
 * All paired scores, row by row: sklearn's three distances in float32 as numpy computes them, mteb's model cosine
 * and the dot product in float64 (one pass; the evaluators round those to float32).
 */
export function pairedAll(a: Matrix, b: Matrix): PairedScores {
  checkShapes(a, b);
  const n = a.rows;
  const c = a.cols;
  const da = a.data;
  const db = b.data;
  const out = emptyPairedScores(n);
  const scratch = new Float32Array(3 * c);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    let aa = 0;
    let bb = 0;
    const o = i * c;
    for (let k = 0; k < c; k++) {
      const x = da[o + k]!;
      const y = db[o + k]!;
      dot += x * y;
      aa += x * x;
      bb += y * y;
    }
    out.modelCosine[i] = dot / (Math.max(Math.sqrt(aa), 1e-12) * Math.max(Math.sqrt(bb), 1e-12));
    out.dot[i] = dot;
    out.cosine[i] = sklearnCosine32(da, db, o, c, scratch);
    out.manhattan[i] = sklearnManhattan32(da, db, o, c, scratch);
    out.euclidean[i] = sklearnEuclidean32(da, db, o, c, scratch);
  }
  return out;
}

export type SimilarityFn = 'cosine' | 'dot';

/** Model pairwise similarity as mteb's similarity_pairwise: cosine (default) or dot. */
export function pairedSimilarity(a: Matrix, b: Matrix, fn: SimilarityFn = 'cosine'): Float64Array {
  return fn === 'dot' ? pairedDot(a, b) : pairwiseCosine(a, b);
}

/**
 * Full similarity matrix (a.rows x b.rows, row-major float64) for small chunks, e.g. 100 queries against a
 * corpus. Cosine normalizes rows first (torch normalize semantics: zero rows give 0).
 */
export function similarityMatrix(a: Matrix, b: Matrix, fn: SimilarityFn = 'cosine'): Float64Array {
  if (a.cols !== b.cols) throw new RangeError(`similarity needs equal dimensions, got ${a.cols} and ${b.cols}`);
  const c = a.cols;
  const out = new Float64Array(a.rows * b.rows);
  const na = fn === 'cosine' ? rowNorms(a).map((v) => Math.max(v, 1e-12)) : undefined;
  const nb = fn === 'cosine' ? rowNorms(b).map((v) => Math.max(v, 1e-12)) : undefined;
  const da = a.data;
  const db = b.data;
  const m = b.rows;
  for (let i = 0; i < a.rows; i++) {
    const oa = i * c;
    const oo = i * m;
    let j = 0;
    // Four corpus rows per pass: each query value is loaded once for four dot products.
    for (; j + 4 <= m; j += 4) {
      const o0 = j * c;
      const o1 = o0 + c;
      const o2 = o1 + c;
      const o3 = o2 + c;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < c; k++) {
        const x = da[oa + k]!;
        s0 += x * db[o0 + k]!;
        s1 += x * db[o1 + k]!;
        s2 += x * db[o2 + k]!;
        s3 += x * db[o3 + k]!;
      }
      out[oo + j] = s0;
      out[oo + j + 1] = s1;
      out[oo + j + 2] = s2;
      out[oo + j + 3] = s3;
    }
    for (; j < m; j++) {
      const ob = j * c;
      let s0 = 0;
      for (let k = 0; k < c; k++) s0 += da[oa + k]! * db[ob + k]!;
      out[oo + j] = s0;
    }
    if (na && nb) for (let jj = 0; jj < m; jj++) out[oo + jj] = out[oo + jj]! / (na[i]! * nb[jj]!);
  }
  return out;
}

/**
 * Top-1 corpus index per query under the given similarity, scanning queries in chunks so memory stays at
 * chunk x corpus. Scores are rounded to float32 (mteb's torch dtype); ties go to the lowest corpus index
 * (torch.topk's choice on ties is implementation-defined). `bestScores`, when given, receives each query's top score.
 */
export function nearestNeighbors(
  queries: Matrix,
  corpus: Matrix,
  fn: SimilarityFn = 'cosine',
  chunk = 100,
  bestScores?: Float64Array,
  /** Called after each chunk with the queries done so far (a progress display; it cannot change the result). */
  onChunk?: (done: number) => void,
): Int32Array {
  const out = new Int32Array(queries.rows);
  const m = corpus.rows;
  for (let start = 0; start < queries.rows; start += chunk) {
    const end = Math.min(queries.rows, start + chunk);
    const q: Matrix = { rows: end - start, cols: queries.cols, data: queries.data.subarray(start * queries.cols, end * queries.cols) };
    const sims = similarityMatrix(q, corpus, fn);
    for (let i = 0; i < q.rows; i++) {
      let best = -1;
      let bestScore = -Infinity;
      const o = i * m;
      for (let j = 0; j < m; j++) {
        // Compared in float32, the dtype of mteb's similarity scores, so mathematically equal scores tie.
        const v = Math.fround(sims[o + j]!);
        if (v > bestScore) {
          bestScore = v;
          best = j;
        }
      }
      out[start + i] = best;
      if (bestScores) bestScores[start + i] = bestScore;
    }
    onChunk?.(end);
  }
  return out;
}
