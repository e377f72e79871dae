import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { type CrossEncoderModel, truncatePair } from '../../models/cross-encoder.js';
import { getModel, parseModelId } from '../../models/registry.js';

// Fixture and torch references: scripts/fixtures/make-tiny-cross-encoder.py (torch 1.13, pairs tokenized by the
// WordPiece algorithm re-implemented there, truncated as tokenizers' LongestFirst, Sigmoid on the logits).
const FIX = join(import.meta.dirname, '../fixtures/tiny-cross-encoder');
const refs = JSON.parse(readFileSync(join(FIX, 'references.json'), 'utf8')) as {
  max_length: number;
  pairs: [string, string][];
  input_ids: number[][];
  token_type_ids: number[][];
  logits: number[];
  scores: number[];
};
const ctx: EncodeContext = { task: { name: 'R', type: 'Reranking' } as never, split: 'test', subset: 'default' };
const tmp = mkdtempSync(join(tmpdir(), 'cross-enc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const open = (id: string, opts = {}) => getModel(id, { noCache: true, ...opts }) as Promise<CrossEncoderModel>;

describe('longest_first truncation', () => {
  it("follows tokenizers' LongestFirst", () => {
    const r = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(truncatePair(r(3), r(4), 10).map((x) => x.length)).toEqual([3, 4]);
    expect(truncatePair(r(3), r(20), 10).map((x) => x.length)).toEqual([3, 7]);
    expect(truncatePair(r(20), r(3), 10).map((x) => x.length)).toEqual([7, 3]);
    expect(truncatePair(r(8), r(9), 10).map((x) => x.length)).toEqual([5, 5]);
    expect(truncatePair(r(9), r(8), 11).map((x) => x.length)).toEqual([6, 5]);
    expect(truncatePair(r(30), r(0), 10).map((x) => x.length)).toEqual([10, 0]);
  });
});

describe('cross-encoder (tiny BERT)', () => {
  it('pair ids and token types equal the reference tokenization; scores equal torch', async () => {
    const enc = await open(`cross-encoder:${FIX}`);
    expect(enc.maxLength).toBe(refs.max_length);
    refs.pairs.forEach(([q, d], i) => {
      const p = enc.pairIds(q, d);
      expect(p.ids, `pair ${i}`).toEqual(refs.input_ids[i]);
      expect(p.types, `pair ${i}`).toEqual(refs.token_type_ids[i]);
    });
    const got = await enc.predict(refs.pairs, 3);
    refs.scores.forEach((s, i) => expect(Math.abs(got[i]! - s), `pair ${i}`).toBeLessThanOrEqual(2e-6));
    expect(enc.meta.extra).toMatchObject({ activation: 'Sigmoid', max_length: 24 });
  });
  it('the activation stored in config.json (Identity) gives the raw logits', async () => {
    const d = join(tmp, 'identity');
    cpSync(FIX, d, { recursive: true });
    const cfg = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
    cfg.sentence_transformers = { activation_fn: 'torch.nn.modules.linear.Identity' };
    writeFileSync(join(d, 'config.json'), JSON.stringify(cfg));
    const got = await (await open(`cross-encoder:${d}`)).predict(refs.pairs);
    refs.logits.forEach((s, i) => expect(Math.abs(got[i]! - s), `pair ${i}`).toBeLessThanOrEqual(1e-5));
  });
  it('reranks candidates (retrieve) and refuses a retrieval task without a first stage', async () => {
    const enc = await open(`cross-encoder:${FIX}`);
    const corpus = { ids: ['d1', 'd2', 'd3'], texts: [refs.pairs[0]![1], refs.pairs[1]![1], 'cats'] };
    const queries = { ids: ['q1'], texts: [refs.pairs[0]![0]] };
    const run = await enc.retrieve({ corpus, queries, topK: 10, candidates: new Map([['q1', ['d1', 'd2', 'missing']]]) }, ctx);
    expect([...run.get('q1')!.keys()]).toEqual(['d1', 'd2']);
    expect(Math.abs(run.get('q1')!.get('d1')! - refs.scores[0]!)).toBeLessThanOrEqual(2e-6);
    await expect(enc.retrieve({ corpus, queries, topK: 10 }, { ...ctx, task: { name: 'SciFact', type: 'Retrieval' } as never })).rejects.toThrow(
      /no top_ranked list and no first stage.*--first-stage/s,
    );
    await expect(enc.encode(['x'], { ...ctx, task: { name: 'STS12', type: 'STS' } as never })).rejects.toThrow(/cannot embed texts for STS/);
  });
  it('max_length option; errors name the file', async () => {
    const enc = await open(`cross-encoder:${FIX}?max_length=8`);
    expect(enc.pairIds(refs.pairs[3]![0], refs.pairs[3]![1]).ids.length).toBe(8);
    await expect(open(`cross-encoder:${FIX}`, { dtype: 'q8' })).rejects.toThrow(/no onnx\/model_quantized\.onnx/);
    await expect(open(`cross-encoder:${join(tmp, 'nope')}`)).rejects.toThrow(/does not exist/);
    expect(parseModelId('cross-encoder:foo/bar')).toEqual({ scheme: 'cross-encoder', spec: 'foo/bar' });
  });
});
