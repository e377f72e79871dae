/**
 * Exact top-k search that streams the corpus: each chunk is scored against all queries and only
 * each query's top k survive, so the full Q x N score matrix never exists (one block of at most
 * ~64 MB of scores, double-buffered). The GEMM runs in onnxruntime-node on a tiny graph built in
 * memory (score-graph.ts); the top-k selection runs in JS on the previous block meanwhile (block-scan.ts).
 *
 * Ties: on equal scores the lower document index ranks first, so results do not depend on chunking
 * or on the chunk order.
 * Cosine: queries are L2-normalised in float32 (torch's normalize, as mteb does); document rows go to the
 * GEMM as they are (no copy) and each score is scaled by the document's 1/||d|| during selection.
 * Empty result slots (k > N) hold index -1 and score -Infinity.
 */
import { availableParallelism } from 'node:os';
import type * as OrtTypes from 'onnxruntime-node';
import { createMatrix, type Matrix } from '../../../core/matrix.js';
import { EvaluationError } from '../../../core/errors.js';
import { l2NormalizeRowsInto } from './normalize.js';
import { RunningTopK } from './topk-merge.js';
import { BlockScanner } from './block-scan.js';
import { buildScoreGraph, GRAPH_INPUTS, GRAPH_OUTPUT } from './score-graph.js';

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
    ort.InferenceSession.create(buildScoreGraph(), {
      intraOpNumThreads: availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Reuse ORT's work buffers between runs (the score block itself is a preallocated JS buffer).
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
  const scanner = new BlockScanner(running);
  const active = q > 0 && k > 0 && dim > 0;
  const ort = active ? await loadOrt() : undefined;
  const session = active ? await getSession() : undefined;
  const qTensor = ort ? new ort.Tensor('float32', qData, [q, dim]) : undefined;
  // Two score buffers: ORT fills one block while JS selects from the other.
  const slots: Float32Array[] = [];
  let disposed = false;

  /** GEMM of the queries with raw document rows (a view, no copy) into a preallocated score block. */
  function startBlock(slot: number, docs: Float32Array, rows: number): Promise<unknown> {
    let buf = slots[slot];
    if (!buf || buf.length < q * rows) slots[slot] = buf = new Float32Array(q * Math.min(maxRows, Math.max(rows, 1)));
    const out = new ort!.Tensor('float32', buf.subarray(0, q * rows), [q, rows]);
    return session!.run({ [GRAPH_INPUTS.queries]: qTensor!, [GRAPH_INPUTS.docs]: new ort!.Tensor('float32', docs, [rows, dim]) }, { [GRAPH_OUTPUT]: out });
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
      if (!active) {
        checkFinite(docs, 'document', offset);
        return;
      }
      const blocks: [number, number][] = [];
      for (let start = 0; start < docs.rows; start += maxRows) blocks.push([start, Math.min(maxRows, docs.rows - start)]);
      const view = (b: [number, number]) => docs.data.subarray(b[0] * dim, (b[0] + b[1]) * dim);
      let pending = startBlock(0, view(blocks[0]!), blocks[0]![1]);
      // While the first GEMM runs: validate the whole chunk (before anything is merged) and get 1/||doc||.
      let inv: Float64Array;
      try {
        inv = inverseRowNorms(docs, offset);
      } catch (e) {
        await pending.catch(() => undefined);
        throw e;
      }
      for (let i = 0; i < blocks.length; i++) {
        await pending;
        const [start, rows] = blocks[i]!;
        if (i + 1 < blocks.length) pending = startBlock((i + 1) % 2, view(blocks[i + 1]!), blocks[i + 1]![1]);
        scanner.scan(slots[i % 2]!, q, rows, offset + start, similarity === 'cosine' ? inv.subarray(start, start + rows) : undefined);
      }
    },
    finish(): TopKResult {
      return { queries: q, k, indices: running.indices.slice(), scores: running.scores.slice() };
    },
    async dispose(): Promise<void> {
      disposed = true;
      slots.length = 0;
    },
  };
}

/**
 * 1 / max(||row||, 1e-12) per row (torch normalize's denominator, norm accumulated in float64 and rounded
 * to float32), and the finiteness check of every value in one pass.
 */
function inverseRowNorms(m: Matrix, offset: number): Float64Array {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let c = r * cols, e = c + cols; c < e; c++) ss += data[c]! * data[c]!;
    // float32 squares cannot overflow float64, so a non-finite sum means a non-finite value.
    if (!Number.isFinite(ss)) checkFinite(createMatrix(1, cols, data.subarray(r * cols, (r + 1) * cols)), 'document', offset + r);
    out[r] = 1 / Math.fround(Math.max(Math.sqrt(ss), 1e-12));
  }
  return out;
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
