/**
 * InstructionReranking (FollowIR: Core17/News21/Robust04InstructionRetrieval; mFollowIR,
 * mFollowIRCrossLingual): mteb v2 runs these as AbsTaskRetrieval over `top_ranked` candidates
 * (mteb/abstasks/retrieval.py), plus the tasks' `task_specific_scores`
 * (mteb/tasks/instruction_reranking/eng/core17_instruction_retrieval.py, .../multilingual/m_follow_ir.py):
 * - every topic is two queries, "{t}-og" and "{t}-changed", with the same text and their own instruction
 *   (config `instruction`); each is encoded as `query + " " + instruction` (metrics after the model's own
 *   prompt or instruction template, which the encoder applies), scored against its own candidates;
 * - the top-level keys are the retrieval keys over all queries together;
 * - `p-MRR` (metrics/p-mrr.ts) from config `qrel_diff` (split `qrel_diff`), and `og` / `changed`: the full
 *   retrieval key set of each half of the run against its own judgements
 *   (mteb/_evaluators/retrieval_metrics.py `evaluate_p_mrr_change`).
 * Layouts: FollowIR configs `corpus`, `queries`, `instruction`, `default`, `top_ranked`, `qrel_diff`;
 * mFollowIR configs suffixed by language (`corpus-fas`, …, `default-fas`, `qrel_diff-fas`), where a
 * cross-lingual subset "eng-fas" reads the "fas" configs (mteb's `hf_subset.replace("eng-", "")`).
 */
import { DatasetError, EvaluationError, withContext } from '../../core/errors.js';
import { calculatePMrr, type PMrrResult, splitInstructionRun } from '../../metrics/p-mrr.js';
import { calculateRetrievalScores, type RetrievalScoreRow } from '../../metrics/ranking.js';
import type { TaskInfo } from '../task-info.js';
import type { EvalContext, LoadContext, PerSample, TaskTypeModule } from './module.js';
import { runToObject } from './retrieval.js';
import { type ConfigNames, loadRetrievalData, type RetrievalData, retrievalRowCounts } from './retrieval-data.js';
import { searchRun } from './retrieval-search.js';
import { isRecord, PredictionsMismatch } from './saved-predictions.js';

export interface InstructionRerankingData extends RetrievalData {
  /** Topic id -> documents whose judgement the changed instruction altered, in qrel_diff row order. */
  qrelDiff: Map<string, string[]>;
}

/** The configs of one subset: mFollowIR's language-suffixed names when the dataset has them. */
export function instructionConfigs(configs: readonly string[], subset: string): { names?: ConfigNames; qrelDiff: string } {
  const lang = subset.replace('eng-', '');
  if (configs.includes(`corpus-${lang}`)) {
    return {
      names: {
        corpus: `corpus-${lang}`,
        queries: `queries-${lang}`,
        qrels: `default-${lang}`,
        topRanked: `top_ranked-${lang}`,
        instruction: `instruction-${lang}`,
      },
      qrelDiff: `qrel_diff-${lang}`,
    };
  }
  return { qrelDiff: 'qrel_diff' };
}

export async function loadInstructionReranking(ctx: LoadContext): Promise<InstructionRerankingData> {
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset };
  const configs = await ctx.listConfigs();
  const { names, qrelDiff } = instructionConfigs(configs, ctx.subset);
  if (!configs.includes(qrelDiff)) {
    throw new DatasetError(`instruction reranking dataset has no "${qrelDiff}" config`, { ...where, hint: `configs found: ${configs.join(', ')}` });
  }
  const data = await loadRetrievalData(ctx, { requireTopRanked: true, configs: names });
  if (!data.queries.instructions) {
    throw new DatasetError('instruction reranking dataset has no instruction config', { ...where, hint: `configs found: ${configs.join(', ')}` });
  }
  const rows = await ctx.loadRows(qrelDiff, 'qrel_diff');
  const diff = new Map<string, string[]>();
  rows.rows.forEach((r, i) => {
    const qid = r['query-id'];
    const ids = r['corpus-ids'];
    if ((typeof qid !== 'string' && typeof qid !== 'number') || !Array.isArray(ids)) {
      const l = rows.locate(i);
      throw new DatasetError('qrel_diff row needs "query-id" and a "corpus-ids" list', { ...where, file: l.file, row: l.row });
    }
    diff.set(String(qid), ids.map(String));
  });
  return { ...data, qrelDiff: diff };
}

