/**
 * Exact top-k search that streams the corpus: each chunk is scored against all queries and only each query's
 * top k survive, so the full Q x N score matrix never exists. This file checks the options and picks a
 * strategy; the strategies are:
 * - native (native-searcher.ts; default when the optional addon is built with AVX-512): one addon call per
 *   chunk checks every row, L2-normalizes documents in float32 (cosine), runs a register-tiled FMA GEMM on
 *   every core and merges only the scores that reach each query's running k-th score; no score block exists.
 *   Same tie rule and empty slots; scores may differ from the ORT paths in the last bits (summation order).
 * - ORT with a selection worker (worker-searcher.ts; default with >= 2 cores and >= 64 queries);
 * - ORT on this thread (local-searcher.ts; small searches).
 * The two ORT paths give the same results bit for bit (same graph nodes, score-graph.ts, and the same
 * selection code, block-scan.ts). ORT runs only on this thread: onnxruntime-node 1.21 aborts when sessions
 * run in two isolates (microsoft/onnxruntime#24486) and rejects tensors over SharedArrayBuffers.
 *
 * Ties: on equal scores the lower document index ranks first, so results do not depend on chunking or on the
 * chunk order.
 * Cosine: both sides are L2-normalized as torch's normalize does (x / max(||x||, 1e-12), as mteb does):
 * queries once in JS here, document blocks inside the graphs or the addon (no JS copy of the corpus).
 * Empty result slots (k > N) hold index -1 and score -Infinity.
 */
import { availableParallelism } from 'node:os';
import type { Matrix } from '../../core/matrix.js';
import { loadNativeKernel } from '../native/topk-gemm.js';
import { blockRows } from './blocks.js';
import { checkFinite } from './checks.js';
import { createLocalSearcher } from './local-searcher.js';
import { createNativeSearcher } from './native-searcher.js';
import { l2NormalizeRowsInto } from './normalize.js';
import { releaseScanWorker } from './scan-thread.js';
import { releaseSearchSessions } from './sessions.js';
import type { PreparedQueries, TopKSearcher } from './types.js';
import { createWorkerSearcher } from './worker-searcher.js';

export type { TopKResult, TopKSearcher } from './types.js';

export interface SearchOptions {
  k: number;
  similarity: 'cosine' | 'dot';
  /**
   * Largest number of docs scored in one ORT call (larger addChunk inputs are split). Default: enough
   * rows for a ~64 MB score block (16 MB with the selection worker), between 1024 and 65536.
   */
  maxRowsPerCall?: number;
  /**
   * Run the top-k selection on a worker thread (scan-thread.ts) so it overlaps the next block's GEMM.
   * Default: when there are >= 2 cores and >= 64 queries. Results are the same either way.
   */
  selectionWorker?: boolean;
  /**
   * 'native': the addon of compute/native/topk-gemm.ts (fused GEMM + top-k on every core; throws if it is not
   * built); 'ort': the onnxruntime paths; default: native when its AVX-512 kernel loads, else ort.
   */
  backend?: 'native' | 'ort';
}

/** Whether the native backend is available (built and loadable, not switched off). */
export function nativeSearchAvailable(): boolean {
  return loadNativeKernel() !== undefined;
}

/**
 * Whether createSearcher picks the native backend by default: only its AVX-512 kernel, since the generic
 * build (auto-vectorised loops) is slower than the ORT path on this machine (docs/performance.md).
 */
export function nativeSearchIsDefault(): boolean {
  return loadNativeKernel()?.kernel === 'avx512';
}

/** Releases the shared ORT sessions and the selection worker (a later search creates new ones). */
export async function releaseSearchSession(): Promise<void> {
  await releaseSearchSessions();
  await releaseScanWorker();
}

/** Score block of the this-thread path: two of them alternate. */
const SCORE_BLOCK_BYTES = 64 * 1024 * 1024;
/**
 * Score block of the worker path (ORT keeps it internally; only candidates leave): small enough to stay in
 * the L3 cache for the group maxima and the gather (docs/performance.md).
 */
const WORKER_SCORE_BLOCK_BYTES = 16 * 1024 * 1024;
const MIN_WORKER_QUERIES = 64;

export async function createSearcher(queries: Matrix, opts: SearchOptions): Promise<TopKSearcher> {
  const { similarity, k } = opts;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  if (similarity !== 'cosine' && similarity !== 'dot') throw new RangeError(`unknown similarity "${String(similarity)}"`);
  checkFinite(queries, 'query');
  const cosine = similarity === 'cosine';
  const q = queries.rows;
  const dim = queries.cols;
  const data = cosine ? new Float32Array(queries.data.length) : queries.data;
  if (cosine) l2NormalizeRowsInto(queries.data, q, dim, data);
  const prepared: PreparedQueries = { data, q, dim, k, cosine };
  const active = q > 0 && k > 0 && dim > 0;

  const kernel = opts.backend === 'native' || (opts.backend === undefined && nativeSearchIsDefault()) ? loadNativeKernel() : undefined;
  if (opts.backend === 'native' && !kernel) throw new Error('the native search backend is not built (npm run build:native)');
  if (active && kernel) return createNativeSearcher(prepared, { kernel });
  if (active && (opts.selectionWorker ?? (availableParallelism() >= 2 && q >= MIN_WORKER_QUERIES))) {
    return createWorkerSearcher(prepared, { maxRows: opts.maxRowsPerCall ?? blockRows(q, WORKER_SCORE_BLOCK_BYTES) });
  }
  // Default block: a multiple of GROUP (so group maxima apply) holding ~64 MB of scores.
  return createLocalSearcher(prepared, { maxRows: opts.maxRowsPerCall ?? blockRows(q, SCORE_BLOCK_BYTES) });
}
