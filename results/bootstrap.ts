/**
 * Paired bootstrap of a mean difference with a seeded numpy-compatible RNG, so intervals are reproducible
 * and can be checked against numpy: `rs = np.random.RandomState(seed); idx = rs.randint(0, n, n)` per sample.
 */

import { averagePrecision } from '../metrics/average-precision.js';
import { binaryScores } from '../metrics/binary-scores.js';
import { bitextScores } from '../metrics/bitext.js';
import { precisionRecallF1 } from '../metrics/classification-scores.js';
import { pearson, spearman } from '../metrics/correlation.js';
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

export function pairedBootstrap(
  deltas: readonly number[],
  opts: { samples?: number; seed?: number; level?: number } = {},
): BootstrapResult | undefined {
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
  return { n, mean: deltas.reduce((a, b) => a + b, 0) / n, ...summarize(Array.from(means), level), level, samples, seed };
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

/** One (split, subset) group of paired per-pair predictions against shared gold scores (STS) or 0/1 labels (AP). */
export interface CorrelationGroup {
  gold: ArrayLike<number>;
  base: ArrayLike<number>;
  new: ArrayLike<number>;
}

export type BootstrapStatistic = 'spearman' | 'pearson' | 'ap' | BinaryStatistic;
/** Precision, recall or F1 of fixed 0/1 predictions (`pred`) for the 0/1 labels (`gold`). */
export type BinaryStatistic = 'binary_f1' | 'binary_precision' | 'binary_recall';

/**
 * One (split, subset) of a task whose statistic is recomputed on each resample: `full()` is new − base on all its
 * samples, `resample(rs)` draws the group's resample(s) from the shared RandomState and returns new − base on them.
 */
export interface ResampledGroup {
  size: number;
  full(): number;
  resample(rs: NumpyRandomState): number;
}

/**
 * Paired bootstrap of a whole-sample statistic over groups: per resample the groups draw in order from one
 * RandomState(seed) and the statistic is the mean over groups of their new − base (the task score is the mean over
 * its subsets). Resamples where it is undefined (NaN, e.g. a constant gold vector) are dropped and counted; the
 * interval and p-value use the others. `mean` is the full-data difference.
 */
export function pairedGroupBootstrap(
  groups: readonly ResampledGroup[],
  opts: { samples?: number; seed?: number; level?: number } = {},
): (BootstrapResult & { dropped: number }) | undefined {
  if (!groups.length) return undefined;
  const full = groups.reduce((s, g) => s + g.full(), 0) / groups.length;
  const samples = opts.samples ?? 1000;
  const seed = opts.seed ?? 42;
  const level = opts.level ?? 0.95;
  const rs = new NumpyRandomState(seed);
  const kept: number[] = [];
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (const g of groups) sum += g.resample(rs);
    const m = sum / groups.length;
    if (!Number.isNaN(m)) kept.push(m);
  }
  const n = groups.reduce((a, g) => a + g.size, 0);
  return { ...summarize(kept, level), n, mean: full, level, samples, seed, dropped: samples - kept.length };
}

/**
 * Paired bootstrap of a difference of a whole-sample statistic of the pairs (STS: Spearman of the model's scores with
 * the gold scores; pair classification: average precision of the scores for the 0/1 labels, sklearn semantics).
 * Per resample, each group's pairs are resampled on their own (`idx = rs.randint(0, n_g, n_g)`, groups in order,
 * one RandomState(seed) for all) and the statistic is the mean over groups of corr(gold, new) − corr(gold, base).
 */
export function pairedCorrelationBootstrap(
  groups: readonly CorrelationGroup[],
  statistic: BootstrapStatistic,
  opts: { samples?: number; seed?: number; level?: number } = {},
): (BootstrapResult & { dropped: number }) | undefined {
  const sizes = groups.map((g) => g.gold.length);
  if (!groups.length || sizes.some((n) => n < 2)) return undefined;
  groups.forEach((g, k) => {
    if (g.base.length !== sizes[k] || g.new.length !== sizes[k])
      throw new RangeError(`group ${k}: ${sizes[k]} gold scores but ${g.base.length} / ${g.new.length} predictions`);
  });
  const corr = STATISTICS[statistic];
  const diffOf = (gold: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>) => corr(gold, b) - corr(gold, a);
  return pairedGroupBootstrap(
    groups.map((g) => {
      const n = g.gold.length;
      const buf = { idx: new Array<number>(n), gold: new Float64Array(n), a: new Float64Array(n), b: new Float64Array(n) };
      return {
        size: n,
        full: () => diffOf(g.gold, g.base, g.new),
        resample: (rs: NumpyRandomState) => {
          rs.randintInto(buf.idx, 0, n);
          for (let i = 0; i < n; i++) {
            const j = buf.idx[i]!;
            buf.gold[i] = g.gold[j]!;
            buf.a[i] = g.base[j]!;
            buf.b[i] = g.new[j]!;
          }
          return diffOf(buf.gold, buf.a, buf.b);
        },
      };
    }),
    opts,
  );
}

