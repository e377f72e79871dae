/**
 * mteb's abstention nAUC (mteb/_evaluators/retrieval_metrics.py `nauc`, `confidence_scores`,
 * `evaluate_abstention`; paper arXiv 2402.12997), with numpy/sklearn arithmetic reproduced in order.
 */
import { pairwiseSum64 as pairwiseSum } from './pairwise-sum.js';

/** `np.std` (population, ddof=0) of a float64 vector, in numpy `_var`'s operation order. */
export function npStd(a: ArrayLike<number>): number {
  const n = a.length;
  const mean = pairwiseSum(a) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - mean;
    sq[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(sq) / n);
}

/** np.linspace(0, 1, 11)[:-1]: arange(0, 11) * 0.1 + 0.0. */
export const ABSTENTION_RATES: readonly number[] = Array.from({ length: 10 }, (_, i) => i * 0.1 + 0);

export const CONFIDENCE_FUNCTIONS = ['max', 'std', 'diff1'] as const;
export type ConfidenceName = (typeof CONFIDENCE_FUNCTIONS)[number];
export type Confidence = Record<ConfidenceName, number>;

/** Python's round(x) to an integer: half to even. */
export function pyRoundInt(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Confidence of one query from its retrieved scores (in run order): max, population std, top1 - top2. */
export function confidenceScores(simScores: ArrayLike<number>): Confidence {
  const n = simScores.length;
  // mteb raises IndexError on a query that retrieved nothing; such a query gets zero confidence here.
  if (n === 0) return { max: 0, std: 0, diff1: 0 };
  let top1 = -Infinity;
  let top2 = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = simScores[i]!;
    if (v > top1) {
      top2 = top1;
      top1 = v;
    } else if (v > top2) top2 = v;
  }
  return { max: top1, std: npStd(simScores), diff1: n > 1 ? top1 - top2 : 0 };
}

/** numpy's stable ascending argsort (NaN last). */
export function stableArgsort(values: ArrayLike<number>): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    if (a < b) return -1;
    if (a > b) return 1;
    const an = Number.isNaN(a),
      bn = Number.isNaN(b);
    if (an !== bn) return an ? 1 : -1;
    return 0; // equal: Array.prototype.sort is stable
  });
}

/** Mean metric over the instances kept at each abstention rate (lowest-confidence ones dropped first). */
export function abstentionCurve(
  conf: ArrayLike<number>,
  metrics: ArrayLike<number>,
  rates: readonly number[] = ABSTENTION_RATES,
  order: readonly number[] = stableArgsort(conf),
): Float64Array {
  const n = order.length;
  const curve = new Float64Array(rates.length);
  rates.forEach((rate, i) => {
    const drop = Math.min(pyRoundInt(rate * n), n - 1);
    const kept = new Float64Array(n - drop);
    for (let j = drop; j < n; j++) kept[j - drop] = metrics[order[j]!]!;
    curve[i] = pairwiseSum(kept) / kept.length;
  });
  return curve;
}

/** sklearn.metrics.auc for increasing x: numpy trapezoid `add.reduce(diff(x) * (y[1:] + y[:-1]) / 2.0)`. */
export function trapezoidAuc(x: readonly number[], y: ArrayLike<number>): number {
  const terms = new Float64Array(Math.max(0, x.length - 1));
  for (let i = 0; i < terms.length; i++) terms[i] = ((x[i + 1]! - x[i]!) * (y[i + 1]! + y[i]!)) / 2.0;
  return pairwiseSum(terms);
}

/** Normalized area under the abstention curve; NaN when the oracle curve is flat. */
export function nauc(
  conf: ArrayLike<number>,
  metrics: ArrayLike<number>,
  rates: readonly number[] = ABSTENTION_RATES,
  orders: { conf?: readonly number[]; metrics?: readonly number[] } = {},
): number {
  const abst = abstentionCurve(conf, metrics, rates, orders.conf);
  const oracle = abstentionCurve(metrics, metrics, rates, orders.metrics);
  const abstAuc = trapezoidAuc(rates, abst);
  const oracleAuc = trapezoidAuc(rates, oracle);
  const flatAuc = oracle[0]! * (rates[rates.length - 1]! - rates[0]!);
  if (oracleAuc === flatAuc) return Number.NaN;
  return (abstAuc - flatAuc) / (oracleAuc - flatAuc);
}

/**
 * nAUC of every (metric, confidence function) pair, keyed `nAUC_{metric}_{fct}` as mteb builds them
 * before renaming; `confidences[i]` and each `metricScores[name][i]` describe the same query.
 */
export function evaluateAbstention(confidences: readonly Confidence[], metricScores: ReadonlyMap<string, ArrayLike<number>>): Map<string, number> {
  const byFct = Object.fromEntries(CONFIDENCE_FUNCTIONS.map((f) => [f, Float64Array.from(confidences, (c) => c[f])])) as Record<
    ConfidenceName,
    Float64Array
  >;
  // Argsorts are shared: one per confidence function and one per metric list.
  const confOrder = Object.fromEntries(CONFIDENCE_FUNCTIONS.map((f) => [f, stableArgsort(byFct[f])])) as Record<ConfidenceName, number[]>;
  const out = new Map<string, number>();
  for (const [name, scores] of metricScores) {
    const metricOrder = stableArgsort(scores);
    for (const f of CONFIDENCE_FUNCTIONS) {
      out.set(`nAUC_${name}_${f}`, nauc(byFct[f], scores, ABSTENTION_RATES, { conf: confOrder[f], metrics: metricOrder }));
    }
  }
  return out;
}
