/**
 * Reranking evaluator (mteb v2, mteb/abstasks/text/reranking.py): retrieval restricted to each query's `top_ranked`
 * candidates, with every retrieval key; main score map_at_1000 (MindSmall: max_over_subqueries_*).
 */
import type { LoadContext, TaskTypeModule } from './module.js';
import { evaluateRetrieval } from './retrieval.js';
import { loadRetrievalData, type RetrievalData, retrievalRowCounts } from './retrieval-data.js';

const reranking: TaskTypeModule<RetrievalData> = {
  load: (ctx: LoadContext) => loadRetrievalData(ctx, { requireTopRanked: true }),
  evaluate: evaluateRetrieval,
  rowCounts: retrievalRowCounts,
};
export default reranking;
