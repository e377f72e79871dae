/**
 * Retrieval measures with trec_eval semantics (usnistgov/trec_eval form_res_rels.c, m_ndcg_cut.c,
 * m_map_cut.c, m_recall.c, m_P.c, m_success.c, as wrapped by pytrec_eval) plus mteb's own MRR,
 * hit rate and nAUC (mteb/_evaluators/retrieval_metrics.py `calculate_retrieval_scores`).
 */

import { compareCodePoints } from './code-point-order.js';
import { mtebHeapOrder } from './mteb-heap-order.js';
import { type Confidence, confidenceScores, evaluateAbstention } from './nauc.js';
import { pyRound, pySum } from './python-float.js';

// Re-exported: tests and callers know it as trec_eval's doc id order.
export { compareCodePoints };

export const RETRIEVAL_K_VALUES: readonly number[] = [1, 3, 5, 10, 20, 100, 1000];

/** qid -> doc id -> score, in run order (mteb's RetrievalOutputType). */
export type Run = ReadonlyMap<string, ReadonlyMap<string, number>>;
/** qid -> doc id -> integer relevance (0 = judged non-relevant). */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** trec_eval's relevance_level as used by pytrec_eval's default. */
const RELEVANCE_LEVEL = 1;
/** Not in the qrels at all (trec_eval RELVALUE_NONPOOL). */
const NONPOOL = -1;

/**
 * trec_eval ranking: score descending, ties by doc id in descending strcmp order. This is also mteb's MRR
 * order ((score, id) tuples descending; Python compares str by code point). Runs that are already in this
 * order (the evaluator's are) are only checked, not re-sorted.
 */
export function rankDocs(docs: ReadonlyMap<string, number>): string[] {
  const ids = new Array<string>(docs.size);
  const scores = new Float64Array(docs.size);
  let i = 0;
  let sorted = true;
  for (const [id, sc] of docs) {
    if (sorted && i > 0) {
      const prev = scores[i - 1]!;
      if (sc > prev || (sc === prev && compareCodePoints(ids[i - 1]!, id) < 0) || Number.isNaN(sc)) sorted = false;
    }
    ids[i] = id;
    scores[i++] = sc;
  }
  if (sorted) return ids;
  const order = Array.from({ length: ids.length }, (_, j) => j);
  order.sort((a, b) => (scores[a]! > scores[b]! ? -1 : scores[a]! < scores[b]! ? 1 : compareCodePoints(ids[b]!, ids[a]!)));
  return order.map((j) => ids[j]!);
}

export interface TrecQueryMeasures {
  ndcg: Float64Array;
  map: Float64Array;
  recall: Float64Array;
  precision: Float64Array;
  success: Float64Array;
}

/** trec_eval's per-query ndcg_cut, map_cut, recall, P and success at the given (ascending) cutoffs. */
export function trecQueryMeasures(
  rels: ReadonlyMap<string, number>,
  docs: ReadonlyMap<string, number>,
  ks: readonly number[] = RETRIEVAL_K_VALUES,
  ranked: readonly string[] = rankDocs(docs),
): TrecQueryMeasures {
  const relList = ranked.map((d) => rels.get(d) ?? NONPOOL);
  // rel_levels: judged docs per relevance value (negative = in pool but unjudged, not counted)
  const levelCounts = new Map<number, number>();
  let numRel = 0;
  for (const r of rels.values()) {
    if (r < 0) continue;
    levelCounts.set(r, (levelCounts.get(r) ?? 0) + 1);
    if (r >= RELEVANCE_LEVEL) numRel++;
  }
  const nk = ks.length;
  const out: TrecQueryMeasures = {
    ndcg: new Float64Array(nk),
    map: new Float64Array(nk),
    recall: new Float64Array(nk),
    precision: new Float64Array(nk),
    success: new Float64Array(nk),
  };

  // DCG (m_ndcg_cut.c): gain = raw relevance when > 0, discount log2(rank + 1).
  let dcg = 0;
  let ki = 0;
  for (let i = 0; i < relList.length && ki < nk; i++) {
    if (i === ks[ki]) {
      out.ndcg[ki++] = dcg;
      if (ki === nk) break;
    }
    const gain = relList[i]!;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  }
  for (; ki < nk; ki++) out.ndcg[ki] = dcg;
  // IDCG over all judged docs, relevance values descending (level 0 ends the ideal list).
  const ideal: number[] = [...levelCounts.entries()]
    .filter(([l]) => l > 0)
    .sort((a, b) => b[0] - a[0])
    .flatMap(([l, c]) => Array<number>(c).fill(l));
  let idcg = 0;
  ki = 0;
  for (let i = 0; i < ideal.length; i++) {
    if (i === ks[ki]) {
      if (idcg > 0) out.ndcg[ki] = out.ndcg[ki]! / idcg;
      if (++ki === nk) break;
    }
    idcg += ideal[i]! / Math.log2(i + 2);
  }
  for (; ki < nk; ki++) if (idcg > 0) out.ndcg[ki] = out.ndcg[ki]! / idcg;

  // map_cut, recall, P, success share one pass over the ranking.
  let relSoFar = 0;
  let apSum = 0;
  ki = 0;
  const record = (k: number, idx: number) => {
    if (numRel > 0) {
      out.map[idx] = apSum / numRel;
      out.recall[idx] = relSoFar / numRel;
    }
    out.precision[idx] = relSoFar / k;
    out.success[idx] = relSoFar ? 1 : 0;
  };
  for (let i = 0; i < relList.length && ki < nk; i++) {
    if (i === ks[ki]) {
      record(ks[ki]!, ki);
      if (++ki === nk) break;
    }
    if (relList[i]! >= RELEVANCE_LEVEL) {
      relSoFar++;
      apSum += relSoFar / (i + 1);
    }
  }
  for (; ki < nk; ki++) record(ks[ki]!, ki);
  return out;
}

