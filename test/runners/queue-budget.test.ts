import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../models/rate-limiter.js';
import { parseRedisUrl } from '../../runners/queue/connection.js';
import { runCli } from '../helpers/cli.js';
import { type FakeApi, maxInWindow, startFakeApi } from '../helpers/openai-server.js';
import { spawnCli } from '../helpers/queue-procs.js';
import { queueSuite } from '../helpers/queue-suite.js';
import { monitorRedis, type RedisMonitor } from '../helpers/redis-monitor.js';

/**
 * API models in a pool: the rpm/tpm/in-flight limits and a 429's Retry-After are shared by every worker through
 * Redis, measured at a local OpenAI-compatible server (100 ms per request); the API key reaches the server and
 * nothing else (Redis, job data, logs, results).
 */
const KEY = 'sk-pool-SECRET-key-0123456789abcdef';
const suite = queueSuite('mteb-budget-');
const { have: HAVE, dir, procs } = suite;
let api: FakeApi;

beforeAll(async () => {
  if (HAVE) api = await startFakeApi({ latencyMs: 100, expectKey: KEY });
});
afterAll(async () => {
  await api?.close();
});

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? filesUnder(join(d, f)) : [join(d, f)]));
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
    // Every grant of the budget, as Redis executed it (MONITOR, Redis's clock): the ACQUIRE script's ZADDs carry
    // the grant time as their score and `<id>:<tokens>` as the tokens member; the pause is a SET of its end time.
    const monitor: RedisMonitor = await monitorRedis(parseRedisUrl(suite.redis.url));
    const sub = await runCli([
      'queue',
      'submit',
      '--redis',
      suite.redis.url,
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
    const out = join(dir, 'out');
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: api.url };
    const ws = [1, 2, 3].map((i) => {
      const p = spawnCli(
        ['worker', '--redis', suite.redis.url, '--queue', 'api', '--output-folder', out, '--no-cache', '--exit-when-idle', '--worker-id', `api${i}`],
        env,
      );
      procs.push(p);
      return p;
    });
    expect(await Promise.all(ws.map((w) => w.exited)), ws.map((w) => w.out()).join('\n')).toEqual([0, 0, 0]);

    monitor.close();
    const reqs = api.requests;
    const ok = reqs.filter((r) => r.status === 200);
    expect(reqs.every((r) => r.auth === `Bearer ${KEY}`)).toBe(true);
    expect(ok.length).toBeGreaterThan(2 * RPM);
    const budgetKey = (suffix: string) => (c: { source: string; args: string[] }) =>
      c.source === 'lua' &&
      c.args[0]?.toUpperCase() === 'ZADD' &&
      /^mteb-ts:budget:\{api:openai:fake-embed.*\}:/.test(c.args[1] ?? '') &&
      c.args[1]!.endsWith(suffix);
    const grants = monitor.commands.filter(budgetKey(':req')).map((c) => Number(c.args[2]));
    const tokens = monitor.commands.filter(budgetKey(':tok')).map((c) => ({ at: Number(c.args[2]), n: Number(/:(\d+)$/.exec(c.args[3]!)![1]) }));
    // Every request the server saw was granted, once (retries included: each HTTP attempt takes a grant).
    expect(grants).toHaveLength(reqs.length);
    // The limits, where they are enforced: any WINDOW ms of grant times (Redis's clock; an entry leaves the sliding
    // window when it is WINDOW old) holds at most RPM grants and TPM tokens.
    const peakIn = (xs: { at: number; n: number }[]) =>
      Math.max(...xs.map((x) => xs.filter((y) => y.at >= x.at && y.at < x.at + WINDOW).reduce((a, y) => a + y.n, 0)));
    const peakGrants = peakIn(grants.map((at) => ({ at, n: 1 })));
    const peakTokens = peakIn(tokens);
    // At the server, by arrival time: a granted request reaches it a little later (more on a loaded machine), so
    // these are reported; the in-flight cap holds there exactly, since a request's time at the server lies inside
    // its lease.
    const peakExact = maxInWindow(reqs, WINDOW);
    const peakTok = maxInWindow(reqs, WINDOW, (r) => estimateTokens(r.texts));
    const span = (grants.at(-1)! - grants[0]!) / 1000;
    console.log(
      `pool budget: ${reqs.length} requests granted over ${span.toFixed(1)} s; per ${WINDOW} ms window peak ${peakGrants}/${RPM} grants and ${peakTokens}/${TPM} tokens (at the server by arrival: ${peakExact} requests, ${peakTok} tokens); peak in flight ${api.maxInFlight()}/${IN_FLIGHT}`,
    );
    expect(peakGrants).toBeLessThanOrEqual(RPM);
    expect(peakTokens).toBeLessThanOrEqual(TPM);
    expect(api.maxInFlight()).toBeLessThanOrEqual(IN_FLIGHT);
    // The limit binds: the k-th and (k + RPM)-th grants are at least a window apart.
    expect(span * 1000).toBeGreaterThanOrEqual((Math.ceil(grants.length / RPM) - 1) * WINDOW);

    // Pool pause: the worker that got the 429 sets the pause (a SET of its end time, on Redis's clock) before it
    // frees its in-flight slot; no grant at all falls inside it.
    const pause = monitor.commands.find((c) => c.source === 'lua' && c.args[0]?.toUpperCase() === 'SET' && /:pause$/.test(c.args[1] ?? ''));
    expect(pause).toBeDefined();
    const pausedUntil = Number(pause!.args[2]);
    expect(pausedUntil - pause!.at).toBeGreaterThan(900);
    expect(grants.filter((g) => g >= pause!.at && g < pausedUntil)).toEqual([]);
    expect(grants.some((g) => g >= pausedUntil)).toBe(true);
    // At the server: every grant before the pause still holds its in-flight slot until its request is answered, and the throttled
    // worker holds its own until after it set the pause: whatever arrives from then until the pause ends is one of
    // those, at most the cap minus that one slot (arrival times are this machine's clock, as Redis's are).
    const throttled = reqs.find((r) => r.status === 429)!;
    expect(pause!.at).toBeGreaterThanOrEqual(throttled.end - 5);
    const during = reqs.filter((r) => r.at > pause!.at && r.at < pausedUntil);
    expect(during.length, JSON.stringify(during.map((r) => ({ at: r.at - pause!.at, status: r.status })))).toBeLessThanOrEqual(IN_FLIGHT - 1);
    expect(reqs.some((r) => r.at >= pausedUntil)).toBe(true);

    // All work done, and the key is in no result, log, job or Redis value.
    const q = new Queue('api', { connection: parseRedisUrl(suite.redis.url) });
    try {
      expect(await q.getJobCounts('completed', 'failed')).toEqual({ completed: 3, failed: 0 });
      const jobs = await q.getJobs(['completed']);
      expect(JSON.stringify(jobs.map((j) => [j.data, j.returnvalue, j.progress]))).not.toContain(KEY);
    } finally {
      await q.close();
    }
    expect(await redisDump(suite.redis.url)).not.toContain(KEY);
    for (const w of ws) expect(w.out()).not.toContain(KEY);
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(KEY);
    const col = await runCli(['queue', 'collect', '--redis', suite.redis.url, '--queue', 'api', '--out', join(dir, 'col')]);
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
        suite.redis.url,
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
