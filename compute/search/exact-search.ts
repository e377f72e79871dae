/**
 * Exact top-k search that streams the corpus: each chunk is scored against all queries and only
 * each query's top k survive, so the full Q x N score matrix never exists. Scores come from onnxruntime-node
 * on tiny graphs built in memory (score-graph.ts): GEMM (+ cosine normalisation of the documents) and
 * maxima of every 16 consecutive scores.
 *
 * Native path (default when the optional addon of compute/native/topk-gemm.ts is built with AVX-512): one addon call per chunk
 * checks every row, L2-normalises documents in float32 (cosine), runs a register-tiled FMA GEMM on every
 * core and merges only the scores that reach each query's running k-th score; no score block exists.
 * Same tie rule and empty slots; scores may differ from the ORT paths in the last bits (summation order).
 * The ORT paths below are used when the addon is missing (or with backend 'ort').
 *
 * Two ORT paths, same results bit for bit (same graph nodes, same selection code):
 * - worker path (default with >= 2 cores and >= 64 queries): GEMMs run on this thread in a multi-threaded
 *   session, the top-k selection on a worker thread (scan-thread.ts / scan-worker.ts) while the next GEMM
 *   runs. The first blocks (until every query's list holds k documents) send every score to the worker
 *   (buffers transferred, not copied); after that the candidate graph sends only the 16-score groups that
 *   reach each query's running k-th score, read from the shared lists. That matters because
 *   onnxruntime-node copies every output into a fresh JS buffer (a full score block costs about half a
 *   GEMM in copies and page faults) and runs sessions synchronously on the calling thread.
 * - this-thread path (small searches): two score blocks of ~64 MB, selection (block-scan.ts) of one while
 *   the next is scored, skipping groups below each query's running threshold.
 * ORT runs only on this thread: onnxruntime-node 1.21 aborts when sessions run in two isolates
 * (microsoft/onnxruntime#24486) and rejects tensors over SharedArrayBuffers.
 * Memory (worker path): ORT's 16 MB score block and normalised copy of one block, up to three 16 MB score
 * buffers while lists fill, the running lists (queries x k, shared).
 *
 * Ties: on equal scores the lower document index ranks first, so results do not depend on chunking
 * or on the chunk order.
 * Cosine: both sides are L2-normalised as torch's normalize does (x / max(||x||, 1e-12), as mteb does):
 * queries once in JS, document blocks inside the ORT graph (no JS copy of the corpus). On the worker path
 * the norms of a whole chunk come from one ORT ReduceL2 run first and are fed to the block graphs (same
 * node, same bits); a non-finite norm flags its row, which replaces the JS finiteness pass over every value
 * (~18 ms of a 100k x 384 search, measured).
 * Empty result slots (k > N) hold index -1 and score -Infinity.
 */
import { availableParallelism } from 'node:os';
import type * as OrtTypes from 'onnxruntime-node';
import { createMatrix, type Matrix } from '../../core/matrix.js';
import { EvaluationError } from '../../core/errors.js';
import { l2NormalizeRowsInto } from './normalize.js';
import { RunningTopK } from './topk-merge.js';
import { BlockScanner } from './block-scan.js';
import { buildCandidateGraph, buildNormGraph, buildScoreGraph, GRAPH_INPUTS, GRAPH_OUTPUTS, GROUP } from './score-graph.js';
import { createRemoteScanner, releaseScanWorker } from './scan-thread.js';
import { loadOrt } from '../ort/load.js';
import { loadNativeKernel, type NativeKernel } from '../native/topk-gemm.js';

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
  /**
   * Run the top-k selection on a worker thread (scan-thread.ts) so it overlaps the next block's GEMM.
   * Default: when there are >= 2 cores and >= 64 queries. Results are the same either way.
   */
  selectionWorker?: boolean;
  /**
   * 'native': the addon of compute/native/topk-gemm.ts (fused GEMM + top-k on every core; throws if it is not built);
   * 'ort': the onnxruntime paths below; default: native when the addon loads, else ort.
   */
  backend?: 'native' | 'ort';
}

