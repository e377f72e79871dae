/**
 * Retrieval/Reranking evaluators: dense search vs a brute-force searcher written here, the model-side
 * `retrieve` path, prompt types, ignore_identical_ids, predictions, the demo tasks, and bad input.
 */
import { describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder } from '../../../core/encoder.js';
import { DatasetError } from '../../../core/errors.js';
import type { Matrix } from '../../../core/matrix.js';
import { calculateRetrievalScores, compareCodePoints } from '../../../metrics/ranking.js';
import { loadContext } from '../../../runners/task-data.js';
import type { DatasetSource } from '../../../tasks/data/source.js';
import type { InlineDataset, TaskMetadata, TaskMetadataOf, TaskOverrides } from '../../../tasks/metadata.js';
import { getTask } from '../../../tasks/registry.js';
import type { EvalContext } from '../../../tasks/types/module.js';
import reranking from '../../../tasks/types/reranking.js';
import retrieval from '../../../tasks/types/retrieval.js';
import { documentText, pyStrip, retrievalConfigs } from '../../../tasks/types/retrieval-data.js';
import { searchRun } from '../../../tasks/types/retrieval-search.js';
import { testEvalContext } from '../../helpers/eval-context.js';

const noSource: DatasetSource = {
  loadRows: () => Promise.reject(new Error('inline tasks only')),
  listConfigs: () => Promise.reject(new Error('inline tasks only')),
  listSplits: () => Promise.reject(new Error('inline tasks only')),
};

