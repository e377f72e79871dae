import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { pathNameError, userPath } from '../../core/safe-path.js';
import { runCli } from '../helpers/cli.js';

// Issue 12 item 11: cases that used to exit 0 with null scores or with a raw Node error.
const dir = mkdtempSync(join(tmpdir(), 'mteb-silent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function taskFile(name: string, type: string, file: string, content: string): string {
  const data = join(dir, 'data', name);
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, file), content);
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `- name: ${name}\n  type: ${type}\n  dataset: { path: ./data/${name} }\n  languages: [eng-Latn]\n`);
  return f;
}

describe('an empty split fails with a clear error instead of null scores', () => {
  for (const type of ['STS', 'PairClassification', 'Summarization']) {
    it(type, async () => {
      const f = taskFile(`Empty${type}`, type, 'test.jsonl', '');
      const out = join(dir, `out-${type}`);
      const r = await runCli(['run', '-m', 'random', '--task-file', f, '-t', `Empty${type}`, '--output-folder', out, '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`the split has no .*task Empty${type}.*file .*test\\.jsonl`));
      // No result file with null scores was written.
      const written = readdirSync(out, { recursive: true })
        .map(String)
        .filter((p) => p.endsWith(`Empty${type}.json`));
      expect(written).toEqual([]);
    });
  }
});

describe('a NUL byte or an over-long name is a ConfigError (exit 2), not a raw Node error', () => {
  const long = 'a'.repeat(300);
  it.each([
    ['--output-folder', join(dir, long, 'x'), /--output-folder ".*" has a name longer than 255 bytes/],
    ['--output-folder', join(dir, 'a\0b'), /--output-folder ".*" contains a NUL byte/],
    ['--cache-dir', join(dir, long), /--cache-dir ".*" has a name longer than 255 bytes/],
    ['--prediction-folder', join(dir, 'p\0'), /--prediction-folder ".*" contains a NUL byte/],
  ])('%s %#', async (flag, value, msg) => {
    // A repeated option takes its last value, so the bad value comes after a good --output-folder.
    const r = await runCli(['run', '-m', 'random', '-t', 'DemoSTS', '--output-folder', join(dir, 'o'), flag!, value!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/ENAMETOOLONG|ERR_INVALID_ARG|must be a string, Uint8Array/);
  });

  it('userPath checks the whole path and every component', () => {
    expect(userPath('/tmp/ok/dir', 'x')).toBe('/tmp/ok/dir');
    expect(() => userPath(`/${'b/'.repeat(2100)}`, '--x')).toThrow(/longer than 4095 bytes/);
    expect(() => userPath('é'.repeat(128), '--x')).toThrow(ConfigError); // 256 bytes in UTF-8
  });

  it('raw Node path errors thrown anywhere map to a ConfigError', () => {
    for (const bad of [`/tmp/${long}`, '/tmp/a\0b']) {
      let caught: unknown;
      try {
        mkdirSync(bad);
      } catch (e) {
        caught = e;
      }
      expect(pathNameError(caught)).toBeInstanceOf(ConfigError);
    }
    expect(pathNameError(new Error('other'))).toBeUndefined();
  });
});

describe('data warnings reach the warn path (shown without -v)', () => {
  it('duplicate ids and qrels naming unknown documents', async () => {
    const { evaluate } = await import('../../runners/evaluate.js');
    const { functionEncoder } = await import('../helpers/eval-context.js');
    const task = {
      name: 'WarnRetrieval',
      type: 'Retrieval',
      description: 'test',
      dataset: { path: 'test/WarnRetrieval', revision: 'x' },
      evalSplits: ['test'],
      subsets: { default: ['eng-Latn'] },
      mainScore: 'ndcg_at_10',
      origin: 'custom',
      inline: {
        corpus: {
          test: [
            { _id: 'd1', text: 'a b' },
            { _id: 'd2', text: 'c d' },
            { _id: 'd1', text: 'dup' },
          ],
        },
        queries: { test: [{ _id: 'q1', text: 'a' }] },
        default: {
          test: [
            { 'query-id': 'q1', 'corpus-id': 'd1', score: 1 },
            { 'query-id': 'q1', 'corpus-id': 'zz', score: 1 },
          ],
        },
      },
    } as const;
    const enc = functionEncoder((texts) => ({ rows: texts.length, cols: 2, data: Float32Array.from(texts.flatMap((t) => [t.length, 1])) }));
    const warnings: string[] = [];
    const logs: string[] = [];
    const r = await evaluate(enc, [task as never], { outputFolder: null, warn: (m) => warnings.push(m), log: (m) => logs.push(m), raiseError: true });
    expect(r.failures).toEqual([]);
    const w = warnings.join('\n');
    expect(w).toMatch(/WarnRetrieval test\/default: duplicate document id "d1"/);
    expect(w).toMatch(/1 qrels judgement\(s\) .* name documents that are not in the corpus/);
    expect(logs.join('\n')).not.toMatch(/duplicate document id/);
  });
});
