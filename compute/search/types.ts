import type { Matrix } from '../../core/matrix.js';

export interface TopKResult {
  queries: number;
  k: number;
  /** [queries*k], doc index (offset-based), -1 = empty */
  indices: Int32Array;
  /** same layout, descending per query */
  scores: Float32Array;
}

/** One search: the corpus arrives in chunks (any order), each with the index of its first row. */
export interface TopKSearcher {
  addChunk(docs: Matrix, offset: number): Promise<void>;
  finish(): TopKResult;
  dispose(): Promise<void>;
}

/** The queries as every searcher takes them: validated, and L2-normalized for cosine. */
export interface PreparedQueries {
  /** q × dim, row-major (a normalized copy for cosine, the caller's data for dot). */
  data: Float32Array;
  q: number;
  dim: number;
  k: number;
  cosine: boolean;
}
