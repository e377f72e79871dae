import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fatalCode, withRetry } from '../../core/http.js';
import { runCli } from '../helpers/cli.js';
import { closedPort, restoreHubEnvAfterEach, useDeadHub } from '../helpers/dead-hub.js';

describe('an unreachable hub fails fast, once, with the ways out', () => {
  restoreHubEnvAfterEach();

  it('connection refused is not retried, and later requests to that origin fail without trying', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/x`;
    const sleeps: number[] = [];
    const policy = { timeoutMs: 5000, maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000, sleep: async (ms: number) => void sleeps.push(ms) };
    const first = await withRetry(url, policy, (signal) => fetch(url, { signal })).catch((e: unknown) => e);
    expect(fatalCode(first)).toBe('ECONNREFUSED');
    expect(sleeps).toEqual([]); // no backoff at all
    const second = await withRetry(url, policy, () => Promise.reject(new Error('must not be called'))).catch((e: Error) => e);
    expect((second as Error).message).toMatch(/not tried again/);
  });

  it('a benchmark-sized run against a dead endpoint reports every task at once, each with one hint', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dead-hub-'));
    await useDeadHub(join(root, 'cache'));
    const tasks = ['STSBenchmark', 'SICK-R', 'STS12', 'STS13', 'BIOSSES', 'Banking77Classification'];
    const r = await runCli(['run', '-m', 'lexical', '-t', ...tasks, '--output-folder', join(root, 'out'), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { failures: { task: string; error: string; hint?: string }[] };
    expect(report.failures.map((f) => f.task).sort()).toEqual([...tasks].sort());
    for (const f of report.failures) {
      expect(f.error).toMatch(/unreachable \(ECONNREFUSED\)/);
      // --json carries the message and the hint apart (runners/cli-report.ts), the hint once.
      expect(f.error).not.toMatch(/hint/);
      expect(f.hint?.match(/HF_HUB_OFFLINE=1/g)?.length).toBe(1);
      expect(f.hint).toMatch(/--offline/);
      expect(f.hint).toMatch(/--hub-mirror/);
      expect(f.hint).toMatch(/mteb-ts download/);
    }
    expect(report.failures.filter((f) => /not tried again/.test(f.error)).length).toBe(tasks.length - 1);
  });
});
