import { EvaluationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { firstNonFinite } from '../../core/matrix.js';
import { sklearnCompat, type KMeansCompat } from '../../metrics/kmeans.js';
import { pairwiseSum64 } from '../../metrics/pairwise-sum.js';
import type { EvalContext } from './module.js';

/** The MiniBatchKMeans behaviour of the scikit-learn release this evaluation reproduces. */
export function kmeansCompat(ctx: EvalContext): KMeansCompat {
  return sklearnCompat(ctx.sklearn);
}

/** np.mean and np.std (population) with numpy's pairwise summation. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = pairwiseSum64(values) / n;
  const sq = values.map((v) => (v - mean) * (v - mean));
  return { mean, std: Math.sqrt(pairwiseSum64(sq) / n) };
}

/** The runner already validates embeddings; this is the evaluator's own guard (row count, NaN/Inf). */
export function checkEmbeddings(m: Matrix, expectedRows: number, ctx: EvalContext, what: string): void {
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset, model: ctx.encoder.name };
  if (m.rows !== expectedRows) {
    throw new EvaluationError(`the model returned ${m.rows} embeddings for ${expectedRows} ${what}`, where);
  }
  const bad = firstNonFinite(m);
  if (bad >= 0) {
    const row = Math.floor(bad / Math.max(1, m.cols));
    throw new EvaluationError(`embedding ${row} of ${what} contains a non-finite value`, {
      ...where,
      hint: 'k-means cannot cluster NaN/Inf vectors; check the model output',
    });
  }
}