/**
 * mteb's MRR@k (>= 2.18.19): ranking by (score, doc id) descending, reciprocal rank of the first doc
 * with relevance > 0 within the top k, else 0.
 */
export function mrrQuery(
  rels: ReadonlyMap<string, number> | undefined,
  docs: ReadonlyMap<string, number>,
  ks: readonly number[] = RETRIEVAL_K_VALUES,
  ranked: readonly string[] = rankDocs(docs),
): Float64Array {
  const out = new Float64Array(ks.length);
  let first = -1;
  for (let i = 0; i < ranked.length; i++) {
    if ((rels?.get(ranked[i]!) ?? 0) > 0) {
      first = i;
      break;
    }
  }
  ks.forEach((k, j) => {
    out[j] = first >= 0 && first < k ? 1 / (first + 1) : 0;
  });
  return out;
}

/** The ranking measures mteb reports at each cutoff (mteb/_evaluators/retrieval_metrics.py make_score_dict). */
export type RankMeasure = 'ndcg' | 'map' | 'recall' | 'precision' | 'mrr' | 'hit_rate';

/**
 * The keys of one retrieval score row: `<measure>_at_<k>`, `accuracy`, and the nAUC keys
 * `nauc_<measure>_at_<k>_<max|std|diff1>` of every measure but hit_rate.
 */
export type RetrievalScoreKey =
  | 'accuracy'
  | `${RankMeasure}_at_${number}`
  | `nauc_${Exclude<RankMeasure, 'hit_rate'>}_at_${number}_${'max' | 'std' | 'diff1'}`;
export type RetrievalScoreRow = { [K in RetrievalScoreKey]?: number };
/** mteb's `max_over_subqueries_` keys (MindSmall). */
export type MaxOverSubqueriesRow = { [K in `max_over_subqueries_${RetrievalScoreKey}`]?: number };

export interface RetrievalScores {
  /** Metric keys in mteb's order (make_score_dict). */
  scores: RetrievalScoreRow;
  /** Per-query trec measures of the evaluated queries (run order). */
  perQuery: Map<string, TrecQueryMeasures>;
  /** Per-query MRR of every run query. */
  perQueryMrr: Map<string, Float64Array>;
}

/**
 * Everything `calculate_retrieval_scores` + `make_score_dict` report: ndcg/map/recall/precision/hit_rate
 * means rounded to 5 decimals over queries in both run and qrels, `accuracy` (= recall@1), unrounded MRR
 * over run queries, and the nAUC keys.
 */