/** One fold of label predictions on both sides: shared gold label ids, one prediction list per experiment each. */
export interface F1FoldPair {
  gold: readonly number[];
  base: readonly (readonly number[])[];
  new: readonly (readonly number[])[];
}

/**
 * Paired bootstrap of an F1 main score (classification: macro F1 averaged over experiments; bitext mining: weighted
 * F1). A group is one (split, subset) with its folds; per resample each fold draws `rs.randint(0, n_f, n_f)` (folds
 * in order) and a side's statistic is the mean over folds of the mean over its prediction lists of F1(gold[idx],
 * pred[idx]) — sklearn's f1_score with average="macro" / "weighted", zero_division=0.
 */
export function pairedF1Bootstrap(
  groups: readonly (readonly F1FoldPair[])[],
  average: 'macro' | 'weighted',
  opts: { samples?: number; seed?: number; level?: number } = {},
): (BootstrapResult & { dropped: number }) | undefined {
  if (!groups.length || groups.some((folds) => !folds.length || folds.some((f) => !f.gold.length || !f.base.length || !f.new.length))) {
    return undefined;
  }
  for (const folds of groups) {
    for (const f of folds) {
      for (const p of [...f.base, ...f.new])
        if (p.length !== f.gold.length) throw new RangeError(`${f.gold.length} gold labels but a prediction list of ${p.length}`);
    }
  }
  const f1 =
    average === 'macro'
      ? (g: ArrayLike<number>, p: ArrayLike<number>) => precisionRecallF1(g, p).macro.f1
      : (g: ArrayLike<number>, p: ArrayLike<number>) => bitextScores(g, p).f1;
  const side = (gold: ArrayLike<number>, preds: readonly ArrayLike<number>[]) => preds.reduce((a, p) => a + f1(gold, p), 0) / preds.length;
  return pairedGroupBootstrap(
    groups.map((folds) => {
      const bufs = folds.map((f) => ({
        idx: new Array<number>(f.gold.length),
        gold: new Float64Array(f.gold.length),
        base: f.base.map(() => new Float64Array(f.gold.length)),
        new: f.new.map(() => new Float64Array(f.gold.length)),
      }));
      const diff = (parts: readonly { gold: ArrayLike<number>; base: readonly ArrayLike<number>[]; new: readonly ArrayLike<number>[] }[]) =>
        parts.reduce((a, p) => a + side(p.gold, p.new) - side(p.gold, p.base), 0) / parts.length;
      return {
        size: folds.reduce((a, f) => a + f.gold.length, 0),
        full: () => diff(folds),
        resample: (rs: NumpyRandomState) => {
          folds.forEach((f, k) => {
            const b = bufs[k]!;
            const n = f.gold.length;
            rs.randintInto(b.idx, 0, n);
            for (let i = 0; i < n; i++) b.gold[i] = f.gold[b.idx[i]!]!;
            f.base.forEach((p, e) => {
              for (let i = 0; i < n; i++) b.base[e]![i] = p[b.idx[i]!]!;
            });
            f.new.forEach((p, e) => {
              for (let i = 0; i < n; i++) b.new[e]![i] = p[b.idx[i]!]!;
            });
          });
          return diff(bufs);
        },
      };
    }),
    opts,
  );
}

/** One (split, subset) of a multilabel task: each row's positive columns, truth and one list per experiment a side. */
export interface MultilabelF1Group {
  columns: number;
  gold: readonly (readonly number[])[];
  base: readonly (readonly (readonly number[])[])[];
  new: readonly (readonly (readonly number[])[])[];
}

/**
 * Paired bootstrap of multilabel macro F1 (mteb's `f1` key: sklearn f1_score(y_test, y_pred, average="macro") on the
 * indicator matrices, averaged over experiments). Per resample each group draws `rs.randint(0, n, n)` (groups in
 * order) and every experiment's F1 is recomputed on the drawn rows over all `columns` (per column 2·TP / (#true +
 * #pred), 0 when a column has neither, as sklearn's zero_division default gives); the statistic is the mean over
 * groups of new − base.
 */
