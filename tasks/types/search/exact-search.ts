/**
 * Exact top-k search that streams the corpus: each chunk is scored against all queries and only
 * each query's top k survive, so the full Q x N score matrix never exists. The math (GEMM + TopK)
 * runs in onnxruntime-node on a tiny graph built in memory (see topk-graph.ts).
 *
 * Ties: on equal scores the lower document index ranks first (inside a chunk by ONNX TopK's rule,
 * across chunks by the merge), so results do not depend on chunking or on the chunk order.
 * Cosine: both sides are L2-normalised in float32 first (torch's normalize, as mteb does).
 * Empty result slots (k > N) hold index -1 and score -Infinity.
 */
import { availableParallelism } from 'node:os';
import type * as OrtTypes from 'onnxruntime-node';
import type { Matrix } from '../../../core/matrix.js';
import { EvaluationError } from '../../../core/errors.js';
import { l2NormalizeRowsInto } from './normalize.js';
import { RunningTopK } from './topk-merge.js';
import { buildTopKGraph, TOPK_INPUTS, TOPK_OUTPUTS } from './topk-graph.js';

export interface TopKResult {
  queries: number;
  k: number;
  /** [queries*k], doc index (offset-based), -1 = empty */
  indices: Int32Array;
  /** same layout, descending per query */
  scores: Float32Array;
}

export interface TopKSearcher {
  addChunk(docs: Matrix, offset: number): Promise<void>;
  finish(): TopKResult;
  dispose(): Promise<void>;
}

export interface SearchOptions {
  k: number;
  similarity: 'cosine' | 'dot';
  /**
   * Largest number of docs scored in one ORT call (larger addChunk inputs are split). Default: enough
   * rows for a ~64 MB score block, between 1024 and 65536.
   */
  maxRowsPerCall?: number;
}

type Ort = typeof OrtTypes;
let ortModule: Promise<Ort> | undefined;
let sharedSession: Promise<OrtTypes.InferenceSession> | undefined;

function loadOrt(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node');
  return ortModule;
}

/** One session serves every searcher: the graph has only symbolic dimensions and ORT's Run is thread-safe. */
function getSession(): Promise<OrtTypes.InferenceSession> {
  sharedSession ??= loadOrt().then((ort) =>
    ort.InferenceSession.create(buildTopKGraph(), {
      intraOpNumThreads: availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // The arena keeps the (bounded) score block between runs instead of faulting in fresh pages each call.
      enableCpuMemArena: true,
    }),
  );
  return sharedSession;
}

/** Releases the shared ORT session (a later search creates a new one). */
export async function releaseSearchSession(): Promise<void> {
  const s = sharedSession;
  sharedSession = undefined;
  if (s) await (await s).release();
}

const SCORE_BLOCK_BYTES = 64 * 1024 * 1024;

export async function createSearcher(queries: Matrix, opts: SearchOptions): Promise<TopKSearcher> {
  const { similarity } = opts;
  const k = opts.k;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  if (similarity !== 'cosine' && similarity !== 'dot') throw new RangeError(`unknown similarity "${String(similarity)}"`);
  checkFinite(queries, 'query');
  const q = queries.rows;
  const dim = queries.cols;
  const qData = similarity === 'cosine' ? new Float32Array(queries.data.length) : queries.data;
  if (similarity === 'cosine') l2NormalizeRowsInto(queries.data, q, dim, qData);
  const maxRows =
    opts.maxRowsPerCall ?? Math.min(65536, Math.max(1024, Math.floor(SCORE_BLOCK_BYTES / 4 / Math.max(1, q))));
  const running = new RunningTopK(q, k);
  const active = q > 0 && k > 0 && dim > 0;
  const ort = active ? await loadOrt() : undefined;
  const session = active ? await getSession() : undefined;
  const qTensor = ort ? new ort.Tensor('float32', qData, [q, dim]) : undefined;
  let normBuf: Float32Array | undefined;
  let disposed = false;

  async function scoreBlock(docs: Float32Array, rows: number, offset: number): Promise<void> {
    let d = docs;
    if (similarity === 'cosine') {
      if (!normBuf || normBuf.length < rows * dim) normBuf = new Float32Array(rows * dim);
      d = normBuf.subarray(0, rows * dim);
      l2NormalizeRowsInto(docs, rows, dim, d);
    }
    const kc = Math.min(k, rows);
    const out = await session!.run({
      [TOPK_INPUTS.queries]: qTensor!,
      [TOPK_INPUTS.docs]: new ort!.Tensor('float32', d, [rows, dim]),
      [TOPK_INPUTS.k]: new ort!.Tensor('int64', BigInt64Array.of(BigInt(kc)), [1]),
    });
    const vals = out[TOPK_OUTPUTS.scores]!.data as Float32Array;
    const idx = out[TOPK_OUTPUTS.indices]!.data as Int32Array;
    running.merge(vals, idx, kc, offset);
  }

  return {
    async addChunk(docs: Matrix, offset: number): Promise<void> {
      if (disposed) throw new Error('searcher was disposed');
      if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`chunk offset must be a non-negative integer, got ${offset}`);
      if (docs.rows === 0) return;
      if (docs.cols !== dim) {
        throw new EvaluationError(`document vectors have ${docs.cols} dimensions but query vectors have ${dim}`, {
          row: offset,
          hint: 'queries and documents must be encoded by the same model',
        });
      }
      if (offset + docs.rows > 2 ** 31 - 1) throw new RangeError('document index exceeds int32');
      checkFinite(docs, 'document', offset);
      if (!active) return;
      for (let start = 0; start < docs.rows; start += maxRows) {
        const rows = Math.min(maxRows, docs.rows - start);
        await scoreBlock(docs.data.subarray(start * dim, (start + rows) * dim), rows, offset + start);
      }
    },
    finish(): TopKResult {
      return { queries: q, k, indices: running.indices.slice(), scores: running.scores.slice() };
    },
    async dispose(): Promise<void> {
      disposed = true;
      normBuf = undefined;
    },
  };
}

function checkFinite(m: Matrix, what: string, offset = 0): void {
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      const row = Math.floor(i / Math.max(1, m.cols));
      throw new EvaluationError(`${what} vector ${offset + row} has a non-finite value (${d[i]}) at dimension ${i % m.cols}`, {
        row: offset + row,
        hint: 'the model produced NaN or infinite embeddings',
      });
    }
  }
}