/** Whether the native backend is available (built and loadable, not switched off). */
export function nativeSearchAvailable(): boolean {
  return loadNativeKernel() !== undefined;
}

/**
 * Whether createSearcher picks the native backend by default: only its AVX-512 kernel, since the generic
 * build (auto-vectorised loops, ~53 GMAC/s measured) is slower than the ORT path (~130) on this machine.
 */
export function nativeSearchIsDefault(): boolean {
  return loadNativeKernel()?.kernel === 'avx512';
}

/** One session per graph variant, shared by every searcher: all dimensions are symbolic and Run is thread-safe. */
const sessions = new Map<string, Promise<OrtTypes.InferenceSession>>();


/** `norms`: cosine graphs fed the documents' norms (worker path); 'norms' alone: the norm graph. */
function getSession(cosine: boolean, grouped: boolean | 'candidates' | 'norms', norms = false): Promise<OrtTypes.InferenceSession> {
  const key = `${cosine ? 'cos' : 'dot'}-${grouped === 'candidates' ? 'c' : grouped === 'norms' ? 'n' : grouped ? 'g' : 'p'}${norms ? '-n' : ''}`;
  let s = sessions.get(key);
  if (!s) {
    const graph =
      grouped === 'norms'
        ? buildNormGraph()
        : grouped === 'candidates'
          ? buildCandidateGraph({ cosine, norms })
          : buildScoreGraph({ cosine, grouped, norms });
    s = loadOrt().then((ort) =>
      ort.InferenceSession.create(graph, {
        intraOpNumThreads: availableParallelism(),
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        // Reuse ORT's work buffers between runs (the score block itself is a preallocated JS buffer).
        enableCpuMemArena: true,
        // Idle pool threads sleep instead of spinning, leaving the core to the JS selection that runs
        // between GEMMs (measured: better CPU efficiency on 2 cores, same wall time unloaded).
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      }),
    );
    sessions.set(key, s);
  }
  return s;
}

/** Releases the shared ORT sessions and the selection worker (a later search creates new ones). */
export async function releaseSearchSession(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of all) await (await s).release();
  await releaseScanWorker();
}

const SCORE_BLOCK_BYTES = 64 * 1024 * 1024;
/** Score buffers in flight with the selection worker (full blocks, used until every list is full). */
const WORKER_BUFFERS = 3;
/**
 * Score block of the worker path (ORT keeps it internally; only candidates leave): small enough to stay in
 * the L3 cache for the group maxima and the gather (measured, 1000 queries: 2k-6k rows ~63 GMAC per
 * CPU-second, 10k rows ~54-60, 25k rows ~39).
 */
const WORKER_SCORE_BLOCK_BYTES = 16 * 1024 * 1024;
const MIN_WORKER_QUERIES = 64;