function task(name: string, inline: InlineDataset, extra: TaskOverrides<'Retrieval' | 'Reranking'> = {}): TaskMetadataOf<'Retrieval' | 'Reranking'> {
  return {
    name,
    type: 'Retrieval',
    description: 'test',
    dataset: { path: `test/${name}`, revision: 'x' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'ndcg_at_10',
    origin: 'custom',
    inline,
    ...extra,
  };
}

/** Deterministic pseudo-random vectors per text (mulberry32 seeded by a string hash). */
function vec(text: string, dim: number): Float32Array {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

function fakeEncoder(opts: { dim?: number; similarity?: 'cosine' | 'dot'; seen?: { texts: readonly string[]; ctx: EncodeContext }[] } = {}): Encoder {
  const dim = opts.dim ?? 8;
  return {
    name: 'fake',
    similarity: opts.similarity ?? 'cosine',
    meta: { name: 'fake' },
    async encode(texts, ctx): Promise<Matrix> {
      opts.seen?.push({ texts, ctx });
      const data = new Float32Array(texts.length * dim);
      texts.forEach((t, i) => data.set(vec(t, dim), i * dim));
      return { rows: texts.length, cols: dim, data };
    },
  };
}

function evalCtx(t: TaskMetadata, encoder: Encoder, logs: string[] = [], preds: unknown[] = []): EvalContext {
  return { ...testEvalContext(t, 'test', 'default', encoder), log: (m) => logs.push(m), savePredictions: (d) => preds.push(d) };
}

/** Brute-force reference: every (query, doc) score in float64 from float32-normalized vectors. */
function bruteForce(queries: string[], qids: string[], docs: string[], dids: string[], dim: number, topK: number) {
  const norm = (v: Float32Array) => {
    const n = Math.fround(Math.max(Math.sqrt(v.reduce((s, x) => s + x * x, 0)), 1e-12));
    return v.map((x) => x / n);
  };
  const dv = docs.map((d) => norm(vec(d, dim)));
  const run = new Map<string, Map<string, number>>();
  queries.forEach((q, qi) => {
    const qv = norm(vec(q, dim));
    const hits = dv.map((d, j) => [dids[j]!, Math.fround(d.reduce((s, x, c) => s + x * qv[c]!, 0))] as [string, number]);
    hits.sort((a, b) => (a[1] > b[1] ? -1 : a[1] < b[1] ? 1 : compareCodePoints(b[0], a[0])));
    run.set(qids[qi]!, new Map(hits.slice(0, topK)));
  });
  return run;
}

describe('document text', () => {
  it('is "{title} {text}".strip() like Python (not JS trim)', () => {
    expect(documentText('T', ' body \n')).toBe('T  body');
    expect(documentText('', '  x  ')).toBe('x');
    expect(documentText(null, 'x')).toBe('x');
    expect(pyStrip('\x1cx\ufeff')).toBe('x\ufeff'); // Python strips \x1c, keeps U+FEFF
  });
});

describe('config names', () => {
  it('monolingual: corpus/queries + default (or qrels) + optional top_ranked', () => {
    expect(retrievalConfigs(['corpus', 'queries', 'default'], 'default', 'T')).toEqual({
      corpus: 'corpus',
      queries: 'queries',
      qrels: 'default',
      topRanked: undefined,
    });
    expect(retrievalConfigs(['corpus', 'queries', 'qrels', 'top_ranked'], 'default', 'T')).toEqual({
      corpus: 'corpus',
      queries: 'queries',
      qrels: 'qrels',
      topRanked: 'top_ranked',
    });
  });
  it('multilingual: {subset}-corpus, {subset}-queries, {subset}-qrels', () => {
    const cfgs = ['en-corpus', 'en-queries', 'en-qrels', 'de-corpus', 'de-queries', 'de-qrels', 'de-top_ranked'];
    expect(retrievalConfigs(cfgs, 'de', 'T')).toEqual({ corpus: 'de-corpus', queries: 'de-queries', qrels: 'de-qrels', topRanked: 'de-top_ranked' });
    expect(retrievalConfigs(cfgs, 'en', 'T').qrels).toBe('en-qrels');
  });
  it('names the missing configs', () => {
    expect(() => retrievalConfigs(['corpus', 'default'], 'default', 'T')).toThrow(/lacks config\(s\) queries \[task T, subset default\]/);
  });
});

describe('dense retrieval', () => {
  const n = 60;
  const dids = Array.from({ length: n }, (_, i) => `doc${i}`);
  const docs = dids.map((d) => `text of ${d}`);
  const qids = ['q1', 'q2', 'q3'];
  const queries = ['alpha', 'beta', 'gamma'];
  const inline: InlineDataset = {
    corpus: { test: dids.map((d, i) => ({ _id: d, title: '', text: docs[i] })) },
    queries: { test: qids.map((q, i) => ({ _id: q, text: queries[i] })) },
    default: {
      test: [
        { 'query-id': 'q1', 'corpus-id': 'doc3', score: 1 },
        { 'query-id': 'q2', 'corpus-id': 'doc7', score: 2 },
        { 'query-id': 'q3', 'corpus-id': 'doc3', score: 1 },
      ],
    },
  };
  const t = task('Dense', inline);

  it('streams the corpus in chunks and equals brute-force top-k (cosine)', async () => {
    const seen: { texts: readonly string[]; ctx: EncodeContext }[] = [];
    const enc = fakeEncoder({ seen });
    const data = await retrieval.load(loadContext(t, 'test', 'default', noSource));
    const run = await searchRun(data, evalCtx(t, enc), { topK: 10, corpusChunk: 7 });
    const want = bruteForce(queries, qids, docs, dids, 8, 10);
    for (const q of qids) {
      expect([...run.get(q)!.keys()]).toEqual([...want.get(q)!.keys()]);
      for (const [d, s] of want.get(q)!) expect(run.get(q)!.get(d)).toBeCloseTo(s, 6);
    }
    // queries once with the query prompt type, then documents chunk by chunk with the document prompt type
    expect(seen[0]!.ctx.promptType).toBe('query');
    expect(seen.slice(1).every((s) => s.ctx.promptType === 'document' && s.texts.length <= 7)).toBe(true);
    expect(seen.slice(1).reduce((a, s) => a + s.texts.length, 0)).toBe(n);
  });

  it('scores = calculateRetrievalScores of the saved run; predictions are {qid: {docid: score}}', async () => {
    const preds: unknown[] = [];
    const data = await retrieval.load(loadContext(t, 'test', 'default', noSource));
    const scores = await retrieval.evaluate(data, evalCtx(t, fakeEncoder(), [], preds));
    const saved = preds[0] as Record<string, Record<string, number>>;
    expect(Object.keys(saved)).toEqual(qids);
    expect(Object.keys(saved.q1!).length).toBe(n); // top 1000 > corpus
    const run = new Map(Object.entries(saved).map(([q, d]) => [q, new Map(Object.entries(d))]));
    expect(scores).toEqual(calculateRetrievalScores(run, data.qrels).scores);
  });

  it('ignore_identical_ids drops documents whose id equals the query id', async () => {
    const t2 = task(
      'Ident',
      {
        corpus: {
          test: [
            { _id: 'q1', text: 'same' },
            { _id: 'd2', text: 'other' },
          ],
        },
        queries: { test: [{ _id: 'q1', text: 'same' }] },
        default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd2', score: 1 }] },
      },
      { params: { ignore_identical_ids: true } },
    );
    const preds: unknown[] = [];
    const data = await retrieval.load(loadContext(t2, 'test', 'default', noSource));
    const s = await retrieval.evaluate(data, evalCtx(t2, fakeEncoder(), [], preds));
    expect(Object.keys((preds[0] as Record<string, object>).q1!)).toEqual(['d2']);
    expect(s.ndcg_at_1).toBe(1);
  });

  it('uses encoder.retrieve when the model has it (BM25) and never encodes', async () => {
    const enc: Encoder = {
      ...fakeEncoder(),
      encode: () => Promise.reject(new Error('must not encode')),
      async retrieve(req) {
        expect(req.topK).toBe(1000);
        return new Map(
          req.queries.ids.map((q) => [
            q,
            new Map([
              ['doc3', 2],
              ['doc7', 1],
            ]),
          ]),
        );
      },
    };
    const data = await retrieval.load(loadContext(t, 'test', 'default', noSource));
    const s = await retrieval.evaluate(data, evalCtx(t, enc));
    expect(s.recall_at_1).toBe(0.66667); // q1, q3 hit doc3 first; q2 finds doc7 second
    expect(s.mrr_at_10).toBeCloseTo((1 + 0.5 + 1) / 3, 12);
  });
});

describe('max_over_subqueries (MindSmallReranking)', () => {
  it('adds the max_over_subqueries_* keys next to the per-sub-query ones', async () => {
    const t = task(
      'Mind',
      {
        corpus: {
          test: [
            { _id: 'n1', text: 'news one' },
            { _id: 'n2', text: 'news two' },
            { _id: 'n3', text: 'news three' },
          ],
        },
        queries: {
          test: [
            { _id: 'u1_0', text: 'history a' },
            { _id: 'u1_1', text: 'history b' },
          ],
        },
        default: {
          test: ['u1_0', 'u1_1'].flatMap((q) => [
            { 'query-id': q, 'corpus-id': 'n1', score: 1 },
            { 'query-id': q, 'corpus-id': 'n2', score: 0 },
            { 'query-id': q, 'corpus-id': 'n3', score: 0 },
          ]),
        },
        top_ranked: { test: ['u1_0', 'u1_1'].map((q) => ({ 'query-id': q, 'corpus-ids': ['n1', 'n2', 'n3'] })) },
      },
      { type: 'Reranking', mainScore: 'max_over_subqueries_map_at_1000', params: { max_over_subqueries: true } },
    );
    const data = await reranking.load(loadContext(t, 'test', 'default', noSource));
    const s = await reranking.evaluate(data, evalCtx(t, fakeEncoder()));
    expect(Object.keys(s).filter((k) => k.startsWith('max_over_subqueries_')).length).toBe(148);
    expect(typeof s.max_over_subqueries_map_at_1000).toBe('number');
    expect(typeof s.map_at_1000).toBe('number');
  });
});

describe('demo tasks', () => {
  it('DemoRetrieval and DemoReranking run and emit every key', async () => {
    for (const name of ['DemoRetrieval', 'DemoReranking']) {
      const t = getTask(name);
      const mod = name === 'DemoReranking' ? reranking : retrieval;
      const logs: string[] = [];
      const data = await mod.load(loadContext(t, 'test', 'default', noSource));
      const s = await mod.evaluate(data, evalCtx(t, fakeEncoder({ dim: 16 }), logs));
      expect(data.queries.ids.length).toBe(8);
      expect(typeof s[t.mainScore]).toBe('number');
      expect(Object.keys(s).length).toBe(148);
      expect(logs).toEqual([]);
    }
  });
  it("reranking only scores each query's candidates", async () => {
    const t = getTask('DemoReranking');
    const preds: unknown[] = [];
    const data = await reranking.load(loadContext(t, 'test', 'default', noSource));
    await reranking.evaluate(data, evalCtx(t, fakeEncoder(), [], preds));
    const run = preds[0] as Record<string, Record<string, number>>;
    for (const [q, cands] of data.topRanked!) expect(Object.keys(run[q]!).sort()).toEqual([...cands].sort());
  });
});

describe('bad input', () => {
  const corpus = [
    { _id: 'd1', title: 't', text: 'a' },
    { _id: 'd2', text: 'b' },
  ];
  const load = (inline: InlineDataset, extra: TaskOverrides<'Retrieval' | 'Reranking'> = {}, mod = retrieval) =>
    mod.load(loadContext(task('Bad', inline, extra), 'test', 'default', noSource));

  it('counts qrels naming unknown documents and queries', async () => {
    const d = await load({
      corpus: { test: corpus },
      queries: { test: [{ _id: 'q1', text: 'x' }] },
      default: {
        test: [
          { 'query-id': 'q1', 'corpus-id': 'd1', score: 1 },
          { 'query-id': 'q1', 'corpus-id': 'zz', score: 1 },
          { 'query-id': 'q9', 'corpus-id': 'd1', score: 1 },
        ],
      },
    });
    expect(d.warnings.join('\n')).toMatch(/Bad test\/default: 1 query in the qrels .* not in the queries/);
    expect(d.warnings.join('\n')).toMatch(/1 qrels judgement\(s\) .* not in the corpus/);
    expect(d.qrels.get('q1')!.size).toBe(2); // still counts in R, as trec_eval does
  });
  it('warns about duplicate document ids and keeps the first', async () => {
    const d = await load({
      corpus: { test: [...corpus, { _id: 'd1', text: 'dup' }] },
      queries: { test: [{ _id: 'q1', text: 'x' }] },
      default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 1 }] },
    });
    expect(d.corpus.ids).toEqual(['d1', 'd2']);
    expect(d.corpus.texts[0]).toBe('t a');
    expect(d.warnings.join('\n')).toMatch(/duplicate document id "d1" at Bad:corpus\/test row 2/);
  });
  it('rejects an empty corpus with a DatasetError naming the task', async () => {
    const p = load({
      corpus: { test: [] },
      queries: { test: [{ _id: 'q1', text: 'x' }] },
      default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 1 }] },
    });
    await expect(p).rejects.toBeInstanceOf(DatasetError);
    await expect(p).rejects.toThrow(/the corpus is empty \[task Bad/);
  });
  it('warns about empty query texts', async () => {
    const d = await load({
      corpus: { test: corpus },
      queries: { test: [{ _id: 'q1', text: '  ' }] },
      default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 1 }] },
    });
    expect(d.warnings.join('\n')).toMatch(/query "q1" has an empty text/);
  });
  it('drops queries without judgements and rejects data where none is left', async () => {
    const d = await load({
      corpus: { test: corpus },
      queries: {
        test: [
          { _id: 'q1', text: 'a' },
          { _id: 'q2', text: 'b' },
        ],
      },
      default: { test: [{ 'query-id': 'q2', 'corpus-id': 'd1', score: 0 }] },
    });
    expect(d.queries.ids).toEqual(['q2']); // all-zero judgements are kept, as in mteb
    await expect(
      load({
        corpus: { test: corpus },
        queries: { test: [{ _id: 'q1', text: 'a' }] },
        default: { test: [{ 'query-id': 'qX', 'corpus-id': 'd1', score: 1 }] },
      }),
    ).rejects.toThrow(/no query has relevance judgements/);
  });
  it('names the file and row of a malformed qrels row', async () => {
    await expect(
      load({
        corpus: { test: corpus },
        queries: { test: [{ _id: 'q1', text: 'a' }] },
        default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 'high' }] },
      }),
    ).rejects.toThrow(/qrels row needs .* \[task Bad, split test, subset default, file Bad:default\/test, row 0\]/);
  });
  it('skips top_ranked candidates missing from the corpus, with a warning', async () => {
    const d = await load(
      {
        corpus: { test: corpus },
        queries: {
          test: [
            { _id: 'q1', text: 'a' },
            { _id: 'q2', text: 'b' },
          ],
        },
        default: {
          test: [
            { 'query-id': 'q1', 'corpus-id': 'd1', score: 1 },
            { 'query-id': 'q2', 'corpus-id': 'd2', score: 1 },
          ],
        },
        top_ranked: { test: [{ 'query-id': 'q1', 'corpus-ids': ['d1', 'nope', 'd2', 'd2'] }] },
      },
      { type: 'Reranking' },
      reranking,
    );
    expect(d.topRanked!.get('q1')).toEqual(['d1', 'd2']);
    const w = d.warnings.join('\n');
    expect(w).toMatch(/1 top_ranked candidate\(s\) \(Bad:top_ranked\/test\) are not in the corpus/);
    expect(w).toMatch(/1 repeated candidate/);
    expect(w).toMatch(/1 judged query has no top_ranked entry/);
    const s = await reranking.evaluate(d, evalCtx(task('Bad', {}, { type: 'Reranking' }), fakeEncoder()));
    expect(s.recall_at_1000).toBe(0.5); // q2 retrieves nothing
  });
  it('a reranking task without top_ranked is a DatasetError', async () => {
    await expect(
      load(
        {
          corpus: { test: corpus },
          queries: { test: [{ _id: 'q1', text: 'a' }] },
          default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 1 }] },
        },
        { type: 'Reranking' },
        reranking,
      ),
    ).rejects.toThrow(/reranking dataset has no top_ranked config \[task Bad/);
  });
});
