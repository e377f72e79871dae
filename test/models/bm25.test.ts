import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { stem as porter2Stem } from 'porter2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { ModelError } from '../../core/errors.js';
import { calculateRetrievalScores } from '../../metrics/ranking.js';
import { Bm25Index } from '../../models/bm25/index.js';
import { STOPWORDS_EN } from '../../models/bm25/stopwords.js';
import { Bm25Tokenizer, splitWords } from '../../models/bm25/tokenizer.js';
import { BM25_NAME, bm25Retrieve, create } from '../../models/bm25.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { encodeContext } from '../../tasks/types/module.js';
import { SHARED_HUB } from '../helpers/shared.js';

const task = (type: string, langs = ['eng-Latn']): TaskMetadata =>
  ({
    name: 'T',
    type,
    description: '',
    dataset: { path: 'x', revision: 'r' },
    evalSplits: ['test'],
    subsets: { default: langs },
    mainScore: 'ndcg_at_10',
  }) as TaskMetadata;
// Built as evaluators build it, so the subset's languages reach BM25 the same way.
const ctx = (type = 'Retrieval', langs?: string[]): EncodeContext =>
  encodeContext({ task: task(type, langs), split: 'test', subset: 'default', batchSize: 32 });

// Hand corpus of scripts/reference/bm25_reference.py `hand` (same texts, same order).
const CORPUS = [
  'The cat sat on the mat.',
  'Cats and dogs: the dogs chased the cats!',
  "A dog is a man's best friend; dogs are loyal.",
  'Stemming: running runners run quickly.',
  '',
  'Über naïve café résumé — unicode words, x y z 42 7',
];

describe('bm25 tokenizer', () => {
  it('tokenizes like bm25s (python3 scripts/reference/bm25_reference.py hand, line "tokens")', () => {
    const tok = new Bm25Tokenizer();
    expect(CORPUS.map((t) => tok.tokenize(t))).toEqual([
      ['cat', 'sat', 'mat'],
      ['cat', 'dog', 'dog', 'chase', 'cat'],
      ['dog', 'man', 'best', 'friend', 'dog', 'loyal'],
      ['stem', 'run', 'runner', 'run', 'quick'],
      [],
      ['über', 'naïv', 'café', 'résumé', 'unicod', 'word', '42'],
    ]);
  });

  it('splits on Python \\w semantics: Unicode letters/digits/underscore, runs of 2+, combining marks split', () => {
    // python3: re.findall(r"(?u)\b\w\w+\b", s.lower())
    expect(splitWords('snake_case x1 Ωmega ²3 e\u0301te CO2-rich I a')).toEqual(['snake_case', 'x1', 'ωmega', '²3', 'te', 'co2', 'rich']);
    expect(STOPWORDS_EN.size).toBe(33);
    // stop words are matched before stemming: "ands" stems to "and" (python snowballstemmer) but is kept
    expect(new Bm25Tokenizer().tokenize('and ands')).toEqual(['and']);
  });
});

