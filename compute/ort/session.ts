/**
 * The one place where onnxruntime sessions are created. Every graph of the project is a tiny in-memory model
 * (onnx-proto.ts) run many times, so all sessions share one set of options; only the thread count differs.
 */
import { availableParallelism } from 'node:os';
import type * as OrtTypes from 'onnxruntime-node';
import { loadOrt, type Ort, tryLoadOrt } from './load.js';

export type InferenceSession = OrtTypes.InferenceSession;

export interface SessionOptions {
  /**
   * Intra-op threads: 'all' = one per core, for GEMMs big enough to split; 1 = run on the calling thread
   * (small per-step products, or callers that run several sessions at once themselves).
   */
  threads: 'all' | 1;
}

/** The session options every graph runs with. */
export function sessionOptions(opts: SessionOptions): OrtTypes.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: opts.threads === 'all' ? availableParallelism() : 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Reuse ORT's work buffers between runs (outputs are preallocated JS buffers where it matters).
    enableCpuMemArena: true,
    // Idle pool threads sleep instead of spinning, leaving the cores to the JS work between runs
    // (docs/performance.md).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/** A session for `graph` (a serialised ONNX model). */
export function createSession(ort: Ort, graph: Uint8Array, opts: SessionOptions): Promise<InferenceSession> {
  return ort.InferenceSession.create(graph, sessionOptions(opts));
}

/**
 * One lazily created session shared by every caller (all dimensions are symbolic and Run is thread-safe).
 * `get` throws when onnxruntime cannot load; `tryGet` resolves to undefined instead, for callers with a
 * plain-JS fallback.
 */
export interface SharedSession {
  get(): Promise<InferenceSession>;
  tryGet(): Promise<InferenceSession | undefined>;
  /** Releases the session; a later get creates a new one. */
  release(): Promise<void>;
}

export function sharedSession(graph: () => Uint8Array, opts: SessionOptions): SharedSession {
  let session: Promise<InferenceSession> | undefined;
  const get = (): Promise<InferenceSession> => {
    session ??= loadOrt().then((ort) => createSession(ort, graph(), opts));
    return session;
  };
  return {
    get,
    async tryGet() {
      if (!(await tryLoadOrt())) return undefined;
      return get().catch(() => undefined);
    },
    async release() {
      const s = session;
      session = undefined;
      const done = await s?.catch(() => undefined);
      await done?.release();
    },
  };
}
