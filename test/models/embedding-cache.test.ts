import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder } from '../../core/encoder.js';
import { EmbeddingStore, embeddingKey, withEmbeddingCache } from '../../models/embedding-cache.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const task = { name: 'T', type: 'Retrieval' } as never;
const ctx = (promptType?: 'query' | 'document'): EncodeContext => ({ task, split: 'test', subset: 'default', promptType });

/** A fake model whose vector depends on the text and the prompt type, and that counts what it encodes. */
function fakeModel(failAfter = Infinity): Encoder & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'fake/model',
    revision: 'r1',
    meta: { name: 'fake/model' },
    calls,
    resolvePrompt: (c) => (c.promptType === 'query' ? 'query: ' : c.promptType === 'document' ? 'passage: ' : undefined),
    async encode(texts, c) {
      if (calls.length + texts.length > failAfter) throw new Error('simulated crash');
      calls.push(...texts);
      const data = new Float32Array(texts.length * 3);
      texts.forEach((t, i) => data.set([t.length, c.promptType === 'query' ? 1 : 2, i], i * 3));
      return { rows: texts.length, cols: 3, data };
    },
  };
}

const tmp = tempDirs('emb-cache-');

describe('embedding cache', () => {
  it('keys on model, revision, prompt, prompt type and text', () => {
    const a = embeddingKey('m', 'r', 'query: ', 'query', 'x');
    expect(embeddingKey('m', 'r', 'passage: ', 'document', 'x')).not.toBe(a);
    expect(embeddingKey('m', 'r2', 'query: ', 'query', 'x')).not.toBe(a);
    expect(embeddingKey('m2', 'r', 'query: ', 'query', 'x')).not.toBe(a);
    expect(embeddingKey('m', 'r', 'query: ', 'query', 'x')).toBe(a);
  });

  it('keys stay those earlier versions wrote: first 16 bytes of sha256 over the compact JSON list', () => {
    // python3 -c "import hashlib,json; s=json.dumps(args, separators=(',',':'), ensure_ascii=False); print(hashlib.sha256(s.encode()).hexdigest()[:32])"
    expect(embeddingKey('m', 'r', 'query: ', 'query', 'x')).toBe('98792f3ef51d344ea950638f38dcd362');
    expect(
      embeddingKey('sentence-transformers/all-MiniLM-L6-v2', '8b3219a92973c328a8e22fadcfa821b5dc75636a', '', '', 'caf\u00e9 \u2603', 'dtype=fp32'),
    ).toBe('520f83b05d6c8b396bec46999bc857c0');
  });

  it('returns the model output, encodes each distinct text once, and serves a warm rerun without the model', async () => {
    const dir = tmp();
    const inner = fakeModel();
    const enc = withEmbeddingCache(inner, dir, 2);
    const texts = ['a', 'bb', 'a', 'ccc', 'dddd'];
    const cold = await enc.encode(texts, ctx('document'));
    expect(inner.calls).toEqual(['a', 'bb', 'ccc', 'dddd']);
    expect(Array.from(cold.data.subarray(0, 3))).toEqual([1, 2, 0]);
    expect(Array.from(cold.data.subarray(6, 9))).toEqual(Array.from(cold.data.subarray(0, 3)));

    const inner2 = fakeModel();
    const warm = await withEmbeddingCache(inner2, dir, 2).encode(texts, ctx('document'));
    expect(inner2.calls).toEqual([]);
    expect(warm.data).toEqual(cold.data);
  });

  it('misses when a setting that changes the vectors changes (cacheIdentity: dtype, dimensions, endpoint, ...)', async () => {
    const dir = tmp();
    const fp32 = { ...fakeModel(), cacheIdentity: 'dtype=fp32' };
    await withEmbeddingCache(fp32, dir).encode(['x'], ctx());
    const q8 = Object.assign(fakeModel(), { cacheIdentity: 'dtype=q8' });
    await withEmbeddingCache(q8, dir).encode(['x'], ctx());
    expect(q8.calls).toEqual(['x']);
    const again = Object.assign(fakeModel(), { cacheIdentity: 'dtype=fp32' });
    await withEmbeddingCache(again, dir).encode(['x'], ctx());
    expect(again.calls).toEqual([]);
  });

  it('never lets a query and a document with the same text share an entry', async () => {
    const dir = tmp();
    const inner = fakeModel();
    const enc = withEmbeddingCache(inner, dir);
    const q = await enc.encode(['same text'], ctx('query'));
    const d = await enc.encode(['same text'], ctx('document'));
    expect(inner.calls).toEqual(['same text', 'same text']);
    expect(q.data[1]).toBe(1);
    expect(d.data[1]).toBe(2);
  });

  it('resumes an interrupted run from the chunks already saved', async () => {
    const dir = tmp();
    const texts = Array.from({ length: 10 }, (_, i) => `t${i}`);
    await expect(withEmbeddingCache(fakeModel(6), dir, 3).encode(texts, ctx())).rejects.toThrow('simulated crash');
    const again = fakeModel();
    await withEmbeddingCache(again, dir, 3).encode(texts, ctx());
    expect(again.calls).toEqual(['t6', 't7', 't8', 't9']);
  });

  it('ignores temporary files and truncated segments left by a crash', async () => {
    const dir = tmp();
    const enc = withEmbeddingCache(fakeModel(), dir, 2);
    await enc.encode(['a', 'b', 'c'], ctx());
    const folder = enc.store.folder;
    const segs = readdirSync(folder).filter((f) => f.endsWith('.emb'));
    expect(segs.length).toBe(2);
    writeFileSync(join(folder, '.half-written.emb.123.tmp'), 'garbage');
    // Truncate the two-entry segment (the larger file).
    const first = segs.map((f) => join(folder, f)).sort((x, y) => statSync(y).size - statSync(x).size)[0]!;
    truncateSync(first, statSync(first).size - 4);
    const store = new EmbeddingStore(dir, 'fake/model', 'r1');
    expect(store.size).toBe(1);
    expect(store.skipped).toEqual([first]);
    const inner = fakeModel();
    await withEmbeddingCache(inner, dir, 2).encode(['a', 'b', 'c'], ctx());
    expect(inner.calls.length).toBe(2); // the truncated segment's two texts are recomputed
  });

  it('does not cache a batch with NaN', async () => {
    const dir = tmp();
    const bad: Encoder = {
      name: 'bad',
      meta: { name: 'bad' },
      encode: async (t) => ({ rows: t.length, cols: 1, data: new Float32Array(t.length).fill(NaN) }),
    };
    await expect(withEmbeddingCache(bad, dir).encode(['x'], ctx())).rejects.toThrow(/non-finite.*model bad/);
    expect(new EmbeddingStore(dir, 'bad', undefined).size).toBe(0);
  });

  it('is safe when two processes fill the same cache at once', () => {
    const dir = tmp();
    const script = `
      import { withEmbeddingCache } from ${JSON.stringify(join(process.cwd(), 'models/embedding-cache.ts'))};
      const enc = withEmbeddingCache({ name: 'fake/model', revision: 'r1', meta: { name: 'fake/model' },
        async encode(texts) { const d = new Float32Array(texts.length * 2); texts.forEach((t, i) => d.set([t.length, 7], i * 2)); return { rows: texts.length, cols: 2, data: d }; } },
        ${JSON.stringify(dir)}, 50);
      const texts = Array.from({ length: 400 }, (_, i) => 'text number ' + i);
      const m = await enc.encode(texts, { task: { name: 'T' }, split: 'test', subset: 'default' });
      process.stdout.write(String(m.data.reduce((a, b) => a + b, 0)));
    `;
    const file = join(dir, 'worker.mts');
    writeFileSync(file, script);
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    const [a, b] = [run, run].map((f) => f());
    expect(a).toBe(b);
    const store = new EmbeddingStore(dir, 'fake/model', 'r1');
    expect(store.size).toBe(400);
    expect(store.skipped).toEqual([]);
  });
});
