/**
 * Worker thread of the exact search: the per-query top-k selection (block-scan.ts) of score blocks that
 * the main thread computes with onnxruntime-node and transfers here (zero-copy), so the selection of
 * block i overlaps the GEMM of block i+1. No ORT in this thread: onnxruntime-node 1.21 keeps a
 * process-global Tensor constructor reference and aborts when two isolates run sessions
 * (microsoft/onnxruntime#24486), and it rejects tensors over SharedArrayBuffers.
 *
 * Messages are handled in order: 'open' a search (running lists in shared memory), 'block' = select from
 * transferred buffers, then send them back, 'close'. After each block status[0] = its sequence number
 * (notified); a failure sets status[1] = 1 and writes the message (UTF-8, length in status[2]) to errText,
 * and later blocks of that search are skipped.
 */
import { parentPort } from 'node:worker_threads';
import { BlockScanner } from './block-scan.js';
import { RunningTopK } from './topk-merge.js';

export interface OpenMessage {
  type: 'open';
  id: number;
  q: number;
  k: number;
  scores: Float32Array;
  indices: Int32Array;
  status: Int32Array;
  errText: Uint8Array;
}
export interface BlockMessage {
  type: 'block';
  id: number;
  seq: number;
  /** [q x rows] scores */
  scores: ArrayBuffer;
  /** [q x rows/group] group maxima, used when group > 0 */
  groupMax: ArrayBuffer;
  group: number;
  rows: number;
  offset: number;
}
/** Candidate groups of a block (candidate graph): pos = int32 [2, c] (queries, then groups), scores [c, group]. */
export interface CandidatesMessage {
  type: 'cands';
  id: number;
  seq: number;
  pos: Int32Array;
  scores: Float32Array;
  group: number;
  offset: number;
}
export interface CloseMessage {
  type: 'close';
  id: number;
}
export type ToWorker = OpenMessage | BlockMessage | CandidatesMessage | CloseMessage;
/** The buffers of a block, sent back for reuse. */
export interface Returned {
  id: number;
  seq: number;
  scores: ArrayBuffer;
  groupMax: ArrayBuffer;
}

interface State {
  open: OpenMessage;
  scanner?: BlockScanner;
  failed: boolean;
}
const states = new Map<number, State>();

function fail(st: State, e: unknown): void {
  st.failed = true;
  const bytes = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).subarray(0, st.open.errText.length);
  st.open.errText.set(bytes);
  Atomics.store(st.open.status, 2, bytes.length);
  Atomics.store(st.open.status, 1, 1);
}

function handle(m: ToWorker): void {
  if (m.type === 'open') {
    const st: State = { open: m, failed: false };
    states.set(m.id, st);
    try {
      st.scanner = new BlockScanner(new RunningTopK(m.q, m.k, m.scores, m.indices));
    } catch (e) {
      fail(st, e);
    }
  } else if (m.type === 'block') {
    const st = states.get(m.id);
    if (st && !st.failed) {
      try {
        const { q } = st.open;
        const scores = new Float32Array(m.scores, 0, q * m.rows);
        if (m.group > 0) st.scanner!.scanGrouped(scores, new Float32Array(m.groupMax), m.group, q, m.rows, m.offset);
        else st.scanner!.scan(scores, q, m.rows, m.offset);
      } catch (e) {
        fail(st, e);
      }
    }
    if (st) {
      Atomics.store(st.open.status, 0, m.seq);
      Atomics.notify(st.open.status, 0);
    }
    const back: Returned = { id: m.id, seq: m.seq, scores: m.scores, groupMax: m.groupMax };
    parentPort!.postMessage(back, [m.scores, m.groupMax]);
  } else if (m.type === 'cands') {
    const st = states.get(m.id);
    if (st && !st.failed) {
      try {
        st.scanner!.scanCandidateGroups(m.scores, m.pos, m.group, m.offset);
      } catch (e) {
        fail(st, e);
      }
    }
    if (st) {
      Atomics.store(st.open.status, 0, m.seq);
      Atomics.notify(st.open.status, 0);
    }
  } else {
    states.delete(m.id);
  }
}

parentPort!.on('message', handle);
