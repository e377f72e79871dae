import type { CliIO } from '../cli-io.js';
import { redisUrl } from '../queue/connection.js';
import { runWorker } from '../queue/worker.js';

/** `mteb-ts worker`: one pool member (runners/queue/worker.ts). */
export async function worker(o: Record<string, unknown>, io: CliIO): Promise<number> {
  return runWorker(
    {
      redisUrl: redisUrl(o),
      queue: o.queue as string | undefined,
      concurrency: o.concurrency as number | undefined,
      outputFolder: o.outputFolder as string | undefined,
      cacheDir: o.cacheDir as string | undefined,
      noCache: o.cache === false,
      hubMirror: (o.hubMirror as string | undefined) ?? process.env.MTEB_HUB_MIRROR,
      lockDurationMs: o.lockDuration as number | undefined,
      stalledIntervalMs: o.stalledInterval as number | undefined,
      maxStalledCount: o.maxStalled as number | undefined,
      maxStarts: o.maxStarts as number | undefined,
      exitWhenIdle: !!o.exitWhenIdle,
      workerId: o.workerId as string | undefined,
    },
    io,
  );
}