export function pairedMultilabelF1Bootstrap(
  groups: readonly MultilabelF1Group[],
  opts: { samples?: number; seed?: number; level?: number } = {},
): (BootstrapResult & { dropped: number }) | undefined {
  if (!groups.length || groups.some((g) => !g.gold.length || !g.base.length || !g.new.length || g.columns < 1)) return undefined;
  for (const g of groups) {
    for (const p of [...g.base, ...g.new])
      if (p.length !== g.gold.length) throw new RangeError(`${g.gold.length} gold rows but a prediction list of ${p.length}`);
  }
  return pairedGroupBootstrap(
    groups.map((g) => {
      const n = g.gold.length;
      const L = g.columns;
      // counts per column over the drawn rows are sums of each row's multiplicity `weight[i]`; the positive columns
      // (truth, each experiment's predictions, and their intersections) are flattened once, row by row
      const flat = (rows: readonly (readonly number[])[]) => {
        const start = new Int32Array(n + 1);
        rows.forEach((r, i) => (start[i + 1] = start[i]! + r.length));
        const cols = new Int32Array(start[n]!);
        rows.forEach((r, i) => cols.set(r, start[i]!));
        return { start, cols };
      };
      const truth = flat(g.gold);
      const experiments = (preds: MultilabelF1Group['base']) =>
        preds.map((p) => ({
          pred: flat(p),
          hit: flat(
            p.map((r, i) => {
              const t = new Set(g.gold[i]);
              return r.filter((c) => t.has(c));
            }),
          ),
        }));
      const sides = { base: experiments(g.base), new: experiments(g.new) };
      const weight = new Float64Array(n);
      const trueCount = new Float64Array(L);
      const predCount = new Float64Array(L);
      const tp = new Float64Array(L);
      const f = new Float64Array(L);
      const idx = new Array<number>(n);
      type Flat = { start: Int32Array; cols: Int32Array };
      const add = (into: Float64Array, { start, cols }: Flat, into2?: Float64Array, second?: Flat) => {
        into.fill(0);
        into2?.fill(0);
        for (let i = 0; i < n; i++) {
          const w = weight[i]!;
          if (w === 0) continue;
          for (let k = start[i]!; k < start[i + 1]!; k++) into[cols[k]!]! += w;
          if (second) for (let k = second.start[i]!; k < second.start[i + 1]!; k++) into2![second.cols[k]!]! += w;
        }
      };
      // sklearn's f1_score(average="macro") on the weighted rows: per column 2·TP / (#true + #pred), 0 when both are 0
      const side = (exps: (typeof sides)['base']) => {
        let sum = 0;
        for (const e of exps) {
          add(predCount, e.pred, tp, e.hit);
          for (let c = 0; c < L; c++) f[c] = trueCount[c]! + predCount[c]! === 0 ? 0 : (2 * tp[c]!) / (trueCount[c]! + predCount[c]!);
          sum += pairwiseSum64(f) / L;
        }
        return sum / exps.length;
      };
      const diff = () => {
        add(trueCount, truth);
        return side(sides.new) - side(sides.base);
      };
      return {
        size: n,
        full: () => {
          weight.fill(1);
          return diff();
        },
        resample: (rs: NumpyRandomState) => {
          rs.randintInto(idx, 0, n);
          weight.fill(0);
          for (let k = 0; k < n; k++) weight[idx[k]!]!++;
          return diff();
        },
      };
    }),
    opts,
  );
}

/**
 * Whole-sample statistics of (gold, pred): scipy's Spearman/Pearson, sklearn's average_precision_score, and
 * precision/recall/F1 of fixed 0/1 predictions (sklearn's precision_score etc. with zero_division=0).
 */
const STATISTICS: Record<BootstrapStatistic, (gold: ArrayLike<number>, pred: ArrayLike<number>) => number> = {
  spearman,
  pearson,
  ap: averagePrecision,
  binary_f1: (g, p) => binaryScores(g, p).f1,
  binary_precision: (g, p) => binaryScores(g, p).precision,
  binary_recall: (g, p) => binaryScores(g, p).recall,
};

/** Interval and p-value of bootstrap statistics (NaN when none is defined). */
function summarize(stats: readonly number[], level: number): { ci: [number, number]; p: number } {
  if (!stats.length) return { ci: [Number.NaN, Number.NaN], p: Number.NaN };
  let le = 0;
  let ge = 0;
  for (const m of stats) {
    if (m <= 0) le++;
    if (m >= 0) ge++;
  }
  const sorted = Float64Array.from(stats).sort();
  const alpha = (1 - level) / 2;
  return { ci: [percentile(sorted, alpha * 100), percentile(sorted, (1 - alpha) * 100)], p: Math.min(1, (2 * Math.min(le, ge)) / stats.length) };
}