describe('bm25 scoring', () => {
  it('equals a hand computation for one term', () => {
    // N=6 docs, "cat" in 2 docs: idf = ln(1 + (6 - 2 + 0.5) / (2 + 0.5)) = ln(2.8);
    // doc 0 has 3 tokens, avgdl = 26/6, tf = 1: tfc = 1 / (1.5 * (0.25 + 0.75 * 3 / (26/6)) + 1)
    const tok = new Bm25Tokenizer();
    const idx = new Bm25Index(
      CORPUS.map((t) => tok.tokenize(t)),
      { k1: 1.5, b: 0.75 },
    );
    const idf = Math.fround(Math.log(2.8));
    const expected = Math.fround(idf * (1 / (1.5 * (0.25 + (0.75 * 3) / (26 / 6)) + 1)));
    expect(idx.avgDocLen).toBe(26 / 6);
    const { idx: top, scores } = idx.topK(['cat'], 6);
    expect(top).toEqual([1, 0, 2, 3, 4, 5]);
    expect(scores[1]).toBe(expected);
    expect(expected).toBeCloseTo(0.478038, 6);
  });

  it('matches the python reference float32 scores bit for bit', () => {
    // python3 scripts/reference/bm25_reference.py hand (float32 scores per doc, repr of float(np.float32))
    const ref: [string, number[]][] = [
      ['cats', [0.47803759574890137, 0.5606305003166199, 0, 0, 0, 0]],
      ['dog dog running', [0, 1.1212610006332397, 1.0472413301467896, 0.8387764096260071, 0, 0]],
      ['the a of', [0, 0, 0, 0, 0, 0]],
      ['café unicode 42', [0, 0, 0, 0, 0, 1.447647213935852]],
      ['friend loyal dogs cat', [0.47803759574890137, 1.1212610006332397, 1.5741536617279053, 0, 0, 0]],
    ];
    const tok = new Bm25Tokenizer();
    const idx = new Bm25Index(
      CORPUS.map((t) => tok.tokenize(t)),
      { k1: 1.5, b: 0.75 },
    );
    for (const [q, want] of ref) {
      const out = new Float32Array(6);
      idx.scoreInto(tok.tokenize(q), out, new Uint8Array(6));
      expect(Array.from(out)).toEqual(want);
    }
  });

  it('retrieves top k with zero-score fill, and reranks by filtering the global top k to the candidates', () => {
    const ids = CORPUS.map((_, i) => `d${i}`);
    const req = { corpus: { ids, texts: CORPUS }, queries: { ids: ['q1', 'q2'], texts: ['dog dog running', 'the a of'] }, topK: 4 };
    const run = bm25Retrieve(req);
    expect([...run.get('q1')!]).toEqual([
      ['d1', 1.1212610006332397],
      ['d2', 1.0472413301467896],
      ['d3', 0.8387764096260071],
      ['d0', 0],
    ]);
    expect([...run.get('q2')!.keys()]).toEqual(['d0', 'd1', 'd2', 'd3']);
    // mteb: retrieve top_k over the corpus, then keep the candidates among them (d5 is outside the top 2)
    const rr = bm25Retrieve({ ...req, topK: 2, candidates: new Map([['q1', ['d2', 'd3', 'd5']]]) });
    expect([...rr.get('q1')!]).toEqual([['d2', 1.0472413301467896]]);
    expect(rr.get('q2')!.size).toBe(2);
  });

  it('top k over many matching documents equals a full sort by (score desc, index asc)', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
    const docs = Array.from({ length: 500 }, (_, i) => Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * 3 + j * 7) % 5]!));
    const idx = new Bm25Index(docs, { k1: 1.5, b: 0.75 });
    const q = ['alpha', 'gamma'];
    const all = new Float32Array(500);
    idx.scoreInto(q, all, new Uint8Array(500));
    const want = [...all.keys()].sort((a, b) => all[b]! - all[a]! || a - b).slice(0, 7);
    expect(idx.topK(q, 7).idx).toEqual(want);
  });

  it('handles an empty corpus', () => {
    const run = bm25Retrieve({ corpus: { ids: [], texts: [] }, queries: { ids: ['q'], texts: ['x y'] }, topK: 10 });
    expect(run.get('q')!.size).toBe(0);
  });
});

describe('bm25 model', () => {
  it('serves only Retrieval/Reranking and records its parameters', async () => {
    const m = await create('', {});
    expect(m.name).toBe(BM25_NAME);
    expect(m.kind).toBe('retriever');
    expect(m.meta.extra).toMatchObject({ k1: 1.5, b: 0.75, method: 'lucene' });
    await expect(m.encode(['x'], ctx('STS'))).rejects.toThrow(ModelError);
    await expect(m.encode(['x'], ctx('STS'))).rejects.toThrow(/lexical retriever: it ranks documents for retrieval-style tasks, not STS/);
    const run = await m.retrieve!({ corpus: { ids: ['a'], texts: ['cats'] }, queries: { ids: ['q'], texts: ['cat'] }, topK: 10 }, ctx());
    expect(run.get('q')!.get('a')).toBeGreaterThan(0);
    await expect(
      m.retrieve!({ corpus: { ids: [], texts: [] }, queries: { ids: [], texts: [] }, topK: 1 }, ctx('Retrieval', ['deu-Latn'])),
    ).rejects.toThrow(/English/);
  });
});

