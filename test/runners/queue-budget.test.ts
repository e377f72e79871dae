import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../models/rate-limiter.js';
import { parseRedisUrl } from '../../runners/queue/connection.js';
import { runCli } from '../helpers/cli.js';
import { type FakeApi, maxInWindow, startFakeApi } from '../helpers/openai-server.js';
import { type Proc, spawnCli } from '../helpers/queue-procs.js';
import { REDIS_SKIP, type RedisHandle, redisAvailable, startRedis } from '../helpers/redis-server.js';

/**
 * API models in a pool: the rpm/tpm/in-flight limits and a 429's Retry-After are shared by every worker through
 * Redis, measured at a local OpenAI-compatible server (100 ms per request); the API key reaches the server and
 * nothing else (Redis, job data, logs, results).
 */
const HAVE = redisAvailable();
if (!HAVE) console.warn(REDIS_SKIP);

const KEY = 'sk-pool-SECRET-key-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'mteb-budget-'));
let redis: RedisHandle;
let api: FakeApi;
const procs: Proc[] = [];

beforeAll(async () => {
  if (!HAVE) return;
  redis = await startRedis();
  api = await startFakeApi({ latencyMs: 100, expectKey: KEY });
});
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await redis?.stop();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? filesUnder(join(d, f)) : [join(d, f)]));
}

/** Polls the pool's pause key (`mteb-ts:budget:{scope}:pause`, ms since the epoch on Redis's clock); stop() gives its largest value. */
function watchPauseKey(url: string): { stop: () => Promise<number | undefined> } {
  const r = new Redis(parseRedisUrl(url));
  let max: number | undefined;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const k of await r.keys('mteb-ts:budget:*:pause')) {
        const v = Number(await r.get(k));
        if (Number.isFinite(v) && v > 0 && (max === undefined || v > max)) max = v;
      }
      await new Promise((res) => setTimeout(res, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await r.quit();
      return max;
    },
  };
}

async function redisDump(url: string): Promise<string> {
  const r = new Redis(parseRedisUrl(url));
  let text = '';
  for (const k of await r.keys('*')) {
    const t = await r.type(k);
    const v =
      t === 'string'
        ? await r.get(k)
        : t === 'hash'
          ? await r.hgetall(k)
          : t === 'list'
            ? await r.lrange(k, 0, -1)
            : t === 'set'
              ? await r.smembers(k)
              : t === 'zset'
                ? await r.zrange(k, 0, -1)
                : t === 'stream'
                  ? await r.xrange(k, '-', '+')
                  : null;
    text += `${k} ${JSON.stringify(v)}\n`;
  }
  await r.quit();
  return text;
}

