import { type KMeansCompat, sklearnCompat } from '../../metrics/kmeans.js';
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
