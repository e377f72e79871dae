import { averageRanks, pearson } from '../../metrics/correlation.js';
import { toEmbeddingDtype as f32, pairedAll } from '../../metrics/similarity.js';
import { resolveParams } from '../params/rules.js';
import { STS_PARAMS } from '../params/sts.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type Scores, type TaskTypeModule } from './module.js';

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
    const p = pairedAll(e1, e2);
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
      // mteb's STSEvaluatorScores (any_sts_evaluator.py), as the lists it dumps; per pair: the main score's vector.
      const vectors = { cosine_scores: cosine, manhattan_distances: manhattan, euclidean_distances: euclidean, similarity_scores: similarity };
      const main = /^(cosine_|manhattan_|euclidean_)?(spearman|pearson)$/.exec(ctx.task.mainScore);
      const pred = main ? ({ cosine_: cosine, manhattan_: manhattan, euclidean_: euclidean }[main[1] ?? ''] ?? similarity) : undefined;
      ctx.savePredictions(
        Object.fromEntries(Object.entries(vectors).map(([k, v]) => [k, Array.from(v)])),
        main && pred
          ? { statistic: main[2] as 'spearman', metric: ctx.task.mainScore, unit: 'pair', gold: Array.from(g), pred: Array.from(pred) }
          : undefined,
      );
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

const sts: TaskTypeModule<StsData> = { load: loadSts, evaluate: evaluateSts, rowCounts: (d) => ({ samples: d.sentence1.length }) };
export default sts;
