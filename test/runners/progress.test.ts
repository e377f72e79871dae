/**
 * #11 item 2: progress inside a task. The reporter is driven with a fake clock; the run test uses the tiny BERT
 * fixture through the real embedding cache.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { withEmbeddingCache } from '../../models/embedding-cache.js';
import type { CliIO } from '../../runners/cli-io.js';
import { type ProgressEvent, progressReporter, withProgress } from '../../runners/progress.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fakeIO(tty: boolean) {
  const lines: string[] = [];
  const status: string[] = [];
  const io: CliIO = { stdout: () => {}, stderr: (s) => lines.push(s), stderrIsTTY: tty, status: (s) => status.push(s) };
  return { io, lines, status };
}

describe('progress reporter', () => {
  it('on a TTY: a live line with texts done, texts/s and ETA; the cache hit rate as a line of its own', () => {
    let t = 0;
    const { io, lines, status } = fakeIO(true);
    const r = progressReporter(io, { now: () => t });
    r.onProgress({ kind: 'task', task: 'SciFact' });
    r.onProgress({ kind: 'encode', task: 'SciFact', where: 'test/default documents', texts: 5000 });
    r.onProgress({ kind: 'cache', task: 'SciFact', where: 'test/default documents', cached: 1000, total: 5000 });
    t = 10;
    r.onProgress({ kind: 'encoded', task: 'SciFact', where: 'test/default documents', done: 1000, total: 4000 });
    expect(lines).toEqual(['  SciFact test/default documents: 5000 texts, 1000 in the embedding cache (20%)']);
    // 1000 texts in 10 s: 100 texts/s, 3000 left: 30 s.
    expect(status.at(-1)).toBe('SciFact test/default documents: encoding 1000/4000 texts (25%), 100.0 texts/s, ETA 30s, 10s');
    r.onProgress({ kind: 'scoring', task: 'SciFact', where: 'test/default documents' });
    t = 75;
    r.onProgress({ kind: 'encoded', task: 'SciFact', where: 'x', done: 0, total: 0 }); // any event redraws
    r.onProgress({ kind: 'end', task: 'SciFact' });
    expect(status.at(-1)).toBe('');
    r.stop();
  });

  it('without a TTY: one line every 30 s, none before', () => {
    let t = 0;
    const { io, lines } = fakeIO(false);
    const r = progressReporter(io, { now: () => t });
    r.onProgress({ kind: 'task', task: 'T' });
    r.onProgress({ kind: 'encode', task: 'T', where: 'test/default', texts: 600 });
    for (t = 1; t < 30; t++) r.onProgress({ kind: 'encoded', task: 'T', where: 'test/default', done: t * 10, total: 600 });
    expect(lines).toEqual([]);
    t = 30;
    r.onProgress({ kind: 'encoded', task: 'T', where: 'test/default', done: 300, total: 600 });
    expect(lines).toEqual(['  T test/default: encoding 300/600 texts (50%), 10.0 texts/s, ETA 30s, 30s']);
    r.onProgress({ kind: 'scoring', task: 'T', where: 'test/default' });
    t = 61;
    r.onProgress({ kind: 'encoded', task: 'T', where: 'test/default', done: 0, total: 0 });
    expect(lines.at(-1)).toBe('  T test/default: scoring for 31s');
    r.stop();
  });

  it('--quiet prints nothing', () => {
    const { io, lines, status } = fakeIO(true);
    const r = progressReporter(io, { quiet: true });
    r.onProgress({ kind: 'cache', task: 'T', where: 'w', cached: 1, total: 2 });
    expect([...lines, ...status]).toEqual([]);
  });

  it('through the embedding cache, encode progress counts the texts actually encoded', async () => {
    const inner: Encoder = {
      name: 'fake/progress',
      meta: { name: 'fake/progress' },
      async encode(texts, ctx) {
        ctx.onProgress?.(texts.length, texts.length);
        return { rows: texts.length, cols: 2, data: new Float32Array(texts.length * 2).fill(1) };
      },
    };
    const events: ProgressEvent[] = [];
    const enc = withProgress(withEmbeddingCache(inner, join(tmp, 'cache'), 3), (e) => events.push(e));
    const ctx = { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' };
    await enc.encode(['a', 'b', 'c', 'd'], ctx);
    await enc.encode(['a', 'b', 'c', 'd', 'e'], ctx);
    const summary = events.map((e) =>
      e.kind === 'cache' ? `cache ${e.cached}/${e.total}` : e.kind === 'encoded' ? `done ${e.done}/${e.total}` : e.kind,
    );
    // Chunks of 3: the first call encodes 4 texts (3 + 1); the second finds 4 cached and encodes 1.
    expect(summary).toEqual([
      'encode',
      'cache 0/4',
      'done 3/4',
      'done 3/4',
      'done 4/4',
      'done 4/4',
      'scoring',
      'encode',
      'cache 4/5',
      'done 1/1',
      'done 1/1',
      'scoring',
    ]);
  });
});

describe('run: the cache hit rate as a task starts, and --quiet', () => {
  it('a second run of the same task reports every text in the cache; --quiet reports nothing', async () => {
    const data = join(tmp, 'data', 'sts');
    mkdirSync(data, { recursive: true });
    writeFileSync(
      join(data, 'test.jsonl'),
      ['{"sentence1":"a man plays","sentence2":"someone plays","score":4}', '{"sentence1":"the cat","sentence2":"a dog","score":1}'].join('\n') +
        '\n',
    );
    const taskFile = join(tmp, 'tasks.yaml');
    writeFileSync(taskFile, '- name: MySTS\n  type: STS\n  dataset: { path: ./data/sts }\n');
    const fixture = join(process.cwd(), 'test/fixtures/tiny-bert');
    const args = [
      'run',
      '-m',
      `hf:${fixture}`,
      '--task-file',
      taskFile,
      '-t',
      'MySTS',
      '--cache-dir',
      join(tmp, 'emb'),
      '--overwrite-strategy',
      'always',
    ];
    const first = await runCli([...args, '--output-folder', join(tmp, 'o1')]);
    expect(first.code).toBe(0);
    // STS encodes each column in its own call: the first call (2 texts) is reported, once per task.
    expect(first.stderr).toContain('MySTS test/default: 2 texts, 0 in the embedding cache (0%)');
    expect(first.stderr.split('embedding cache').length - 1).toBe(1);
    const second = await runCli([...args, '--output-folder', join(tmp, 'o2')]);
    expect(second.stderr).toContain('MySTS test/default: 2 texts, 2 in the embedding cache (100%)');
    const quiet = await runCli([...args, '--output-folder', join(tmp, 'o3'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('embedding cache');
  });
});
