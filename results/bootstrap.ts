/**
 * Paired bootstrap of a mean difference with a seeded numpy-compatible RNG, so intervals are reproducible
 * and can be checked against numpy: `rs = np.random.RandomState(seed); idx = rs.randint(0, n, n)` per sample.
 */
import { pairwiseSum64 } from '../metrics/pairwise-sum.js';
import { NumpyRandomState } from '../metrics/random.js';

export interface BootstrapResult {
  n: number;
  mean: number;
  /** Percentile interval of the resampled means (numpy.percentile, linear interpolation). */
  ci: [number, number];
  level: number;
  samples: number;
  seed: number;
  /** Two-sided bootstrap p-value: 2·min(P(mean* ≤ 0), P(mean* ≥ 0)), capped at 1. */
  p: number;
}

export function pairedBootstrap(deltas: readonly number[], opts: { samples?: number; seed?: number; level?: number } = {}): BootstrapResult | undefined {
  const n = deltas.length;
  if (n === 0) return undefined;
  const samples = opts.samples ?? 1000;
  const seed = opts.seed ?? 42;
  const level = opts.level ?? 0.95;
  const rs = new NumpyRandomState(seed);
  const means = new Float64Array(samples);
  const idx = new Array<number>(n);
  const picked = new Float64Array(n);
  for (let b = 0; b < samples; b++) {
    rs.randintInto(idx, 0, n);
    for (let i = 0; i < n; i++) picked[i] = deltas[idx[i]!]!;
    means[b] = pairwiseSum64(picked) / n; // numpy's mean() summation order, so means match bit for bit
  }
  let le = 0;
  let ge = 0;
  for (const m of means) {
    if (m <= 0) le++;
    if (m >= 0) ge++;
  }
  const sorted = Float64Array.from(means).sort();
  const alpha = (1 - level) / 2;
  return {
    n,
    mean: deltas.reduce((a, b) => a + b, 0) / n,
    ci: [percentile(sorted, alpha * 100), percentile(sorted, (1 - alpha) * 100)],
    level,
    samples,
    seed,
    p: Math.min(1, (2 * Math.min(le, ge)) / samples),
  };
}

/** numpy.percentile(x, q) with the default linear method, on an ascending array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // numpy's _lerp: a + (b-a)*t, switched to b - (b-a)*(1-t) for t >= 0.5
  return frac >= 0.5 ? b - (b - a) * (1 - frac) : a + (b - a) * frac;
}