function blockRows(q: number, bytes: number): number {
  return Math.min(65536, Math.max(1024, Math.floor(bytes / 4 / Math.max(1, q) / GROUP) * GROUP));
}

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
  const active = q > 0 && k > 0 && dim > 0;
  const cosine = similarity === 'cosine';
  const native = opts.backend === 'native' ? loadNativeKernel() : opts.backend === undefined && nativeSearchIsDefault() ? loadNativeKernel() : undefined;
  if (opts.backend === 'native' && !native) throw new Error('the native search backend is not built (npm run build:native)');
  if (active && native) return nativeSearcher(native, qData, q, dim, k, cosine);
  if (active && (opts.selectionWorker ?? (availableParallelism() >= 2 && q >= MIN_WORKER_QUERIES))) {
    const maxRows = opts.maxRowsPerCall ?? blockRows(q, WORKER_SCORE_BLOCK_BYTES);
    return workerSearcher(qData, q, dim, k, cosine, maxRows);
  }
  // Default block: a multiple of GROUP (so group maxima apply) holding ~64 MB of scores.
  const maxRows = opts.maxRowsPerCall ?? blockRows(q, SCORE_BLOCK_BYTES);
  const running = new RunningTopK(q, k);
  const scanner = new BlockScanner(running);
  const ort = active ? await loadOrt() : undefined;
  const grouped = active ? await getSession(cosine, true) : undefined;
  const plain = active ? await getSession(cosine, false) : undefined;
  const qTensor = ort ? new ort.Tensor('float32', qData, [q, dim]) : undefined;
  const eps = ort ? new ort.Tensor('float32', Float32Array.of(1e-12), [1]) : undefined;
  const groupShape = ort ? new ort.Tensor('int64', BigInt64Array.of(0n, -1n, BigInt(GROUP)), [3]) : undefined;
  // Two sets of output buffers: ORT fills one block while JS selects from the other.
  const slots: { scores?: Float32Array; groupMax?: Float32Array }[] = [{}, {}];
  let nextSlot = 0;
  let deferred: { slot: number; rows: number; offset: number } | undefined;
  let disposed = false;

  function scanDeferred(): void {
    if (!deferred) return;
    const d = deferred;
    deferred = undefined;
    scanBlock(d.slot, d.rows, d.offset);
  }

  /** Scores (and group maxima when rows is a multiple of GROUP) of raw document rows (a view, no copy). */
  function startBlock(slot: number, docs: Float32Array, rows: number): Promise<unknown> {
    const buf = slots[slot]!;
    const cap = Math.min(maxRows, Math.max(rows, GROUP));
    if (!buf.scores || buf.scores.length < q * rows) buf.scores = new Float32Array(q * cap);
    const feeds: Record<string, OrtTypes.Tensor> = {
      [GRAPH_INPUTS.queries]: qTensor!,
      [GRAPH_INPUTS.docs]: new ort!.Tensor('float32', docs, [rows, dim]),
    };
    if (cosine) feeds[GRAPH_INPUTS.eps] = eps!;
    const fetches: Record<string, OrtTypes.Tensor> = {
      [GRAPH_OUTPUTS.scores]: new ort!.Tensor('float32', buf.scores.subarray(0, q * rows), [q, rows]),
    };
    if (rows % GROUP !== 0) return plain!.run(feeds, fetches);
    const ng = rows / GROUP;
    if (!buf.groupMax || buf.groupMax.length < q * ng) buf.groupMax = new Float32Array((q * cap) / GROUP);
    feeds[GRAPH_INPUTS.groupShape] = groupShape!;
    fetches[GRAPH_OUTPUTS.groupMax] = new ort!.Tensor('float32', buf.groupMax.subarray(0, q * ng), [q, ng]);
    return grouped!.run(feeds, fetches);
  }

  function scanBlock(slot: number, rows: number, offset: number): void {
    const buf = slots[slot]!;
    if (rows % GROUP === 0) scanner.scanGrouped(buf.scores!, buf.groupMax!, GROUP, q, rows, offset);
    else scanner.scan(buf.scores!, q, rows, offset);
  }

  return {
    async addChunk(docs: Matrix, offset: number): Promise<void> {
      if (disposed) throw new Error('searcher was disposed');
      if (!checkChunk(docs, offset, dim)) return;
      if (!active) {
        checkFinite(docs, 'document', offset);
        return;
      }
      const blocks = splitBlocks(docs.rows, maxRows);
      const view = (b: [number, number]) => docs.data.subarray(b[0] * dim, (b[0] + b[1]) * dim);
      let pending = startBlock(nextSlot, view(blocks[0]!), blocks[0]![1]);
      // While the first GEMM runs: validate the whole chunk (before anything of it is merged), and
      // select from the previous chunk's last block.
      try {
        checkFiniteFast(docs, offset);
      } catch (e) {
        await pending.catch(() => undefined);
        throw e;
      }
      scanDeferred();
      for (let i = 0; i < blocks.length; i++) {
        const slot = nextSlot;
        await pending;
        nextSlot ^= 1;
        const [start, rows] = blocks[i]!;
        if (i + 1 < blocks.length) pending = startBlock(nextSlot, view(blocks[i + 1]!), blocks[i + 1]![1]);
        // The last block is selected during the next chunk's first GEMM (or in finish()).
        if (i + 1 < blocks.length) scanBlock(slot, rows, offset + start);
        else deferred = { slot, rows, offset: offset + start };
      }
    },
    finish(): TopKResult {
      scanDeferred();
      return { queries: q, k, indices: running.indices.slice(), scores: running.scores.slice() };
    },
    async dispose(): Promise<void> {
      disposed = true;
      slots.length = 0;
    },
  };
}

