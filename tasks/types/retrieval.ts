/**
 * Retrieval evaluator (mteb v2 AbsTaskRetrieval, mteb/abstasks/retrieval.py): search -> run -> trec_eval-exact metrics.
 * Tasks with a top_ranked config are scored over their candidate lists (reranking, mteb/abstasks/text/reranking.py).
 */
import {
  calculateRetrievalScores,
  type MaxOverSubqueriesRow,
  maxOverSubqueries,
  RETRIEVAL_K_VALUES,
  type RetrievalScoreRow,
  type RetrievalScores,
  type Run,
} from '../../metrics/ranking.js';
import { RETRIEVAL_PARAMS } from '../params/retrieval.js';
import { resolveParams } from '../params/rules.js';
import type { EvalContext, LoadContext, PerSample, Scores, TaskTypeModule } from './module.js';
import { loadRetrievalData, type RetrievalData, retrievalRowCounts } from './retrieval-data.js';
import { dropIdenticalIds, searchRun } from './retrieval-search.js';

/** Scores a loaded retrieval/reranking split; shared by the Retrieval and Reranking modules. */
export async function evaluateRetrieval(data: RetrievalData, ctx: EvalContext): Promise<Scores> {
  for (const w of data.warnings) (ctx.warn ?? ctx.log)(w);
  const p = resolveParams(RETRIEVAL_PARAMS, ctx.task.params);
  const phase = data.topRanked ? 'Reranking candidates' : 'Encoding queries and documents';
  const run = await ctx.phase(phase, () => searchRun(data, ctx));
  if (p.ignore_identical_ids) {
    const n = dropIdenticalIds(run);
    if (n) ctx.log(`ignore_identical_ids: removed ${n} retrieved document(s) whose id equals the query id`);
  }
  const computed = calculateRetrievalScores(run, data.qrels);
  ctx.savePredictions?.(runToObject(run), perQueryMain(computed, ctx.task.mainScore));
  const scores: RetrievalScoreRow & MaxOverSubqueriesRow = { ...computed.scores };
  if (p.max_over_subqueries) Object.assign(scores, maxOverSubqueries(run, data.qrels));
  return scores;
}

/**
 * Per-query values of the main score (ndcg/map/recall/precision/hit_rate over the judged queries, MRR over the run's
 * queries): their mean is the main score before mteb's 5-decimal rounding. Undefined for other main scores.
 */
export function perQueryMain(computed: RetrievalScores, mainScore: string, ks: readonly number[] = RETRIEVAL_K_VALUES): PerSample | undefined {
  const m = /^(ndcg|map|recall|precision|hit_rate|mrr)_at_(\d+)$/.exec(mainScore);
  const j = m ? ks.indexOf(Number(m[2])) : -1;
  if (!m || j < 0) return undefined;
  const values: Record<string, number> = {};
  if (m[1] === 'mrr') for (const [q, v] of computed.perQueryMrr) values[q] = v[j]!;
  else {
    const key = m[1] === 'hit_rate' ? 'success' : (m[1] as 'ndcg' | 'map' | 'recall' | 'precision');
    for (const [q, v] of computed.perQuery) values[q] = v[key][j]!;
  }
  return { statistic: 'mean', metric: mainScore, unit: 'query', values };
}

/** The run as mteb's predictions JSON: {qid: {docid: score}}. */
export function runToObject(run: Run): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [q, docs] of run) out[q] = Object.fromEntries(docs);
  return out;
}

const retrieval: TaskTypeModule<RetrievalData> = {
  load: (ctx: LoadContext) => loadRetrievalData(ctx),
  evaluate: evaluateRetrieval,
  rowCounts: retrievalRowCounts,
};
export default retrieval;