describe.skipIf(!HAVE)('pool-wide API budget in Redis', () => {
  it('rpm, tpm and in-flight hold across 3 workers, a 429 Retry-After pauses the whole pool, and the key is nowhere but the request', async () => {
    const WINDOW = 2000;
    const RPM = 10; // per window
    const TPM = 1200; // tokens per window
    const IN_FLIGHT = 2;
    // The 8th request gets 429 with Retry-After: 1 s.
    api.throttleAt.set(8, 1);
    const sub = await runCli([
      'queue',
      'submit',
      '--redis',
      redis.url,
      '--queue',
      'api',
      '-m',
      'openai:fake-embed?concurrency=4&backoffMs=50',
      '-t',
      'DemoSTS,DemoPairClassification,DemoSummarization',
      '--batch-size',
      '6',
      '--pool-rpm',
      String(RPM),
      '--pool-tpm',
      String(TPM),
      '--pool-in-flight',
      String(IN_FLIGHT),
      '--pool-window-ms',
      String(WINDOW),
    ]);
    expect(sub.code, sub.stderr).toBe(0);
    const pause = watchPauseKey(redis.url);
    const out = join(dir, 'out');
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: api.url };
    const ws = [1, 2, 3].map((i) => {
      const p = spawnCli(
        ['worker', '--redis', redis.url, '--queue', 'api', '--output-folder', out, '--no-cache', '--exit-when-idle', '--worker-id', `api${i}`],
        env,
      );
      procs.push(p);
      return p;
    });
    expect(await Promise.all(ws.map((w) => w.exited)), ws.map((w) => w.out()).join('\n')).toEqual([0, 0, 0]);
    const until = await pause.stop();

    const reqs = api.requests;
    const ok = reqs.filter((r) => r.status === 200);
    expect(reqs.every((r) => r.auth === `Bearer ${KEY}`)).toBe(true);
    expect(ok.length).toBeGreaterThan(2 * RPM);
    // Measured at the server by arrival time. A request granted by Redis reaches the server a little later (more on
    // a loaded machine), so the window is shortened by a 300 ms delivery allowance; the exact-window peak is logged.
    const peakExact = maxInWindow(reqs, WINDOW);
    const peakReq = maxInWindow(reqs, WINDOW - 300);
    const peakTok = maxInWindow(reqs, WINDOW - 300, (r) => estimateTokens(r.texts));
    const span = (reqs.at(-1)!.at - reqs[0]!.at) / 1000;
    console.log(
      `pool budget: ${reqs.length} requests in ${span.toFixed(1)} s; peak ${peakReq}/${RPM} requests (${peakExact} in an exact ${WINDOW} ms window of arrivals) and ${peakTok}/${TPM} tokens per window; peak in flight ${api.maxInFlight()}/${IN_FLIGHT}`,
    );
    expect(peakReq).toBeLessThanOrEqual(RPM);
    expect(peakTok).toBeLessThanOrEqual(TPM);
    expect(api.maxInFlight()).toBeLessThanOrEqual(IN_FLIGHT);
    // The limit binds: the run took at least (requests / rpm - 1) windows.
    expect(span * 1000).toBeGreaterThanOrEqual((Math.ceil(reqs.length / RPM) - 1) * WINDOW - 100);

    // Pool pause: the worker that got the 429 sets the pause key (Redis time + Retry-After) before it frees its
    // in-flight slot; from then on no slot is granted until the pause ends. Timed from the moment the key was set
    // (Redis and the fake server share this machine's clock), not from the 429's `end`: on a loaded machine the
    // throttled worker may read its answer hundreds of ms late, and slots granted before the pause are legitimate.
    // A request granted just before the pause may still arrive within the 300 ms delivery allowance used above,
    // and at most one such (the in-flight cap minus the throttled worker's own slot).
    const throttled = reqs.find((r) => r.status === 429)!;
    expect(until, 'the 429 set no pool pause').toBeDefined();
    const setAt = until! - 1000;
    expect(setAt).toBeGreaterThanOrEqual(throttled.end - 5);
    const during = reqs.filter((r) => r.at > setAt + 300 && r.at < until!);
    expect(during.length, JSON.stringify(during.map((r) => ({ at: r.at - setAt, status: r.status })))).toBeLessThanOrEqual(IN_FLIGHT - 1);
    expect(reqs.some((r) => r.at >= until!)).toBe(true);

    // All work done, and the key is in no result, log, job or Redis value.
    const q = new Queue('api', { connection: parseRedisUrl(redis.url) });
    try {
      expect(await q.getJobCounts('completed', 'failed')).toEqual({ completed: 3, failed: 0 });
      const jobs = await q.getJobs(['completed']);
      expect(JSON.stringify(jobs.map((j) => [j.data, j.returnvalue, j.progress]))).not.toContain(KEY);
    } finally {
      await q.close();
    }
    expect(await redisDump(redis.url)).not.toContain(KEY);
    for (const w of ws) expect(w.out()).not.toContain(KEY);
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(KEY);
    const col = await runCli(['queue', 'collect', '--redis', redis.url, '--queue', 'api', '--out', join(dir, 'col')]);
    expect(col.code, col.stderr).toBe(0);
    for (const f of filesUnder(join(dir, 'col'))) expect(readFileSync(f, 'utf8')).not.toContain(KEY);
  }, 300_000);

  it('refuses to submit a job carrying a secret', async () => {
    process.env.OPENAI_API_KEY = KEY;
    try {
      const r = await runCli([
        'queue',
        'submit',
        '--redis',
        redis.url,
        '--queue',
        'api2',
        '-m',
        'openai:x',
        '-t',
        'DemoSTS',
        '--prompts',
        JSON.stringify({ query: KEY }),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/contains the value of a secret environment variable/);
      expect(r.stderr).not.toContain(KEY);
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });
});