const SCIFACT = path.join(SHARED_HUB, 'datasets/mteb/scifact');
if (!existsSync(SCIFACT)) console.warn(`skipping BM25 SciFact tests: ${SCIFACT} is absent`);

function jsonl(file: string): Record<string, unknown>[] {
  return gunzipSync(readFileSync(path.join(SCIFACT, file)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(!existsSync(SCIFACT))('bm25 on SciFact (test)', () => {
  // Read in beforeAll, not while collecting: a skipped suite's body still runs, and the folder may be absent.
  const qrels = new Map<string, Map<string, number>>();
  let request!: Parameters<typeof bm25Retrieve>[0];
  beforeAll(() => {
    const corpus = jsonl('corpus.jsonl.gz');
    const queries = jsonl('queries.jsonl.gz');
    for (const r of jsonl('qrels/test.jsonl.gz')) {
      const q = String(r['query-id']);
      if (!qrels.has(q)) qrels.set(q, new Map());
      qrels.get(q)!.set(String(r['corpus-id']), Number(r.score));
    }
    const testQ = queries.filter((q) => qrels.has(String(q._id)));
    request = {
      corpus: { ids: corpus.map((d) => String(d._id)), texts: corpus.map((d) => `${String(d.title ?? '')} ${String(d.text)}`.trim()) },
      queries: { ids: testQ.map((q) => String(q._id)), texts: testQ.map((q) => String(q.text)) },
      topK: 1000,
    };
  });

  it('equals the python reference with the Snowball 2.2 stemmer (npm porter2, identical to it on SciFact)', () => {
    // python3 scripts/reference/bm25_reference.py scifact ../shared/hub/datasets/mteb/scifact
    const run = bm25Retrieve(request, undefined, new Bm25Tokenizer(undefined, porter2Stem));
    const want: Record<string, [string, number][]> = {
      '1': [
        ['18953920', 4.083525657653809],
        ['21257564', 3.9910848140716553],
        ['34386619', 3.931868553161621],
        ['43385013', 3.864699125289917],
        ['40212412', 3.825521469116211],
      ],
      '3': [
        ['14717500', 15.106582641601562],
        ['2739854', 14.843406677246094],
        ['23389795', 13.516317367553711],
        ['4632921', 13.236602783203125],
        ['4414547', 13.114412307739258],
      ],
      '5': [
        ['13734012', 9.254415512084961],
        ['18617259', 7.652400016784668],
        ['17333231', 5.457211494445801],
        ['42240424', 5.4214186668396],
        ['695938', 4.699403285980225],
      ],
      '502': [
        ['24318630', 8.637768745422363],
        ['2565138', 8.583730697631836],
        ['6163801', 7.932667255401611],
        ['4435369', 7.88591194152832],
        ['70516463', 7.633296012878418],
      ],
      '1395': [
        ['36831892', 6.56520938873291],
        ['22309946', 6.51069450378418],
        ['5492542', 6.500920295715332],
        ['15879931', 6.492218017578125],
        ['7711685', 6.258322238922119],
      ],
    };
    for (const [q, top] of Object.entries(want)) expect([...run.get(q)!].slice(0, 5)).toEqual(top);
    let sum = 0;
    for (const docs of run.values()) sum += [...docs.values()].slice(0, 10).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(25311.359793663025, 6);
    expect([...run.values()].every((d) => d.size === 1000)).toBe(true);
    // reference ndcg@10 (trec_eval order, raw gains) = 0.6873601208578523
    expect(calculateRetrievalScores(run, qrels).scores.ndcg_at_10).toBe(0.68736);
  });

  it('reports every retrieval key with the Snowball 3.x stemmer (the model as shipped)', async () => {
    const m = await create('', {});
    const run = await m.retrieve!(request, ctx());
    const scores = calculateRetrievalScores(run, qrels).scores;
    console.log(`BM25 SciFact test: ${JSON.stringify(scores)}`);
    for (const k of ['ndcg_at_10', 'map_at_10', 'recall_at_100', 'precision_at_1', 'mrr_at_10', 'hit_rate_at_10', 'accuracy'] as const) {
      expect(Number.isFinite(scores[k])).toBe(true);
    }
  });
});