/**
 * The native path: each chunk goes to the addon in one call, which checks every row first, then scores
 * and merges on every core (queries split between threads). Same tie rule and empty slots as ORT; scores
 * may differ from it in the last bits (summation order).
 */
function nativeSearcher(kern: NativeKernel, qData: Float32Array, q: number, dim: number, k: number, cosine: boolean): TopKSearcher {
  const scores = new Float32Array(q * k).fill(-Infinity);
  const indices = new Int32Array(q * k).fill(-1);
  const threads = availableParallelism();
  let disposed = false;
  return {
    async addChunk(docs: Matrix, offset: number): Promise<void> {
      if (disposed) throw new Error('searcher was disposed');
      if (!checkChunk(docs, offset, dim)) return;
      const bad = kern.scoreBlock(qData, q, dim, docs.data, docs.rows, offset, cosine, scores, indices, k, threads);
      if (bad >= 0) checkFinite(createMatrix(1, dim, docs.data.subarray(bad * dim, (bad + 1) * dim)), 'document', offset + bad);
    },
    finish(): TopKResult {
      return { queries: q, k, indices: indices.slice(), scores: scores.slice() };
    },
    async dispose(): Promise<void> {
      disposed = true;
    },
  };
}

/** Argument checks shared by both paths; false = nothing to score. */
function checkChunk(docs: Matrix, offset: number, dim: number): boolean {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`chunk offset must be a non-negative integer, got ${offset}`);
  if (docs.rows === 0) return false;
  if (docs.cols !== dim) {
    throw new EvaluationError(`document vectors have ${docs.cols} dimensions but query vectors have ${dim}`, {
      row: offset,
      hint: 'queries and documents must be encoded by the same model',
    });
  }
  if (offset + docs.rows > 2 ** 31 - 1) throw new RangeError('document index exceeds int32');
  return true;
}

/**
 * The worker path: GEMMs on this thread (multi-threaded session), each filled score block transferred to
 * the selection worker, which selects from it while the next GEMM runs. Same graph, same selection code,
 * same results as the single-thread path.
 */
