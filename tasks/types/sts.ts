import { pairedScores } from '../../compute/paired-scores.js';
import { averageRanks, pearson } from '../../metrics/correlation.js';
import { toEmbeddingDtype as f32 } from '../../metrics/similarity.js';
import { resolveParams } from '../params/rules.js';
import { STS_PARAMS } from '../params/sts.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type PerSample, type Scores, type TaskTypeModule } from './module.js';
import { isRecord, numberList, PredictionsMismatch } from './saved-predictions.js';

/** STS (mteb AbsTaskSTS + AnySTSEvaluator, mteb/_evaluators/any_sts_evaluator.py). */
export interface StsData {
  sentence1: string[];
  sentence2: string[];
  /** Gold scores normalized to (x - min_score) / (max_score - min_score). */
  gold: Float64Array;
}

export async function loadSts(ctx: LoadContext): Promise<StsData> {
  const rows = await ctx.loadSubsetRows(ctx.split);
  const r = new RowReader(ctx, rows);
  const { min_score: min, max_score: max } = resolveParams(STS_PARAMS, ctx.task.params);
  r.requireRows('sentence pairs');
  const n = rows.rows.length;
  const data: StsData = { sentence1: new Array(n), sentence2: new Array(n), gold: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    data.sentence1[i] = r.string(i, 'sentence1');
    data.sentence2[i] = r.string(i, 'sentence2');
    data.gold[i] = (r.number(i, 'score') - min) / (max - min);
  }
  return data;
}

/** The keys of one STS score row, as mteb writes them (mteb/_evaluators/any_sts_evaluator.py `STSEvaluatorScores`). */
export type StsScores = {
  pearson: number;
  spearman: number;
  cosine_pearson: number;
  cosine_spearman: number;
  manhattan_pearson: number;
  manhattan_spearman: number;
  euclidean_pearson: number;
  euclidean_spearman: number;
};

export async function evaluateSts(data: StsData, ctx: EvalContext): Promise<Scores> {
  const enc = encodeContext(ctx);
  const e1 = await ctx.phase('Encoding samples 1', () => ctx.encoder.encode(data.sentence1, enc));
  const e2 = await ctx.phase('Encoding samples 2', () => ctx.encoder.encode(data.sentence2, enc));
  return ctx.phase('Scoring', async () => {
    const p = pairedScores(e1, e2);
    // Scores rounded to float32 like mteb's (they decide Spearman's ties).
    const cosine = f32(p.cosine);
    const manhattan = f32(p.manhattan.map((v) => -v));
    const euclidean = f32(p.euclidean.map((v) => -v));
    const similarity = ctx.encoder.similarity === 'dot' ? f32(p.dot) : f32(p.modelCosine);
    const g = data.gold;
    // Spearman = Pearson on average ranks; the gold ranks are shared by all four.
    const goldRanks = averageRanks(g);
    const rho = (x: Float64Array) => (g.length < 2 ? NaN : pearson(goldRanks, averageRanks(x)));
    if (ctx.savePredictions) {
      // mteb's STSEvaluatorScores (any_sts_evaluator.py), as the lists it dumps
      const saved: StsPredictions = {
        cosine_scores: Array.from(cosine),
        manhattan_distances: Array.from(manhattan),
        euclidean_distances: Array.from(euclidean),
        similarity_scores: Array.from(similarity),
      };
      ctx.savePredictions(saved, stsPerSample(ctx.task.mainScore, g, saved));
    }
    return {
      pearson: pearson(g, similarity),
      spearman: rho(similarity),
      cosine_pearson: pearson(g, cosine),
      cosine_spearman: rho(cosine),
      manhattan_pearson: pearson(g, manhattan),
      manhattan_spearman: rho(manhattan),
      euclidean_pearson: pearson(g, euclidean),
      euclidean_spearman: rho(euclidean),
    } satisfies StsScores;
  });
}

/** mteb's STSEvaluatorScores: distances negated; similarity_scores null when the model has no similarity function. */
export interface StsPredictions {
  cosine_scores: number[];
  manhattan_distances: number[];
  euclidean_distances: number[];
  similarity_scores: number[] | null;
}

/**
 * Per pair: the gold score and the main score's vector, whose correlation diff recomputes on each resample.
 * A null similarity_scores stands for cosine, as in mteb/abstasks/sts.py `_calculate_scores`.
 */
export function stsPerSample(mainScore: string, gold: ArrayLike<number>, p: StsPredictions): PerSample | undefined {
  const main = /^(cosine_|manhattan_|euclidean_)?(spearman|pearson)$/.exec(mainScore);
  if (!main) return undefined;
  const byPrefix: Record<string, number[]> = { cosine_: p.cosine_scores, manhattan_: p.manhattan_distances, euclidean_: p.euclidean_distances };
  const pred = byPrefix[main[1] ?? ''] ?? p.similarity_scores ?? p.cosine_scores;
  return { statistic: main[2] as 'spearman' | 'pearson', metric: mainScore, unit: 'pair', gold: Array.from(gold), pred: Array.from(pred) };
}

/** The saved lists of a predictions file, checked against the split's pairs. */
function readStsPredictions(v: unknown, n: number): StsPredictions {
  if (!isRecord(v)) throw new PredictionsMismatch('STS predictions must be an object of score lists (mteb STSEvaluatorScores)');
  return {
    cosine_scores: numberList(v.cosine_scores, 'cosine_scores', n),
    manhattan_distances: numberList(v.manhattan_distances, 'manhattan_distances', n),
    euclidean_distances: numberList(v.euclidean_distances, 'euclidean_distances', n),
    similarity_scores: v.similarity_scores === null ? null : numberList(v.similarity_scores, 'similarity_scores', n),
  };
}

const sts: TaskTypeModule<StsData> = {
  load: loadSts,
  evaluate: evaluateSts,
  rowCounts: (d) => ({ samples: d.sentence1.length }),
  perSample: (d, predictions, task) => stsPerSample(task.mainScore, d.gold, readStsPredictions(predictions, d.gold.length)),
};
export default sts;
