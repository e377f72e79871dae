import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Job, Queue, Worker } from 'bullmq';
import type { CliIO } from '../cli-io.js';
import { DEFAULT_QUEUE, parseRedisUrl, redact } from './connection.js';
import { PENDING_STATES } from './queue.js';
import { exportSettings } from './settings.js';

export interface WorkerOptions {
  redisUrl: string;
  queue?: string;
  concurrency?: number;
  outputFolder?: string;
  cacheDir?: string;
  noCache?: boolean;
  hubMirror?: string;
  /** Job lock; an unrenewed lock (dead worker) is found by the stalled check and the job goes to another worker. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Times a job may be found stalled (its worker died) before it fails: the bound on crash loops. */
  maxStalledCount?: number;
  /** Times a job may start at all (BullMQ maxStartedAttempts). */
  maxStarts?: number;
  /** Exit once the queue has nothing waiting, delayed or active. */
  exitWhenIdle?: boolean;
  workerId?: string;
}

/** Sandboxed processor file: the compiled .js beside this module, or the .ts source when run through tsx. */
export function processorFile(): string {
  const js = fileURLToPath(new URL('./processor.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./processor.ts', import.meta.url));
}

/**
 * `mteb-ts worker`: takes unit jobs from the queue and runs today's evaluation code on them in sandboxed child
 * processes. Defaults aim at takeover within seconds: the lock lives 10 s and is renewed every 5 s by this (never
 * blocked) process, the stalled check runs every 5 s, so a job of a worker killed with -9 is running elsewhere
 * after at most ~15 s.
 */
export async function runWorker(o: WorkerOptions, io: CliIO): Promise<number> {
  const connection = parseRedisUrl(o.redisUrl);
  const name = o.queue ?? DEFAULT_QUEUE;
  const workerId = o.workerId ?? `${hostname()}:${process.pid}`;
  const maxStarts = o.maxStarts ?? 5;
  exportSettings({
    outputFolder: resolve(o.outputFolder ?? 'mteb-results'),
    cacheDir: o.cacheDir ? resolve(o.cacheDir) : undefined,
    noCache: o.noCache,
    hubMirror: o.hubMirror,
    workerId,
    maxStarts,
    redisUrl: o.redisUrl,
    queue: name,
  });
  const lockDuration = o.lockDurationMs ?? 10_000;
  const worker = new Worker(name, processorFile(), {
    connection,
    concurrency: o.concurrency ?? 1,
    lockDuration,
    stalledInterval: o.stalledIntervalMs ?? Math.max(1000, Math.round(lockDuration / 2)),
    maxStalledCount: o.maxStalledCount ?? 2,
    maxStartedAttempts: maxStarts,
    // Children are reused between jobs, so a model loads once per slot.
    useWorkerThreads: false,
  });
  const label = (job?: Job) => (job ? `${job.id} (${job.name})` : '?');
  worker.on('active', (job) => io.stderr(`worker ${workerId}: started ${label(job)}`));
  worker.on('completed', (job) => io.stderr(`worker ${workerId}: completed ${label(job)}`));
  worker.on('failed', (job, err) => io.stderr(`worker ${workerId}: ${label(job)} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`));
  worker.on('stalled', (id) => io.stderr(`worker ${workerId}: job ${id} stalled (its worker stopped renewing the lock); it is retried`));
  worker.on('error', (err) => io.stderr(`worker ${workerId}: ${err.message}`));
  io.stderr(
    `worker ${workerId}: queue ${name} on ${redact(o.redisUrl)}, concurrency ${o.concurrency ?? 1}, results in ${resolve(o.outputFolder ?? 'mteb-results')}`,
  );

  let closing: Promise<void> | undefined;
  const close = (why: string) => {
    if (!closing) {
      io.stderr(`worker ${workerId}: ${why}; finishing active jobs`);
      closing = worker.close();
    }
    return closing;
  };
  const onSignal = (sig: NodeJS.Signals) => void close(`${sig}`);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  let idleTimer: NodeJS.Timeout | undefined;
  if (o.exitWhenIdle) {
    const q = new Queue(name, { connection });
    let idle = 0;
    idleTimer = setInterval(async () => {
      try {
        const c = await q.getJobCounts(...PENDING_STATES);
        idle = Object.values(c).every((n) => n === 0) ? idle + 1 : 0;
        if (idle >= 2) {
          clearInterval(idleTimer);
          await q.close();
          await close('queue drained');
        }
      } catch {
        /* Redis hiccup: check again next tick */
      }
    }, 500);
  }
  await worker.waitUntilReady();
  await new Promise<void>((done) => {
    worker.once('closed', () => done());
  });
  if (idleTimer) clearInterval(idleTimer);
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('SIGINT', onSignal);
  io.stderr(`worker ${workerId}: closed`);
  return 0;
}