async function workerSearcher(qData: Float32Array, q: number, dim: number, k: number, cosine: boolean, maxRows: number): Promise<TopKSearcher> {
  const ort = await loadOrt();
  // Cosine: the chunk's norms come first from one ORT run (normGraph), which also checks finiteness; the
  // block graphs take them as input (the same ReduceL2 and Max, so the same bits as computing them inside).
  const grouped = await getSession(cosine, true, cosine);
  const plain = await getSession(cosine, false, cosine);
  const candidates = await getSession(cosine, 'candidates', cosine);
  const normGraph = cosine ? await getSession(true, 'norms') : undefined;
  /** max(||d||, 1e-12) of the current chunk's rows (cosine). */
  let chunkNorms: Float32Array = new Float32Array(0);
  const qTensor = new ort.Tensor('float32', qData, [q, dim]);
  const thresholds = new Float32Array(q);
  const thrTensor = new ort.Tensor('float32', thresholds, [q, 1]);
  /** Every query's running k-th score into `thresholds`; false while some list is not full. */
  function readThresholds(): boolean {
    const { scores, indices } = remote.running;
    for (let i = 0, last = k - 1; i < q; i++, last += k) {
      if (indices[last] === -1) return false;
      thresholds[i] = scores[last]!;
    }
    return true;
  }
  const groupShape = new ort.Tensor('int64', BigInt64Array.of(0n, -1n, BigInt(GROUP)), [3]);
  const normsTensor = (start: number, rows: number) => new ort.Tensor('float32', chunkNorms.subarray(start, start + rows), [rows, 1]);

  /**
   * Norms of the chunk's rows, max(||d||, 1e-12) as torch's normalize, and the finiteness check of the
   * whole chunk: a row whose norm is not finite is checked value by value (it may only have overflowed).
   */
  async function prepareCosineChunk(docs: Matrix, offset: number): Promise<void> {
    const out = await normGraph!.run({ [GRAPH_INPUTS.docs]: new ort.Tensor('float32', docs.data, [docs.rows, dim]) });
    const dn = out[GRAPH_OUTPUTS.norms]!.data as Float32Array;
    const eps32 = Math.fround(1e-12);
    for (let r = 0; r < docs.rows; r++) {
      const v = dn[r]!;
      if (v - v !== 0) checkFinite(createMatrix(1, dim, docs.data.subarray(r * dim, (r + 1) * dim)), 'document', offset + r);
      // ORT's Max(DN, EPS): exact, so the same value as the in-graph node.
      dn[r] = v >= eps32 ? v : eps32;
    }
    chunkNorms = dn;
  }
  const remote = createRemoteScanner(q, k, WORKER_BUFFERS);
  /**
   * Rows of a block scored in full while lists are not full (a multiple of GROUP; at least 2k): about a
   * whole block, since the next block's candidates are picked with these thresholds (the worker lags one
   * block). 4096 rather than 2048 cut the selection work of a 1000 x 100k search by ~17% (579k -> 428k
   * candidate groups; replayed), ~2-10% of the wall time in interleaved runs.
   */
  const firstRows = Math.min(maxRows, Math.max(4096, Math.ceil((2 * k) / GROUP) * GROUP));

  /** Lists are full: only groups reaching a query's (possibly slightly stale) k-th score leave ORT (rows: whole groups). */
  async function scoreCandidates(docs: Matrix, start: number, rows: number, offset: number): Promise<void> {
    const feeds: Record<string, OrtTypes.Tensor> = {
      [GRAPH_INPUTS.queries]: qTensor,
      [GRAPH_INPUTS.docs]: new ort.Tensor('float32', docs.data.subarray(start * dim, (start + rows) * dim), [rows, dim]),
      [GRAPH_INPUTS.groupShape]: groupShape,
      [GRAPH_INPUTS.thresholds]: thrTensor,
    };
    if (cosine) feeds[GRAPH_INPUTS.docNorms] = normsTensor(start, rows);
    const out = await candidates.run(feeds);
    const pos = out[GRAPH_OUTPUTS.candidates]!.data as Int32Array;
    remote.submitCandidates(pos, out[GRAPH_OUTPUTS.candidateScores]!.data as Float32Array, GROUP, offset + start);
  }

  /** Every score of the block (and its group maxima) to the worker. */
  async function scoreFull(docs: Matrix, start: number, rows: number, offset: number): Promise<void> {
    const bufs = await remote.acquire(q * maxRows, Math.ceil((q * maxRows) / GROUP));
    const feeds: Record<string, OrtTypes.Tensor> = {
      [GRAPH_INPUTS.queries]: qTensor,
      [GRAPH_INPUTS.docs]: new ort.Tensor('float32', docs.data.subarray(start * dim, (start + rows) * dim), [rows, dim]),
    };
    if (cosine) feeds[GRAPH_INPUTS.docNorms] = normsTensor(start, rows);
    const fetches: Record<string, OrtTypes.Tensor> = {
      [GRAPH_OUTPUTS.scores]: new ort.Tensor('float32', bufs.scores.subarray(0, q * rows), [q, rows]),
    };
    const isGrouped = rows % GROUP === 0;
    if (isGrouped) {
      feeds[GRAPH_INPUTS.groupShape] = groupShape;
      fetches[GRAPH_OUTPUTS.groupMax] = new ort.Tensor('float32', bufs.groupMax.subarray(0, (q * rows) / GROUP), [q, rows / GROUP]);
      await grouped.run(feeds, fetches);
    } else {
      await plain.run(feeds, fetches);
    }
    remote.submit(bufs, rows, offset + start, isGrouped ? GROUP : 0);
  }

  let disposed = false;
  return {
    async addChunk(docs: Matrix, offset: number): Promise<void> {
      if (disposed) throw new Error('searcher was disposed');
      if (!checkChunk(docs, offset, dim)) return;
      // The whole chunk is validated before any of it is scored.
      if (cosine) await prepareCosineChunk(docs, offset);
      else checkFiniteFast(docs, offset);
      for (const [start, rows] of splitBlocks(docs.rows, maxRows)) {
        let from = start;
        const end = start + rows;
        while (from < end) {
          if (!readThresholds()) {
            // Some list is not full yet: let the worker finish what it has, which may fill them.
            await remote.drain();
          }
          if ((end - from) % GROUP === 0 && readThresholds()) {
            await scoreCandidates(docs, from, end - from, offset);
            from = end;
          } else {
            // Score a small block in full (every score goes to the worker) to fill the lists quickly.
            const n = Math.min(end - from, firstRows);
            await scoreFull(docs, from, n, offset);
            from += n;
          }
        }
      }
    },
    finish(): TopKResult {
      const r = remote.finish();
      return { queries: q, k, indices: r.indices.slice(), scores: r.scores.slice() };
    },
    async dispose(): Promise<void> {
      disposed = true;
      remote.dispose();
    },
  };
}

