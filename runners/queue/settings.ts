import { hostname } from 'node:os';
import { type Env, exportEnv, readEnv } from '../../core/env.js';

/**
 * A worker's own settings, handed to its sandboxed processors through the environment they are forked with
 * (never through job data: every worker may mount the shared folder at a different path).
 */
export interface WorkerSettings {
  outputFolder: string;
  cacheDir?: string;
  noCache: boolean;
  hubMirror?: string;
  workerId: string;
  /** Starts after which a job fails for good (BullMQ maxStartedAttempts). */
  maxStarts: number;
  refuseDelayMs: number;
  redisUrl?: string;
  queue: string;
}

export function workerSettings(env: Env = readEnv()): WorkerSettings {
  return {
    outputFolder: env.MTEB_TS_WORKER_OUTPUT ?? 'mteb-results',
    cacheDir: env.MTEB_TS_WORKER_CACHE_DIR,
    noCache: env.MTEB_TS_WORKER_NO_CACHE,
    hubMirror: env.MTEB_HUB_MIRROR,
    workerId: env.MTEB_TS_WORKER_ID ?? `${hostname()}:${process.pid}`,
    maxStarts: Number(env.MTEB_TS_WORKER_MAX_STARTS ?? 5),
    refuseDelayMs: Number(env.MTEB_TS_WORKER_REFUSE_DELAY_MS ?? 5000),
    redisUrl: env.MTEB_TS_REDIS_URL,
    queue: env.MTEB_TS_WORKER_QUEUE ?? 'mteb-ts',
  };
}

/** Writes settings into this process's environment (the parent does this before it forks processors). */
export function exportSettings(s: Partial<WorkerSettings>): void {
  exportEnv({
    MTEB_TS_WORKER_OUTPUT: s.outputFolder || undefined,
    MTEB_TS_WORKER_CACHE_DIR: s.cacheDir || undefined,
    MTEB_TS_WORKER_NO_CACHE: s.noCache ? '1' : undefined,
    MTEB_TS_WORKER_ID: s.workerId || undefined,
    MTEB_TS_WORKER_MAX_STARTS: s.maxStarts ? String(s.maxStarts) : undefined,
    MTEB_TS_WORKER_REFUSE_DELAY_MS: s.refuseDelayMs ? String(s.refuseDelayMs) : undefined,
    MTEB_TS_REDIS_URL: s.redisUrl || undefined,
    MTEB_TS_WORKER_QUEUE: s.queue || undefined,
    MTEB_HUB_MIRROR: s.hubMirror || undefined,
  });
}
