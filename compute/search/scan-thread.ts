/**
 * Main-thread side of the selection worker (scan-worker.ts): one worker thread shared by all searches.
 * A search owns a few score buffers that travel to the worker (transferred, not copied) once ORT has
 * filled them and come back when their block is selected; the running top-k lists live in shared memory
 * so finish() can wait for the last block synchronously (Atomics.wait) and read them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockMessage, CandidatesMessage, CloseMessage, OpenMessage, Returned } from './scan-worker.js';

interface Search {
  free: { scores: ArrayBuffer; groupMax: ArrayBuffer }[];
  waiters: (() => void)[];
  status: Int32Array;
}

let worker: Worker | undefined;
let workerError = '';
const searches = new Map<number, Search>();
let nextId = 1;

function startWorker(): Worker {
  const js = new URL('./scan-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  // Running from TypeScript sources (tsx, vitest): the worker registers tsx's loader, then imports the .ts entry.
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const ts = new URL('./scan-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`, { eval: true });
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = startWorker();
  w.unref();
  w.on('message', (m: Returned) => {
    const s = searches.get(m.id);
    if (!s) return;
    s.free.push({ scores: m.scores, groupMax: m.groupMax });
    s.waiters.shift()?.();
  });
  const die = (e?: unknown) => {
    if (worker !== w) return;
    worker = undefined;
    if (e !== undefined) workerError = e instanceof Error ? e.message : String(e);
    // Wake everything waiting on this worker; they report the failure.
    for (const s of searches.values()) {
      Atomics.store(s.status, 1, 2);
      Atomics.store(s.status, 0, 0x7fffffff);
      Atomics.notify(s.status, 0);
      for (const wake of s.waiters.splice(0)) wake();
    }
  };
  w.on('error', die);
  w.on('exit', () => die());
  worker = w;
  return w;
}

/** Terminates the selection worker (a later search starts a new one). */
export async function releaseScanWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

type WaitAsync = (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string };
// Atomics.waitAsync is in Node >= 16 but not in the ES2022 lib typings.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export interface RemoteScanner {
  /** A free pair of buffers (scores, group maxima), at least the given lengths in floats. */
  acquire(scoreLen: number, groupLen: number): Promise<{ scores: Float32Array; groupMax: Float32Array }>;
  /** Hands a filled pair to the worker (they are detached here until they come back). */
  submit(bufs: { scores: Float32Array; groupMax: Float32Array }, rows: number, offset: number, group: number): void;
  /** Hands a block's candidate groups to the worker (transferred). */
  submitCandidates(pos: Int32Array, scores: Float32Array, group: number, offset: number): void;
  /** The running lists as the worker leaves them (read while it works: each k-th score only grows). */
  readonly running: { scores: Float32Array; indices: Int32Array };
  /** Resolves once the worker has selected every submitted block. */
  drain(): Promise<void>;
  /** Waits for every submitted block; the running lists [q*k] (shared memory: copy them). */
  finish(): { scores: Float32Array; indices: Int32Array };
  dispose(): void;
}

/** A search on the worker with `buffers` buffer pairs in flight at most. */
export function createRemoteScanner(q: number, k: number, buffers: number): RemoteScanner {
  const w = getWorker();
  const id = nextId++;
  const scores = new Float32Array(new SharedArrayBuffer(q * k * 4));
  const indices = new Int32Array(new SharedArrayBuffer(q * k * 4));
  // Empty lists from the start (the worker's RunningTopK writes the same before any block): this thread
  // reads them before the worker has seen 'open' (finish() of an empty search, thresholds).
  scores.fill(-Infinity);
  indices.fill(-1);
  const status = new Int32Array(new SharedArrayBuffer(16));
  const errText = new Uint8Array(new SharedArrayBuffer(2048));
  const s: Search = { free: [], waiters: [], status };
  searches.set(id, s);
  const open: OpenMessage = { type: 'open', id, q, k, scores, indices, status, errText };
  w.postMessage(open);
  w.ref();
  let created = 0;
  let seq = 0;
  let closed = false;

  function check(): void {
    const code = Atomics.load(status, 1);
    if (code === 1) throw new Error(`exact search selection failed: ${new TextDecoder().decode(errText.slice(0, Atomics.load(status, 2)))}`);
    if (code === 2) throw new Error(`exact search selection worker exited unexpectedly${workerError ? `: ${workerError}` : ''}`);
  }

  return {
    async acquire(scoreLen, groupLen) {
      check();
      if (s.free.length === 0 && created < buffers) {
        created++;
        s.free.push({ scores: new ArrayBuffer(scoreLen * 4), groupMax: new ArrayBuffer(groupLen * 4) });
      }
      while (s.free.length === 0) {
        await new Promise<void>((resolve) => s.waiters.push(resolve));
        check();
      }
      const b = s.free.pop()!;
      const sb = b.scores.byteLength >= scoreLen * 4 ? b.scores : new ArrayBuffer(scoreLen * 4);
      const gb = b.groupMax.byteLength >= groupLen * 4 ? b.groupMax : new ArrayBuffer(groupLen * 4);
      return { scores: new Float32Array(sb), groupMax: new Float32Array(gb) };
    },
    submit(bufs, rows, offset, group) {
      seq++;
      // Both buffers travel, so the pair comes back whole.
      const msg: BlockMessage = {
        type: 'block',
        id,
        seq,
        scores: bufs.scores.buffer as ArrayBuffer,
        groupMax: bufs.groupMax.buffer as ArrayBuffer,
        rows,
        offset,
        group,
      };
      w.postMessage(msg, [msg.scores, msg.groupMax]);
    },
    submitCandidates(pos, sc, group, offset) {
      seq++;
      const msg: CandidatesMessage = { type: 'cands', id, seq, pos, scores: sc, group, offset };
      const transfer = [pos.buffer, sc.buffer].filter((b, i, a) => b instanceof ArrayBuffer && a.indexOf(b) === i) as ArrayBuffer[];
      w.postMessage(msg, transfer);
    },
    running: { scores, indices },
    async drain() {
      for (;;) {
        const v = Atomics.load(status, 0);
        if (v >= seq) break;
        const r = waitAsync(status, 0, v);
        if (r.async) await r.value;
      }
      check();
    },
    finish() {
      for (;;) {
        const v = Atomics.load(status, 0);
        if (v >= seq) break;
        Atomics.wait(status, 0, v);
      }
      check();
      return { scores, indices };
    },
    dispose() {
      if (closed) return;
      closed = true;
      searches.delete(id);
      if (worker === w) {
        const msg: CloseMessage = { type: 'close', id };
        w.postMessage(msg);
        if (searches.size === 0) w.unref();
      }
    },
  };
}
