import { readEnv } from '../../core/env.js';
import type { CliIO } from '../cli-io.js';
import { redisUrl } from '../queue/connection.js';
import { runWorker } from '../queue/worker.js';
import type { Verbosity } from './options.js';

export interface WorkerCliOptions extends Verbosity {
  redis?: string;
  queue: string;
  concurrency: number;
  outputFolder: string;
  cacheDir?: string;
  /** false with --no-cache. */
  cache?: boolean;
  hubMirror?: string;
  lockDuration: number;
  stalledInterval?: number;
  maxStalled: number;
  maxStarts: number;
  exitWhenIdle?: boolean;
  workerId?: string;
}

/** `mteb-ts worker`: one pool member (runners/queue/worker.ts). */
export async function handler(o: WorkerCliOptions, io: CliIO): Promise<number> {
  return runWorker(
    {
      redisUrl: redisUrl(o),
      queue: o.queue,
      concurrency: o.concurrency,
      outputFolder: o.outputFolder,
      cacheDir: o.cacheDir,
      noCache: o.cache === false,
      hubMirror: o.hubMirror ?? readEnv().MTEB_HUB_MIRROR,
      lockDurationMs: o.lockDuration,
      stalledIntervalMs: o.stalledInterval,
      maxStalledCount: o.maxStalled,
      maxStarts: o.maxStarts,
      exitWhenIdle: !!o.exitWhenIdle,
      workerId: o.workerId,
    },
    io,
  );
}
