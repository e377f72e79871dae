import { EvaluationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { firstNonFinite } from '../../core/matrix.js';
import { SKLEARN_1_9, sklearnCompat, type KMeansCompat } from '../../metrics/kmeans.js';
import { pairwiseSum64 } from '../../metrics/pairwise-sum.js';
import type { EvalContext } from './module.js';

/**
 * Which scikit-learn generation MiniBatchKMeans follows (its RNG use changed in 1.3 and 1.7). Default: the spec's
 * sklearn 1.9.1. Set MTEB_TS_SKLEARN_VERSION=1.2.1 (or call setSklearnVersion) to compare with an older install.
 */
let override: KMeansCompat | undefined;

export function setSklearnVersion(version: string | undefined): void {
  override = version ? sklearnCompat(version) : undefined;
}

export function kmeansCompat(): KMeansCompat {
  if (override) return override;
  const env = process.env.MTEB_TS_SKLEARN_VERSION;
  return env ? sklearnCompat(env) : SKLEARN_1_9;
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
