/**
 * The this-thread ORT path (small searches): two score blocks of ~64 MB, selection (block-scan.ts) of one
 * while the next is scored, skipping groups below each query's running threshold. Same graph nodes and
 * selection code as the worker path, so the same results bit for bit.
 */

import type * as OrtTypes from 'onnxruntime-node';
import type { Matrix } from '../../core/matrix.js';
import { loadOrt } from '../ort/load.js';
import { BlockScanner } from './block-scan.js';
import { splitBlocks } from './blocks.js';
import { checkChunk, checkFinite, checkFiniteFast } from './checks.js';
import { GRAPH_INPUTS, GRAPH_OUTPUTS, GROUP } from './score-graph.js';
import { searchSession } from './sessions.js';
import { RunningTopK } from './topk-merge.js';
import type { PreparedQueries, TopKResult, TopKSearcher } from './types.js';

export interface LocalSearcherOptions {
  /** Largest block scored in one ORT call (a multiple of GROUP, so group maxima apply). */
  maxRows: number;
}

export async function createLocalSearcher(queries: PreparedQueries, opts: LocalSearcherOptions): Promise<TopKSearcher> {
  const { data: qData, q, dim, k, cosine } = queries;
  const { maxRows } = opts;
  // Nothing to score (no query, k = 0 or no dimension): chunks are still checked.
  const active = q > 0 && k > 0 && dim > 0;
  const running = new RunningTopK(q, k);
  const scanner = new BlockScanner(running);
  const ort = active ? await loadOrt() : undefined;
  const grouped = active ? await searchSession({ graph: 'grouped', cosine }) : undefined;
  const plain = active ? await searchSession({ graph: 'scores', cosine }) : undefined;
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
