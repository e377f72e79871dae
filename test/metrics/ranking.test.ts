/**
 * trec_eval semantics on hand-made runs. Expected values are worked out by hand from the definitions in
 * usnistgov/trec_eval (form_res_rels.c ranking: score desc, ties by docno desc strcmp; m_ndcg_cut.c gain =
 * relevance, discount log2(rank + 1), ideal DCG over every judged doc; m_map_cut.c / m_recall.c divide by
 * all relevant docs; m_P.c divides by k; m_success.c) and mteb's MRR (>= 2.18.19). Python numbers
 * (round, nAUC) come from /usr/bin/python3 3.11 + numpy 1.24 + sklearn 1.2, snippets quoted inline.
 */
import { describe, expect, it } from 'vitest';
import { confidenceScores, nauc, pyRoundInt } from '../../metrics/nauc.js';
import { pyRound, pySum } from '../../metrics/python-float.js';
import { calculateRetrievalScores, compareCodePoints, maxOverSubqueries, mrrQuery, rankDocs, trecQueryMeasures } from '../../metrics/ranking.js';

const m = (o: Record<string, number>) => new Map(Object.entries(o));
const KS = [1, 3, 5];

describe('trec_eval ranking', () => {
  it('sorts by score desc, ties by doc id in descending strcmp order', () => {
    expect(rankDocs(m({ a: 1, '10': 2, '9': 2, b: 0.5 }))).toEqual(['9', '10', 'a', 'b']);
  });
  it('compares like strcmp on UTF-8 (code points), not UTF-16 units', () => {
    expect(compareCodePoints('\uffff', '\u{10000}')).toBeLessThan(0);
    expect('\u{10000}' < '\uffff').toBe(true); // what plain JS comparison would do
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('b', 'a')).toBeGreaterThan(0);
  });
});

describe('trecQueryMeasures', () => {
  // qrels: d1=2, d2=1, d3=0, d9=1 (never retrieved). Run ranks d3 (0.9), then d2 and d1 tied at 0.5
  // (d2 first: "d2" > "d1"), then d4 (not judged). Relevance by rank: [0, 1, 2, nonpool]. R = 3.
  const rels = m({ d1: 2, d2: 1, d3: 0, d9: 1 });
  const docs = m({ d1: 0.5, d2: 0.5, d3: 0.9, d4: 0.1 });
  const r = trecQueryMeasures(rels, docs, KS);
  it('ndcg_cut: raw relevance gains, ideal DCG over all judged docs', () => {
    const dcg3 = 1 / Math.log2(3) + 2 / Math.log2(4);
    const idcg3 = 2 + 1 / Math.log2(3) + 1 / Math.log2(4); // ideal gains 2, 1, 1
    expect(r.ndcg[0]).toBe(0);
    expect(r.ndcg[1]).toBeCloseTo(dcg3 / idcg3, 15);
    expect(r.ndcg[2]).toBeCloseTo(dcg3 / idcg3, 15); // only 3 judged relevant docs
  });
  it('map_cut and recall divide by all relevant docs (incl. unretrieved d9)', () => {
    expect([...r.map]).toEqual([0, (1 / 2 + 2 / 3) / 3, (1 / 2 + 2 / 3) / 3]);
    expect([...r.recall]).toEqual([0, 2 / 3, 2 / 3]);
  });
  it('P divides by k even when fewer docs were retrieved; success', () => {
    expect([...r.precision]).toEqual([0, 2 / 3, 2 / 5]);
    expect([...r.success]).toEqual([0, 1, 1]);
  });
  it('a query whose judgements are all 0 scores 0 everywhere', () => {
    const z = trecQueryMeasures(m({ d5: 0 }), m({ d5: 1, d6: 0.5 }), KS);
    for (const arr of [z.ndcg, z.map, z.recall, z.precision, z.success]) expect([...arr]).toEqual([0, 0, 0]);
  });
  it('an empty run scores 0', () => {
    const z = trecQueryMeasures(rels, new Map(), KS);
    expect([...z.ndcg, ...z.map, ...z.precision]).toEqual(Array(9).fill(0));
  });
  it('relevance level 1: graded 3 counts once for P/recall, 3 for the gain', () => {
    const g = trecQueryMeasures(m({ a: 3, b: 1 }), m({ a: 1, b: 0.5 }), [1, 2]);
    expect(g.precision[0]).toBe(1);
    expect(g.ndcg[0]).toBe(1);
    expect(g.ndcg[1]).toBe(1);
    expect(g.recall[0]).toBe(0.5);
  });
});

describe('mteb MRR', () => {
  it('reciprocal rank of the first relevant doc within k, (score, id) descending', () => {
    const rels = m({ d1: 2, d2: 1, d3: 0 });
    expect([...mrrQuery(rels, m({ d1: 0.5, d2: 0.5, d3: 0.9 }), KS)]).toEqual([0, 0.5, 0.5]);
    expect([...mrrQuery(rels, m({ d3: 0.9, x: 0.8, y: 0.7, z: 0.6 }), KS)]).toEqual([0, 0, 0]);
    expect([...mrrQuery(undefined, m({ d3: 0.9 }), KS)]).toEqual([0, 0, 0]);
  });
});

