import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder, RetrievalRequest } from '../../core/encoder.js';
import { savePredictions } from '../../results/predictions.js';
import { topCandidates, withFirstStage } from '../../runners/first-stage.js';

const tmp = mkdtempSync(join(tmpdir(), 'first-stage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ctx: EncodeContext = { task: { name: 'MyRetrieval', type: 'Retrieval' } as never, split: 'test', subset: 'default', languages: ['eng-Latn'] };

/** A reranker that records the candidates it is given and scores them by doc id length. */
function recorder(): Encoder & { seen: Map<string, readonly string[]>[] } {
  const seen: Map<string, readonly string[]>[] = [];
  return {
    name: 'test/reranker',
    meta: { name: 'test/reranker' },
    seen,
    async encode() {
      throw new Error('no');
    },
    async retrieve(req: RetrievalRequest) {
      seen.push(new Map(req.candidates!));
      return new Map([...req.candidates!].map(([q, ds]) => [q, new Map(ds.map((d) => [d, d.length]))]));
    },
  };
}

const corpus = { ids: ['d1', 'd2', 'd3', 'd4'], texts: ['the cat sat on the mat', 'dogs bark loudly', 'a cat and a dog', 'stock markets fell'] };
const queries = { ids: ['q1', 'q2'], texts: ['cat mat', 'market'] };

describe('first stage', () => {
  it('top k by score, ties in file order (Python stable sort, as convert_to_reranking)', () => {
    const got = topCandidates(
      [
        [
          'q',
          [
            ['a', 1],
            ['b', 3],
            ['c', 3],
            ['d', 2],
          ],
        ],
      ],
      3,
    );
    expect(got.get('q')).toEqual(['b', 'c', 'd']);
  });
  it('reads the task predictions of an earlier run (mteb prediction folder layout)', async () => {
    savePredictions(tmp, {
      task: 'MyRetrieval',
      model: 'm',
      split: 'test',
      subset: 'default',
      predictions: { q1: { d1: 0.9, d3: 0.5, d2: 0.1 }, q2: { d4: 2 } },
    });
    const inner = recorder();
    const enc = withFirstStage(inner, tmp, 2);
    const run = await enc.retrieve!({ corpus, queries, topK: 100 }, ctx);
    expect(inner.seen[0]).toEqual(
      new Map([
        ['q1', ['d1', 'd3']],
        ['q2', ['d4']],
      ]),
    );
    expect(run.get('q1')).toEqual(
      new Map([
        ['d1', 2],
        ['d3', 2],
      ]),
    );
    expect(enc.meta.extra).toMatchObject({ first_stage: tmp, rerank_top_k: 2 });
    // a task's own top_ranked wins
    await enc.retrieve!({ corpus, queries, topK: 100, candidates: new Map([['q1', ['d2']]]) }, ctx);
    expect(inner.seen[1]).toEqual(new Map([['q1', ['d2']]]));
  });
  it('bm25 as the first stage', async () => {
    const inner = recorder();
    await withFirstStage(inner, 'bm25', 1).retrieve!({ corpus, queries, topK: 100 }, ctx);
    expect(inner.seen[0]!.get('q1')).toEqual(['d1']);
    expect(inner.seen[0]!.get('q2')).toEqual(['d4']);
  });
  it('names the missing predictions file, and refuses a model that cannot rerank', async () => {
    await expect(withFirstStage(recorder(), join(tmp, 'none')).retrieve!({ corpus, queries, topK: 10 }, ctx)).rejects.toThrow(
      /no first-stage predictions for MyRetrieval.*MyRetrieval_predictions\.json/s,
    );
    const dense: Encoder = { name: 'd', meta: { name: 'd' }, encode: async () => ({ rows: 0, cols: 0, data: new Float32Array(0) }) };
    expect(() => withFirstStage(dense, 'bm25')).toThrow(/needs a reranker/);
  });
});
