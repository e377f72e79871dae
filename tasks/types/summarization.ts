import type { Matrix } from '../../core/matrix.js';
import { correlationPValue, pearson, spearman } from '../../metrics/correlation.js';
import { rowNorms } from '../../metrics/similarity.js';
import { resolveParams } from '../params/rules.js';
import { SUMMARIZATION_PARAMS } from '../params/summarization.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type Scores, type TaskTypeModule } from './module.js';

/**
 * Summarization (mteb AbsTaskSummarization + SummarizationEvaluator, mteb/_evaluators/text/summarization_evaluator.py).
 * Task param `deprecated_evaluator: true` selects mteb's DeprecatedSummarizationEvaluator (SummEval, MTEB eng v1):
 * it averages scipy's (statistic, pvalue) tuples, i.e. reports (mean statistic + mean p-value) / 2.
 */
export interface SummarizationData {
  human: string[][];
  machine: string[][];
  /** Relevance per machine summary, normalized (x - min_score) / (max_score - min_score). */
  relevance: number[][];
}

export async function loadSummarization(ctx: LoadContext): Promise<SummarizationData> {
  const rows = await ctx.loadSubsetRows(ctx.split);
  const r = new RowReader(ctx, rows);
  const { min_score: min, max_score: max } = resolveParams(SUMMARIZATION_PARAMS, ctx.task.params);
  r.requireRows('texts to summarise');
  const data: SummarizationData = { human: [], machine: [], relevance: [] };
  for (let i = 0; i < rows.rows.length; i++) {
    r.string(i, 'text');
    const human = r.stringList(i, 'human_summaries');
    const machine = r.stringList(i, 'machine_summaries');
    const rel = r.numberList(i, 'relevance');
    if (rel.length !== machine.length) r.fail(i, `"relevance" has ${rel.length} scores for ${machine.length} machine summaries`);
    if (!human.length) r.fail(i, 'row has no human summaries');
    data.human.push(human);
    data.machine.push(machine);
    data.relevance.push(rel.map((x) => (x - min) / (max - min)));
  }
  return data;
}

/** Per text: for each machine summary, the max over that text's human summaries of cosine, dot and model similarity. */
interface TextScores {
  human: number[];
  cosine: number[];
  dot: number[];
  similarity: number[];
}

function maxOverHumans(machine: Matrix, mRow: number, human: Matrix, hStart: number, hCount: number, mNorm: number, hNorms: Float64Array) {
  const c = machine.cols;
  let cos = -Infinity;
  let dot = -Infinity;
  for (let h = hStart; h < hStart + hCount; h++) {
    let d = 0;
    let cs = 0;
    const mo = mRow * c;
    const ho = h * c;
    const sm = Math.max(mNorm, 1e-12);
    const sh = Math.max(hNorms[h]!, 1e-12);
    for (let k = 0; k < c; k++) {
      const a = machine.data[mo + k]!;
      const b = human.data[ho + k]!;
      d += a * b;
      cs += (a / sm) * (b / sh);
    }
    // float32 like mteb's torch scores: the skip rule and the rank ties depend on it.
    cos = Math.max(cos, Math.fround(cs));
    dot = Math.max(dot, Math.fround(d));
  }
  return { cos, dot };
}

/** The keys of one summarization score row (mteb/_evaluators/text/summarization_evaluator.py). */
export type SummarizationScores = {
  pearson: number;
  spearman: number;
  cosine_spearman: number;
  cosine_pearson: number;
  dot_pearson: number;
  dot_spearman: number;
};