describe('python float semantics', () => {
  // python3: round(0.015625,5), round(2.675,2), round(0.125,2), round(0.375,2), round(-0.015625,5),
  //          round(1/3,5), round(0.000005,5)  ->  0.01562 2.67 0.12 0.38 -0.01562 0.33333 1e-05
  it('round(x, n): exact ties to even, otherwise the exact binary value decides', () => {
    expect(pyRound(0.015625, 5)).toBe(0.01562);
    expect(pyRound(2.675, 2)).toBe(2.67);
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(-0.015625, 5)).toBe(-0.01562);
    expect(pyRound(1 / 3, 5)).toBe(0.33333);
    expect(pyRound(0.000005, 5)).toBe(0.00001);
    expect(pyRound(Number.NaN, 5)).toBeNaN();
  });
  it('round(x) to int is half-even; sum is compensated (CPython >= 3.12)', () => {
    expect([0.5, 1.5, 2.5, 1.5000000000000002].map(pyRoundInt)).toEqual([0, 2, 2, 2]);
    expect(pySum([0.1, 0.2, 0.3])).toBe(0.6); // plain left-to-right gives 0.6000000000000001
  });
});

describe('nAUC', () => {
  // python (numpy 1.24, sklearn 1.2): mteb's nauc() with argsort(kind="stable") on
  // c=[0.9,0.1,0.5,0.5,0.3,0.8,0.2], m=[1,0,0.5,1,0,0.25,0] -> 0.8183270113795168; nauc(m, m) -> 1.0;
  // constant metrics -> nan; np.std([0.5,0.5,0.9,0.1]) -> 0.28284271247461906
  it('matches mteb/sklearn on a hand-made case', () => {
    const c = [0.9, 0.1, 0.5, 0.5, 0.3, 0.8, 0.2];
    const v = [1, 0, 0.5, 1, 0, 0.25, 0];
    expect(nauc(c, v)).toBeCloseTo(0.8183270113795168, 14);
    expect(nauc(v, v)).toBeCloseTo(1, 14);
    expect(nauc(c, Array(7).fill(1))).toBeNaN();
  });
  it('confidence: max, population std, top1 - top2', () => {
    expect(confidenceScores([0.5, 0.5, 0.9, 0.1])).toEqual({ max: 0.9, std: 0.28284271247461906, diff1: 0.9 - 0.5 });
    expect(confidenceScores([0.3])).toEqual({ max: 0.3, std: 0, diff1: 0 });
  });
});

describe('calculateRetrievalScores', () => {
  const qrels = new Map([
    ['q1', m({ d1: 2, d2: 1, d3: 0, d9: 1 })],
    ['q2', m({ d5: 0 })],
    ['q3', m({ d1: 1 })], // not in the run: not evaluated
  ]);
  const run = new Map([
    ['q1', m({ d1: 0.5, d2: 0.5, d3: 0.9, d4: 0.1 })],
    ['q2', m({ d5: 1, d6: 0.5 })],
  ]);
  const s = calculateRetrievalScores(run, qrels).scores;
  it('averages over queries in both run and qrels, rounded to 5 decimals', () => {
    expect(s.precision_at_3).toBe(0.33333); // (2/3 + 0) / 2
    expect(s.precision_at_5).toBe(0.2);
    expect(s.recall_at_3).toBe(0.33333);
    expect(s.map_at_3).toBe(0.19444); // ((1/2 + 2/3) / 3) / 2 = 0.194444...
    expect(s.hit_rate_at_1).toBe(0);
    expect(s.hit_rate_at_3).toBe(0.5);
    expect(s.accuracy).toBe(s.recall_at_1);
    expect(s.precision_at_1000).toBe(0.001); // 2 / 1000 / 2
  });
  it('MRR is the unrounded mean over run queries', () => {
    expect(s.mrr_at_3).toBe(0.25);
    expect(s.mrr_at_1).toBe(0);
  });
  it('emits every key in mteb order', () => {
    const keys = Object.keys(s);
    expect(keys.length).toBe(7 * 6 + 1 + 5 * 7 * 3);
    expect(keys.slice(0, 2)).toEqual(['ndcg_at_1', 'ndcg_at_3']);
    expect(keys).toContain('nauc_precision_at_10_diff1');
    expect(keys).toContain('nauc_mrr_at_1000_std');
    expect(keys[keys.length - 1]).toBe('hit_rate_at_1000');
    expect(keys.indexOf('accuracy')).toBe(21);
  });
  it('max_over_subqueries merges "{base}_{n}" queries by max score', () => {
    const q = new Map([
      ['a_0', m({ x: 1 })],
      ['a_1', m({ x: 1 })],
    ]);
    const r = new Map([
      ['a_0', m({ x: 0.1, y: 0.9 })],
      ['a_1', m({ x: 0.95, y: 0.2 })],
    ]);
    const out = maxOverSubqueries(r, q);
    expect(out.max_over_subqueries_map_at_1000).toBe(1); // merged: x 0.95 > y 0.9
    expect(out.max_over_subqueries_mrr_at_1).toBe(1);
  });
});
