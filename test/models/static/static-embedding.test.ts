import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../../core/encoder.js';
import { getModel, parseModelId } from '../../../models/registry.js';
import type { StaticEmbeddingEncoder } from '../../../models/static/static-embedding.js';

// Fixtures and references: scripts/fixtures/make-static-embedding.py (numpy 1.24.2; token ids from the WordPiece /
// WordLevel algorithms re-implemented there; vectors as model2vec/model.py and sentence-transformers'
// StaticEmbedding compute them).
const FIX = join(import.meta.dirname, '../../fixtures/static-embedding');
type Vecs = number[][];
const refs = JSON.parse(readFileSync(join(FIX, 'references.json'), 'utf8')) as {
  texts: string[];
  median_token_length: number;
  ids: { bert: number[][]; wordlevel: number[][] };
  m2v: { static: Vecs; static_dims4: Vecs; model2vec: Vecs; model2vec_dims4: Vecs };
  st: { static: Vecs; model2vec: Vecs; static_query: Vecs };
  quant: { model2vec: Vecs };
  wordlevel: { static: Vecs; model2vec: Vecs };
};
const ctx: EncodeContext = { task: { name: 'T', type: 'STS' } as never, split: 'test', subset: 'default' };
const tmp = mkdtempSync(join(tmpdir(), 'static-emb-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const open = (id: string) => getModel(id, { noCache: true }) as Promise<StaticEmbeddingEncoder>;

// The references average in float64; sentence-transformers (torch EmbeddingBag) and model2vec (numpy) average in
// float32, each in its own order, which moves results by up to ~5e-6 on the 2,100-token text.
function expectRows(got: { rows: number; cols: number; data: Float32Array }, want: Vecs, tol = 5e-7): void {
  expect(got.rows).toBe(want.length);
  want.forEach((w, i) => {
    expect(got.cols).toBe(w.length);
    for (let d = 0; d < w.length; d++) expect(Math.abs(got.data[i * got.cols + d]! - w[d]!), `text ${i} dim ${d}`).toBeLessThanOrEqual(tol);
  });
}

describe('tokenizer.json ids', () => {
  it('WordPiece and WordLevel ids without special tokens equal the reference algorithms', async () => {
    const bert = await open(`static:${join(FIX, 'm2v')}`);
    refs.texts.forEach((t, i) => expect(bert.tokenizer.encode(t), t.slice(0, 30)).toEqual(refs.ids.bert[i]));
    const wl = await open(`static:${join(FIX, 'wordlevel')}`);
    refs.texts.forEach((t, i) => expect(wl.tokenizer.encode(t), t.slice(0, 30)).toEqual(refs.ids.wordlevel[i]));
    expect(bert.tokenizer.unkId).toBe(1);
  });
});

describe('static: (sentence-transformers StaticEmbedding)', () => {
  it('model2vec layout with Normalize: mean of every id (unknown included), normalized', async () => {
    const enc = await open(`static:${join(FIX, 'm2v')}`);
    expect(enc.normalize).toBe(true);
    expectRows(await enc.encode(refs.texts, ctx), refs.m2v.static);
  });
  it('truncate_dim (?dimensions=4) cuts after normalization', async () => {
    const enc = await open(`static:${join(FIX, 'm2v')}?dimensions=4`);
    expect(enc.meta.embedDim).toBe(4);
    expectRows(await enc.encode(refs.texts, ctx), refs.m2v.static_dims4);
  });
  it('0_StaticEmbedding layout, tokenizer.json truncation, configured prompts', async () => {
    const enc = await open(`static:${join(FIX, 'st')}`);
    expect(enc.normalize).toBe(false);
    expectRows(await enc.encode(refs.texts, ctx), refs.st.static);
    expectRows(await enc.encode(refs.texts, { ...ctx, task: { name: 'R', type: 'Retrieval' } as never, promptType: 'query' }), refs.st.static_query);
    expect(enc.resolvePrompt({ ...ctx, promptType: 'query' })).toBe('the ');
  });
  it('WordLevel tokenizer', async () => {
    expectRows(await (await open(`static:${join(FIX, 'wordlevel')}`)).encode(refs.texts, ctx), refs.wordlevel.static);
  });
});

describe('model2vec: (StaticModel.encode)', () => {
  it('drops unknown tokens, cuts to 512 x median token length characters, normalizes with +1e-32', async () => {
    const enc = await open(`model2vec:${join(FIX, 'm2v')}`);
    expectRows(await enc.encode(refs.texts, ctx), refs.m2v.model2vec);
  });
  it('dimensionality cuts the matrix before averaging and normalizing', async () => {
    expectRows(await (await open(`model2vec:${join(FIX, 'm2v')}?dimensions=4`)).encode(refs.texts, ctx), refs.m2v.model2vec_dims4);
  });
  it('sentence-transformers layout, vocabulary-quantized (float16 + mapping + weights), WordLevel', async () => {
    expectRows(await (await open(`model2vec:${join(FIX, 'st')}`)).encode(refs.texts, ctx), refs.st.model2vec);
    expectRows(await (await open(`model2vec:${join(FIX, 'quant')}`)).encode(refs.texts, ctx), refs.quant.model2vec);
    expectRows(await (await open(`model2vec:${join(FIX, 'wordlevel')}`)).encode(refs.texts, ctx), refs.wordlevel.model2vec);
  });
});

describe('registry, identity, errors', () => {
  it('known static models route to the semantics mteb uses; list shows the providers', async () => {
    expect(parseModelId('minishlab/potion-base-8M')).toEqual({ scheme: 'static', spec: 'minishlab/potion-base-8M' });
    expect(parseModelId('sentence-transformers/static-retrieval-mrl-en-v1')).toEqual({
      scheme: 'static',
      spec: 'sentence-transformers/static-retrieval-mrl-en-v1',
    });
    expect(parseModelId('NeuML/pubmedbert-base-embeddings-100K').scheme).toBe('model2vec');
    expect(parseModelId('sentence-transformers/all-MiniLM-L6-v2').scheme).toBe('hf');
  });
  it('dimensions and semantics change the cache identity', async () => {
    const a = await open(`static:${join(FIX, 'm2v')}`);
    const b = await open(`static:${join(FIX, 'm2v')}?dimensions=4`);
    const c = await open(`model2vec:${join(FIX, 'm2v')}`);
    expect(new Set([a.cacheIdentity, b.cacheIdentity, c.cacheIdentity]).size).toBe(3);
  });
  it('missing folder, missing weights, wrong tensor, bad dimensions', async () => {
    await expect(open(`static:${join(tmp, 'nope')}`)).rejects.toThrow(/model folder does not exist.*nope/s);
    const d = join(tmp, 'broken');
    cpSync(join(FIX, 'm2v'), d, { recursive: true });
    rmSync(join(d, 'model.safetensors'));
    await expect(open(`static:${d}`)).rejects.toThrow(/no model\.safetensors.*broken[\\/]model\.safetensors/s);
    writeFileSync(join(d, 'model.safetensors'), Buffer.from('not a safetensors file at all'));
    await expect(open(`static:${d}`)).rejects.toThrow(/not a safetensors file.*byte offset 0/s);
    await expect(open(`static:${join(FIX, 'm2v')}?dimensions=99`)).rejects.toThrow(/dimensions 99 is more than the model's 16/);
    const full = readFileSync(join(FIX, 'm2v', 'model.safetensors'));
    writeFileSync(join(d, 'model.safetensors'), full.subarray(0, full.length - 8));
    await expect(open(`static:${d}`)).rejects.toThrow(/inconsistent offsets.*truncated/s);
  });
});
