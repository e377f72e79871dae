import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { getTask } from '../../tasks/registry.js';
import { runCli } from '../helpers/cli.js';
import { writeMirrorRepo } from '../helpers/mirror.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-exit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STSB_REV = 'b0fddb56ed78048fa8b90373c8a3cfc37b684831';
const mirror = join(tmp, 'mirror');
writeMirrorRepo(mirror, 'mteb/stsbenchmark-sts', STSB_REV, {
  test: [
    { sentence1: 'a man plays', sentence2: 'a man is playing', score: 4 },
    { sentence1: 'a cat sleeps', sentence2: 'markets fell', score: 0.5 },
    { sentence1: 'dogs run', sentence2: 'dogs are running', score: 3.5 },
  ],
});

describe('task names are matched case-insensitively when unambiguous', () => {
  it('-t stsbenchmark runs STSBenchmark', async () => {
    const r = await runCli(['run', '-m', 'lexical', '-t', 'stsbenchmark', '--hub-mirror', mirror, '--output-folder', join(tmp, 'out-case')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^STSBenchmark\s+test/m);
  });
  it('an exact name wins; a name matching two tasks in different cases is an error naming both', () => {
    const custom = { ...getTask('STSBenchmark'), name: 'stsbenchmark' } satisfies TaskMetadata;
    expect(getTask('stsbenchmark', {}, [custom])).toBe(custom);
    expect(getTask('STSBenchmark', {}, [custom]).name).toBe('STSBenchmark');
    expect(() => getTask('StsBenchmark', {}, [custom])).toThrow(/ambiguous[\s\S]*stsbenchmark, STSBenchmark/);
  });
});

describe('exit codes follow one rule (docs/cli.md)', () => {
  const keys = ['HF_HUB_OFFLINE', 'HF_HUB_CACHE', 'MTEB_HUB_MIRROR'] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  beforeEach(() => {
    process.env.HF_HUB_OFFLINE = '1';
    process.env.HF_HUB_CACHE = join(tmp, 'empty-cache');
    delete process.env.MTEB_HUB_MIRROR;
  });
  afterEach(() => {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('1 when a download fails, for a model as for a dataset', async () => {
    const model = await runCli(['run', '-m', 'hf:some-org/some-model', '-t', 'STSBenchmark', '--output-folder', join(tmp, 'out-model')]);
    expect(model.stderr).toMatch(/some-org\/some-model/);
    expect(model.code).toBe(1);
    const dataset = await runCli(['run', '-m', 'lexical', '-t', 'STSBenchmark', '--output-folder', join(tmp, 'out-data')]);
    expect(dataset.stderr).toMatch(/mteb\/stsbenchmark-sts/);
    expect(dataset.code).toBe(1);
  });

  it('2 when the command cannot run as given: unknown names, a missing input named on the command line', async () => {
    expect((await runCli(['run', '-m', 'lexical', '-t', 'NoSuchTask'])).code).toBe(2);
    expect((await runCli(['run', '-m', `precomputed:${join(tmp, 'nope')}`, '-t', 'STSBenchmark'])).code).toBe(2);
    expect((await runCli(['run', '-m', `module:${join(tmp, 'nope.mjs')}`, '-t', 'STSBenchmark'])).code).toBe(2);
    expect((await runCli(['embed', '-m', 'lexical', '--input', join(tmp, 'nope.txt'), '--out', join(tmp, 'e')])).code).toBe(2);
  });
});