/**
 * The keys of one instruction-reranking row: every retrieval key over all queries, then `p-MRR` and the retrieval
 * key sets of each half (mteb/_evaluators/retrieval_metrics.py `evaluate_p_mrr_change`).
 */
export type InstructionRerankingScores = RetrievalScoreRow & { 'p-MRR': number; og: RetrievalScoreRow; changed: RetrievalScoreRow };

export async function evaluateInstructionReranking(data: InstructionRerankingData, ctx: EvalContext): Promise<InstructionRerankingScores> {
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset, model: ctx.encoder.name };
  try {
    for (const w of data.warnings) ctx.log(w);
    const run = await ctx.phase('Reranking candidates', () => searchRun(data, ctx));
    const all = calculateRetrievalScores(run, data.qrels).scores;
    const { og, changed } = splitInstructionRun(run);
    const qrels = splitInstructionRun(data.qrels);
    let pmrr: PMrrResult;
    try {
      pmrr = calculatePMrr(og, changed, data.qrelDiff);
    } catch (e) {
      ctx.savePredictions?.(runToObject(run));
      throw new EvaluationError(`${(e as Error).message} (mteb fails here too: KeyError 'qid')`, where);
    }
    ctx.savePredictions?.(runToObject(run), pMrrPerSample(ctx.task.mainScore, pmrr));
    if (pmrr.skipped.length) {
      ctx.log(
        `p-MRR: ${pmrr.skipped.length} topic(s) of qrel_diff lack an "-og" or "-changed" run and are skipped (${pmrr.skipped.slice(0, 5).join(', ')})`,
      );
    }
    return {
      ...all,
      'p-MRR': pmrr.pMrr,
      og: calculateRetrievalScores(og, qrels.og).scores,
      changed: calculateRetrievalScores(changed, qrels.changed).scores,
    } satisfies InstructionRerankingScores;
  } catch (e) {
    throw withContext(e, where);
  }
}

/** p-MRR per topic (qrel_diff query id): the mean of its documents' rank scores; their mean is the p-MRR key. */
export function pMrrPerSample(mainScore: string, pmrr: PMrrResult): PerSample | undefined {
  if (mainScore !== 'p-MRR') return undefined;
  return { statistic: 'mean', metric: mainScore, unit: 'topic', values: Object.fromEntries(pmrr.perTopic) };
}

/** diff on a predictions file mteb wrote: the run {query id: {doc id: score}} against the split's qrel_diff. */
function perSampleFromPredictions(data: InstructionRerankingData, predictions: unknown, task: TaskInfo): PerSample | undefined {
  if (task.mainScore !== 'p-MRR') return undefined;
  if (!isRecord(predictions)) throw new PredictionsMismatch('instruction-reranking predictions must be a run {query id: {doc id: score}}');
  const run = new Map<string, Map<string, number>>();
  for (const [qid, docs] of Object.entries(predictions)) {
    if (!isRecord(docs)) throw new PredictionsMismatch(`the run of query ${JSON.stringify(qid)} is not an object of doc scores`);
    const scores = new Map<string, number>();
    for (const [d, v] of Object.entries(docs)) {
      if (typeof v !== 'number') throw new PredictionsMismatch(`query ${JSON.stringify(qid)}: the score of ${JSON.stringify(d)} is not a number`);
      scores.set(d, v);
    }
    run.set(qid, scores);
  }
  const { og, changed } = splitInstructionRun(run);
  try {
    return pMrrPerSample(task.mainScore, calculatePMrr(og, changed, data.qrelDiff));
  } catch (e) {
    throw new PredictionsMismatch((e as Error).message);
  }
}

const instructionReranking: TaskTypeModule<InstructionRerankingData> = {
  load: loadInstructionReranking,
  evaluate: evaluateInstructionReranking,
  rowCounts: retrievalRowCounts,
  perSample: perSampleFromPredictions,
};
export default instructionReranking;
