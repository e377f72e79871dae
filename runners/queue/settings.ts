import { hostname } from 'node:os';

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

export const WORKER_ENV = {
  outputFolder: 'MTEB_TS_WORKER_OUTPUT',
  cacheDir: 'MTEB_TS_WORKER_CACHE_DIR',
  noCache: 'MTEB_TS_WORKER_NO_CACHE',
  workerId: 'MTEB_TS_WORKER_ID',
  maxStarts: 'MTEB_TS_WORKER_MAX_STARTS',
  refuseDelayMs: 'MTEB_TS_WORKER_REFUSE_DELAY_MS',
  queue: 'MTEB_TS_WORKER_QUEUE',
} as const;

export function workerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return {
    outputFolder: env[WORKER_ENV.outputFolder] ?? 'mteb-results',
    cacheDir: env[WORKER_ENV.cacheDir] || undefined,
    noCache: env[WORKER_ENV.noCache] === '1',
    hubMirror: env.MTEB_HUB_MIRROR || undefined,
    workerId: env[WORKER_ENV.workerId] ?? `${hostname()}:${process.pid}`,
    maxStarts: Number(env[WORKER_ENV.maxStarts] ?? 5),
    refuseDelayMs: Number(env[WORKER_ENV.refuseDelayMs] ?? 5000),
    redisUrl: env.MTEB_TS_REDIS_URL || undefined,
    queue: env[WORKER_ENV.queue] ?? 'mteb-ts',
  };
}

/** Writes settings into an environment (the parent does this before it forks processors). */
export function exportSettings(s: Partial<WorkerSettings>, env: NodeJS.ProcessEnv = process.env): void {
  if (s.outputFolder) env[WORKER_ENV.outputFolder] = s.outputFolder;
  if (s.cacheDir) env[WORKER_ENV.cacheDir] = s.cacheDir;
  if (s.noCache) env[WORKER_ENV.noCache] = '1';
  if (s.workerId) env[WORKER_ENV.workerId] = s.workerId;
  if (s.maxStarts) env[WORKER_ENV.maxStarts] = String(s.maxStarts);
  if (s.refuseDelayMs) env[WORKER_ENV.refuseDelayMs] = String(s.refuseDelayMs);
  if (s.redisUrl) env.MTEB_TS_REDIS_URL = s.redisUrl;
  if (s.queue) env[WORKER_ENV.queue] = s.queue;
  if (s.hubMirror) env.MTEB_HUB_MIRROR = s.hubMirror;
}