export async function evaluateSummarization(data: SummarizationData, ctx: EvalContext): Promise<Scores> {
  const enc = encodeContext(ctx);
  const human = await ctx.phase('Encoding human summaries', () => ctx.encoder.encode(data.human.flat(), enc));
  const machine = await ctx.phase('Encoding machine summaries', () => ctx.encoder.encode(data.machine.flat(), enc));
  return ctx.phase('Scoring', async () => {
    const hNorms = rowNorms(human);
    const mNorms = rowNorms(machine);
    const useDot = ctx.encoder.similarity === 'dot';
    const kept: TextScores[] = [];
    const keptIndex: number[] = [];
    let hStart = 0;
    let mStart = 0;
    for (let i = 0; i < data.human.length; i++) {
      const nh = data.human[i]!.length;
      const t: TextScores = { human: [], cosine: [], dot: [], similarity: [] };
      data.machine[i]!.forEach((_, k) => {
        const m = mStart + k;
        const { cos, dot } = maxOverHumans(machine, m, human, hStart, nh, mNorms[m]!, hNorms);
        t.cosine.push(cos);
        t.dot.push(dot);
        t.similarity.push(useDot ? dot : cos);
        t.human.push(data.relevance[i]![k]!);
      });
      hStart += nh;
      mStart += data.machine[i]!.length;
      // mteb skips texts whose human, dot or cosine scores are all equal (correlations undefined).
      if (allEqual(t.human) || allEqual(t.dot) || allEqual(t.cosine)) {
        ctx.log(`Skipping sample ${i} due to equal scores`);
        continue;
      }
      kept.push(t);
      keptIndex.push(i);
    }
    const deprecated = resolveParams(SUMMARIZATION_PARAMS, ctx.task.params).deprecated_evaluator;
    const agg = (corr: (x: number[], y: number[]) => number, pick: (t: TextScores) => number[]) => {
      const stats = kept.map((t) => corr(t.human, pick(t)));
      if (!deprecated) return mean(stats);
      const pvalues = kept.map((t, k) => correlationPValue(stats[k]!, t.human.length));
      return (mean(stats) + mean(pvalues)) / 2;
    };
    if (ctx.savePredictions) {
      // mteb's SummarizationDistances (summarization_evaluator.py): the kept texts' lists. Per text: the main
      // correlation, whose plain mean is the main score (not with the deprecated evaluator's p-value mix).
      const main = MAIN_VECTORS[ctx.task.mainScore];
      const values: Record<string, number> = {};
      if (main && !deprecated) kept.forEach((t, k) => (values[keptIndex[k]!] = main[0](t.human, main[1](t))));
      ctx.savePredictions(
        {
          cosine_scores: kept.map((t) => t.cosine),
          dot_scores: kept.map((t) => t.dot),
          similarity_scores: kept.map((t) => t.similarity),
          human_scores: kept.map((t) => t.human),
        },
        main && !deprecated ? { statistic: 'mean', metric: ctx.task.mainScore, unit: 'text', values } : undefined,
      );
    }
    return {
      pearson: agg(pearson, (t) => t.similarity),
      spearman: agg(spearman, (t) => t.similarity),
      cosine_spearman: agg(spearman, (t) => t.cosine),
      cosine_pearson: agg(pearson, (t) => t.cosine),
      dot_pearson: agg(pearson, (t) => t.dot),
      dot_spearman: agg(spearman, (t) => t.dot),
    } satisfies SummarizationScores;
  });
}

/** Main score -> (correlation, vector) of one text, as the keys below are computed. */
const MAIN_VECTORS: Record<string, [(x: number[], y: number[]) => number, (t: TextScores) => number[]]> = {
  pearson: [pearson, (t) => t.similarity],
  spearman: [spearman, (t) => t.similarity],
  cosine_spearman: [spearman, (t) => t.cosine],
  cosine_pearson: [pearson, (t) => t.cosine],
  dot_pearson: [pearson, (t) => t.dot],
  dot_spearman: [spearman, (t) => t.dot],
};

function allEqual(xs: number[]): boolean {
  return xs.every((x) => x === xs[0]);
}

/** np.mean: NaN for an empty list or any NaN. */
function mean(xs: number[]): number {
  if (!xs.length) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

const summarization: TaskTypeModule<SummarizationData> = { load: loadSummarization, evaluate: evaluateSummarization };
export default summarization;
