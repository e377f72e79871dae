/**
 * The worker path (default with >= 2 cores and >= 64 queries): GEMMs run on this thread in a multi-threaded
 * session, the top-k selection on a worker thread (scan-thread.ts / scan-worker.ts) while the next GEMM
 * runs. The first blocks (until every query's list holds k documents) send every score to the worker
 * (buffers transferred, not copied); after that the candidate graph sends only the 16-score groups that
 * reach each query's running k-th score, read from the shared lists. That matters because
 * onnxruntime-node copies every output into a fresh JS buffer (a full score block costs about half a
 * GEMM in copies and page faults) and runs sessions synchronously on the calling thread.
 * Cosine: the norms of a whole chunk come from one ORT ReduceL2 run first and are fed to the block graphs
 * (same node, same bits); a non-finite norm flags its row, which replaces the JS finiteness pass over every
 * value.
 * Memory: ORT's 16 MB score block and normalized copy of one block, up to three 16 MB score buffers while
 * lists fill, the running lists (queries x k, shared).
 */
import type * as OrtTypes from 'onnxruntime-node';
import type { Matrix } from '../../core/matrix.js';
import { loadOrt } from '../ort/load.js';
import { splitBlocks } from './blocks.js';
import { checkChunk, checkFiniteFast, checkFiniteRow } from './checks.js';
import { createRemoteScanner } from './scan-thread.js';
import { GRAPH_INPUTS, GRAPH_OUTPUTS, GROUP } from './score-graph.js';
import { searchSession } from './sessions.js';
import type { PreparedQueries, TopKResult, TopKSearcher } from './types.js';

/** Score buffers in flight with the selection worker (full blocks, used until every list is full). */
const WORKER_BUFFERS = 3;

export interface WorkerSearcherOptions {
  /** Largest block scored in one ORT call. */
  maxRows: number;
}

/**
 * The worker path: GEMMs on this thread (multi-threaded session), each filled score block transferred to
 * the selection worker, which selects from it while the next GEMM runs. Same graph, same selection code,
 * same results as the single-thread path.
 */
export async function createWorkerSearcher(queries: PreparedQueries, opts: WorkerSearcherOptions): Promise<TopKSearcher> {
  const { data: qData, q, dim, k, cosine } = queries;
  const { maxRows } = opts;
  const ort = await loadOrt();
  // Cosine: the chunk's norms come first from one ORT run (normGraph), which also checks finiteness; the
  // block graphs take them as input (the same ReduceL2 and Max, so the same bits as computing them inside).
  const grouped = await searchSession({ graph: 'grouped', cosine, docNorms: cosine });
  const plain = await searchSession({ graph: 'scores', cosine, docNorms: cosine });
  const candidates = await searchSession({ graph: 'candidates', cosine, docNorms: cosine });
  const normGraph = cosine ? await searchSession({ graph: 'norms', cosine: true }) : undefined;
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
      if (v - v !== 0) checkFiniteRow(docs.data, dim, r, 'document', offset);
      // ORT's Max(DN, EPS): exact, so the same value as the in-graph node.
      dn[r] = v >= eps32 ? v : eps32;
    }
    chunkNorms = dn;
  }
  const remote = createRemoteScanner(q, k, WORKER_BUFFERS);
  /**
   * Rows of a block scored in full while lists are not full (a multiple of GROUP; at least 2k): about a
   * whole block, since the next block's candidates are picked with these thresholds (the worker lags one
   * block). 4096 rather than 2048 cuts the candidate groups the worker selects from (docs/performance.md).
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