/**
 * Splits `rows` into blocks of at most maxRows: equal-sized blocks of whole GROUPs (so group maxima
 * apply to all of them), then the remainder (< GROUP rows) as a last block.
 */
export function splitBlocks(rows: number, maxRows: number): [number, number][] {
  const out: [number, number][] = [];
  const perBlock = Math.floor(maxRows / GROUP);
  if (perBlock === 0) {
    for (let start = 0; start < rows; start += maxRows) out.push([start, Math.min(maxRows, rows - start)]);
    return out;
  }
  const groups = Math.floor(rows / GROUP);
  const nb = Math.ceil(groups / perBlock);
  let start = 0;
  for (let b = 0; b < nb; b++) {
    const g = Math.floor(groups / nb) + (b < groups % nb ? 1 : 0);
    out.push([start, g * GROUP]);
    start += g * GROUP;
  }
  if (start < rows) out.push([start, rows - start]);
  return out;
}

/** The finiteness check of every value, one multiply-add per value; the slow check names the culprit. */
function checkFiniteFast(m: Matrix, offset: number): void {
  const { rows, cols, data } = m;
  for (let r = 0; r < rows; r++) {
    // x * 0 is NaN iff x is NaN or infinite; four independent sums keep the adds from waiting on each other.
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let c = r * cols;
    const e = c + cols;
    for (; c + 3 < e; c += 4) {
      a0 += data[c]! * 0;
      a1 += data[c + 1]! * 0;
      a2 += data[c + 2]! * 0;
      a3 += data[c + 3]! * 0;
    }
    for (; c < e; c++) a0 += data[c]! * 0;
    if (a0 + a1 + a2 + a3 !== 0) checkFinite(createMatrix(1, cols, data.subarray(r * cols, (r + 1) * cols)), 'document', offset + r);
  }
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
