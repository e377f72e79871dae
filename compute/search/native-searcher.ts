/**
 * The native path: each chunk goes to the addon (compute/native/topk-gemm.ts) in one call, which checks
 * every row and scores and merges it on every core (queries split between threads); the lists are sorted once,
 * in finish(). Same tie rule and
 * empty slots as ORT; scores may differ from it in the last bits (summation order).
 */
import { availableParallelism } from 'node:os';
import type { Matrix } from '../../core/matrix.js';
import type { NativeKernel } from '../native/topk-gemm.js';
import { checkChunk, checkFiniteRow } from './checks.js';
import type { PreparedQueries, TopKResult, TopKSearcher } from './types.js';

export interface NativeSearcherOptions {
  kernel: NativeKernel;
}

export function createNativeSearcher(queries: PreparedQueries, opts: NativeSearcherOptions): TopKSearcher {
  const { data: qData, q, dim, k, cosine } = queries;
  const kern = opts.kernel;
  const scores = new Float32Array(q * k).fill(-Infinity);
  const indices = new Int32Array(q * k).fill(-1);
  const threads = availableParallelism();
  let disposed = false;
  return {
    async addChunk(docs: Matrix, offset: number): Promise<void> {
      if (disposed) throw new Error('searcher was disposed');
      if (!checkChunk(docs, offset, dim)) return;
      const bad = kern.scoreBlock(qData, q, dim, docs.data, docs.rows, offset, cosine, scores, indices, k, threads);
      if (bad >= 0) checkFiniteRow(docs.data, dim, bad, 'document', offset);
    },
    finish(): TopKResult {
      kern.sortLists?.(scores, indices, q, k, threads);
      return { queries: q, k, indices: indices.slice(), scores: scores.slice() };
    },
    async dispose(): Promise<void> {
      disposed = true;
    },
  };
}
