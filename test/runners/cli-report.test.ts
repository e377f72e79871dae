import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, describeError, withContext } from '../../core/errors.js';
import { runCli } from '../helpers/cli.js';
import { writeMirrorRepo, writePrecomputed } from '../helpers/mirror.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const count = (text: string, part: string) => text.split(part).length - 1;

describe('one error-reporting path', () => {
  it('an error keeps one hint however often context is added (subset, then task and model)', () => {
    const e = withContext(
      withContext(new DatasetError('not in the cache', { hint: 'run mteb-ts download' }), { task: 'T', split: 'test', subset: 'default' }),
      { task: 'T', model: 'm' },
    ) as Error;
    expect(count(e.message, 'hint:')).toBe(1);
    expect(e.message).toBe('not in the cache [task T, split test, subset default, model m]\n  hint: run mteb-ts download');
    expect(describeError(e)).toEqual({ message: 'not in the cache [task T, split test, subset default, model m]', hint: 'run mteb-ts download' });
    expect(describeError(new Error('plain'))).toEqual({ message: 'plain' });
  });

  // Two tasks whose texts the precomputed folder lacks: the same hint for both.
  const STSB_REV = 'b0fddb56ed78048fa8b90373c8a3cfc37b684831';
  const BIOSSES_REV = 'd3fb88f8f02e40887cd149695127462bbcf29b4a';
  const rows = (tag: string) => [
    { sentence1: `a ${tag}`, sentence2: `b ${tag}`, score: 1 },
    { sentence1: `c ${tag}`, sentence2: `d ${tag}`, score: 3 },
  ];
  const mirror = join(tmp, 'mirror');
  writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, { test: rows('bio') });
  writeMirrorRepo(mirror, 'mteb/stsbenchmark-sts', STSB_REV, { test: rows('stsb') });
  const vectors = writePrecomputed(join(tmp, 'vectors'), ['something else']);
  const args = ['run', '-m', `precomputed:${vectors}`, '-t', 'STSBenchmark', 'BIOSSES', '--hub-mirror', mirror, '--output-folder', join(tmp, 'out')];
  const HINT = '`mteb-ts texts -t <Task> --out texts.jsonl` lists every text a run needs';

  it('each failure is printed once and a shared hint once', async () => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(count(r.stderr, 'not in the precomputed embeddings')).toBe(2);
    expect(count(r.stderr, 'task STSBenchmark')).toBe(1);
    expect(count(r.stderr, 'task BIOSSES')).toBe(1);
    expect(count(r.stderr, HINT)).toBe(1);
    expect(r.stderr).toMatch(/FAILED: STSBenchmark, BIOSSES \(errors above\)\nhint: `mteb-ts texts -t <Task>/);
    expect(r.stdout).toMatch(/0\/2 tasks done, 2 failed/);
  });

  it('--json carries the message and the hint apart, the hint once per failure', async () => {
    const r = await runCli([...args, '--json']);
    expect(r.code).toBe(1);
    const failures = JSON.parse(r.stdout).failures as { task: string; error: string; hint?: string }[];
    expect(failures.map((f) => f.task)).toEqual(['STSBenchmark', 'BIOSSES']);
    for (const f of failures) {
      expect(f.error).toMatch(/not in the precomputed embeddings/);
      expect(f.error).not.toContain('hint');
      expect(f.hint).toContain(HINT);
    }
  });

  it('a command-level error prints its hint once, and its stack only with -v', async () => {
    const r = await runCli(['run', '-m', 'randon', '-t', 'STS12']);
    expect(r.code).toBe(2);
    expect(count(r.stderr, 'hint:')).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const v = await runCli(['run', '-m', 'randon', '-t', 'STS12', '-v']);
    expect(v.stderr).toMatch(/\n\s+at /);
  });
});
