/**
 * The `glove` model without its 300 MB package: a small word-vector file in the package's JSON layout, generated
 * here, goes through the streaming converter, the packed cache and the averaging encoder. The expectations come
 * from JSON.parse of the same file and a mean computed here, not from the converter.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { convertWinkJson, gloveCachePath, gloveEncoder, loadGlove, resetGlove, unpackGlove } from '../../models/glove.js';

const tmp = mkdtempSync(join(tmpdir(), 'glove-fixture-'));
afterAll(() => {
  resetGlove();
  rmSync(tmp, { recursive: true, force: true });
});
const ctx: EncodeContext = { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' };

// Words that stress the parser: punctuation, an escaped quote and backslash, non-ASCII, a \u escape, and a word
// listed twice (JSON.parse keeps the last "vectors" entry of a key).
const WORDS = ['the', ',', 'cat', 'sat', 'mat', 'say "hi"', 'back\\slash', 'café', 'naïve', 'dog', 'cat'];
// Values with up to 6 significant digits, some tiny (written in exponent form by JSON).
const vec = (i: number) =>
  Array.from({ length: 100 }, (_, d) => Number(((((i + 1) * (d + 3)) % 17) / 7 - 1.1).toPrecision(6)) * (d % 5 === 0 ? 1e-7 : 1));
const text = [
  '{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":11,"dimensions":100,"words":',
  JSON.stringify(WORDS).replace('"naïve"', '"na\\u00efve"'),
  ',\n "vectors": {',
  WORDS.map((w, i) => `${JSON.stringify(w)}: [${[...vec(i), 1.5, i].join(', ')}]`).join(',\n'),
  '},"unkVector":[' + Array(102).fill(0).join(',') + ']}',
].join('');
const file = join(tmp, 'fixture-sg-100d.json');
writeFileSync(file, text);

describe('glove on a generated word-vector fixture', () => {
  it('the streaming converter equals JSON.parse of the file, row by row', () => {
    const parsed = JSON.parse(text) as { words: string[]; vectors: Record<string, number[]> };
    const { table } = convertWinkJson(file);
    expect(table.vectors.length).toBe(parsed.words.length * 100);
    parsed.words.forEach((w, i) =>
      expect(Array.from(table.vectors.subarray(i * 100, i * 100 + 100))).toEqual(Array.from(Float32Array.from(parsed.vectors[w]!.slice(0, 100)))),
    );
    expect(table.index.get('naïve')).toBe(8);
    expect(table.index.get('say "hi"')).toBe(5);
    expect(table.index.get('cat')).toBe(2); // the first row of a repeated word
  });

  it('writes the packed cache once and reads it back identical', async () => {
    resetGlove();
    const cacheDir = join(tmp, 'cache');
    const t = await loadGlove(cacheDir, { json: file, version: 'fixture' });
    const back = unpackGlove(readFileSync(gloveCachePath('fixture', cacheDir)))!;
    expect(Array.from(back.vectors)).toEqual(Array.from(t.vectors));
    expect([...back.index]).toEqual([...t.index]);
  });

  it('averages the vectors of the kept tokens (ST WhitespaceTokenizer), zero vector when none is known', async () => {
    resetGlove();
    const t = await loadGlove(join(tmp, 'cache'), { json: file, version: 'fixture' });
    const enc = gloveEncoder(t, 'fixture');
    const m = await enc.encode(['The cat sat on the mat.', 'Café, naïve DOG!', 'of the ,'], ctx);
    const parsed = JSON.parse(text) as { vectors: Record<string, number[]> };
    // ST tries each token as is, stripped of punctuation, lowercased: "The" ends as the stop word "the", "on" is a
    // stop word, so the kept words are cat, sat, mat; then café, naïve, dog; the third text keeps none.
    const mean = (ws: string[]) => Array.from({ length: 100 }, (_, d) => ws.reduce((a, w) => a + Math.fround(parsed.vectors[w]![d]!), 0) / ws.length);
    const close = (got: Float32Array, want: number[]) => got.forEach((x, d) => expect(x).toBeCloseTo(want[d]!, 6));
    close(m.data.subarray(0, 100), mean(['cat', 'sat', 'mat']));
    close(m.data.subarray(100, 200), mean(['café', 'naïve', 'dog']));
    expect(Array.from(m.data.subarray(200, 300)).every((x) => x === 0)).toBe(true);
    expect(enc.revision).toBe('fixture');
  });
});