export function calculateRetrievalScores(run: Run, qrels: Qrels, ks: readonly number[] = RETRIEVAL_K_VALUES): RetrievalScores {
  const perQuery = new Map<string, TrecQueryMeasures>();
  const evaluatedConf: Confidence[] = [];
  const runConf: Confidence[] = [];
  const perQueryMrr = new Map<string, Float64Array>();
  for (const [qid, docs] of run) {
    const conf = confidenceScores(mtebHeapOrder(docs));
    runConf.push(conf);
    const rels = qrels.get(qid);
    const ranked = rankDocs(docs);
    perQueryMrr.set(qid, mrrQuery(rels, docs, ks, ranked));
    if (!rels) continue; // pytrec_eval skips queries without judgements
    perQuery.set(qid, trecQueryMeasures(rels, docs, ks, ranked));
    evaluatedConf.push(conf);
  }
  const n = perQuery.size;
  const measures = [...perQuery.values()];
  const column = (pick: (m: TrecQueryMeasures) => Float64Array, j: number) => measures.map((m) => pick(m)[j]!);
  const mean5 = (vals: number[]) => (n ? pyRound(pySum(vals) / n, 5) : Number.NaN);

  const s: RetrievalScoreRow = {};
  const trecKeys: [`${'ndcg' | 'map' | 'recall'}_at`, string, (m: TrecQueryMeasures) => Float64Array][] = [
    ['ndcg_at', 'NDCG', (m) => m.ndcg],
    ['map_at', 'MAP', (m) => m.map],
    ['recall_at', 'Recall', (m) => m.recall],
  ];
  for (const [key, , pick] of trecKeys) ks.forEach((k, j) => (s[`${key}_${k}`] = mean5(column(pick, j))));
  s.accuracy = ks[0] === 1 ? s.recall_at_1! : mean5(measures.map((m) => m.recall[0]!));
  ks.forEach((k, j) => (s[`precision_at_${k}`] = mean5(column((m) => m.precision, j))));
  const mrrs = [...perQueryMrr.values()];
  ks.forEach((k, j) => (s[`mrr_at_${k}`] = mrrs.length ? pySum(mrrs.map((m) => m[j]!)) / mrrs.length : Number.NaN));

  const trecLists = new Map<string, number[]>();
  for (const [, name, pick] of trecKeys) ks.forEach((k, j) => trecLists.set(`${name}@${k}`, column(pick, j)));
  ks.forEach((k, j) =>
    trecLists.set(
      `P@${k}`,
      column((m) => m.precision, j),
    ),
  );
  const mrrLists = new Map<string, number[]>();
  ks.forEach((k, j) =>
    mrrLists.set(
      `MRR@${k}`,
      mrrs.map((m) => m[j]!),
    ),
  );
  const naucs = n ? evaluateAbstention(evaluatedConf, trecLists) : new Map<string, number>();
  const naucsMrr = mrrs.length ? evaluateAbstention(runConf, mrrLists) : new Map<string, number>();
  for (const [k, v] of [...naucs, ...naucsMrr]) s[naucKey(k)] = v;
  ks.forEach((k, j) => (s[`hit_rate_at_${k}`] = mean5(column((m) => m.success, j))));
  return { scores: s, perQuery, perQueryMrr };
}

/** mteb: `k.replace("@", "_at_").replace("_P", "_precision").lower()`. */
function naucKey(k: string): RetrievalScoreKey {
  // evaluateAbstention names its keys nauc_<NDCG|MAP|Recall|P|MRR>@<k>_<max|std|diff1>: a nauc_ key once rewritten.
  return k.replace('@', '_at_').replace('_P', '_precision').toLowerCase() as RetrievalScoreKey;
}

/**
 * mteb's `max_over_subqueries`: queries "{base}_{n}" are merged per base id (max score per doc over the
 * sub-queries, qrels of the last sub-query), then every key is recomputed and prefixed.
 */
export function maxOverSubqueries(run: Run, qrels: Qrels, ks: readonly number[] = RETRIEVAL_K_VALUES): MaxOverSubqueriesRow {
  const groups = new Map<string, string[]>();
  for (const qid of qrels.keys()) {
    const base = qid.split('_').slice(0, -1).join('_');
    const g = groups.get(base);
    if (g) g.push(qid);
    else groups.set(base, [qid]);
  }
  const newRun = new Map<string, Map<string, number>>();
  const newQrels = new Map<string, ReadonlyMap<string, number>>();
  for (const [base, qids] of groups) {
    const merged = new Map<string, number>();
    for (const qid of qids) {
      for (const [doc, score] of run.get(qid) ?? new Map<string, number>()) {
        const prev = merged.get(doc);
        merged.set(doc, prev === undefined ? score : Math.max(score, prev));
      }
    }
    newRun.set(base, merged);
    newQrels.set(base, qrels.get(qids[qids.length - 1]!)!);
  }
  const { scores } = calculateRetrievalScores(newRun, newQrels, ks);
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [`max_over_subqueries_${k}`, v]));
}
