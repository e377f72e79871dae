import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Proc } from './queue-procs.js';
import { REDIS_SKIP, type RedisHandle, redisAvailable, startRedis } from './redis-server.js';

/** What a queue test file runs against; `redis` is set in beforeAll (only when `have`). */
export interface QueueSuite {
  /** redis-server is installed; when not, a visible skip message has been printed. */
  have: boolean;
  dir: string;
  /** Processes the tests spawn; those still running are killed after the file. */
  procs: Proc[];
  redis: RedisHandle;
}

/**
 * The setup every queue test file shares: a temp folder and a redis-server for the whole file, stopped and
 * removed (with any spawned process still alive) after it. Call at a test file's top level.
 */
export function queueSuite(prefix: string): QueueSuite {
  const have = redisAvailable();
  if (!have) console.warn(REDIS_SKIP);
  const suite = { have, dir: mkdtempSync(join(tmpdir(), prefix)), procs: [] as Proc[] } as QueueSuite;
  beforeAll(async () => {
    if (have) suite.redis = await startRedis();
  });
  afterAll(async () => {
    for (const p of suite.procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await suite.redis?.stop();
    rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}
