/**
 * sklearn.metrics.cluster scores with natural logs (spec Appendix C): homogeneity, completeness, v_measure,
 * mutual information and adjusted_mutual_info_score(average_method="arithmetic") with the expected mutual
 * information. Sums use numpy's pairwise order so results match sklearn to the last bits in practice.
 */
import { pairwiseSum64 } from './pairwise-sum.js';

export type ClusterLabel = number | string;
export type Labels = ArrayLike<ClusterLabel>;

const EPS = 2.220446049250313e-16;

/** np.unique(..., return_inverse=True): dense codes in sorted label order. */
export function encodeLabels(labels: Labels): { codes: Int32Array; count: number } {
  const n = labels.length;
  const uniq = [...new Set(Array.from(labels))];
  const numeric = uniq.every((u) => typeof u === 'number');
  if (numeric) (uniq as number[]).sort((a, b) => a - b);
  else uniq.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const index = new Map<ClusterLabel, number>();
  uniq.forEach((u, i) => index.set(u, i));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = index.get(labels[i]!)!;
  return { codes, count: uniq.length };
}

/** Sparse contingency table in row-major order (what scipy's `find` yields for sklearn's CSR table). */
export interface Contingency {
  nClasses: number;
  nClusters: number;
  /** Non-zero cells, sorted by (class, cluster). */
  rows: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  classSums: Float64Array;
  clusterSums: Float64Array;
  total: number;
}

export function contingencyMatrix(labelsTrue: Labels, labelsPred: Labels): Contingency {
  if (labelsTrue.length !== labelsPred.length) {
    throw new RangeError(`labels_true and labels_pred have different lengths (${labelsTrue.length} vs ${labelsPred.length})`);
  }
  const t = encodeLabels(labelsTrue);
  const p = encodeLabels(labelsPred);
  const cells = new Map<number, number>();
  for (let i = 0; i < t.codes.length; i++) {
    const key = t.codes[i]! * p.count + p.codes[i]!;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const keys = [...cells.keys()].sort((a, b) => a - b);
  const rows = new Int32Array(keys.length);
  const cols = new Int32Array(keys.length);
  const values = new Float64Array(keys.length);
  const classSums = new Float64Array(t.count);
  const clusterSums = new Float64Array(p.count);
  keys.forEach((key, i) => {
    const r = Math.floor(key / p.count);
    const c = key - r * p.count;
    const v = cells.get(key)!;
    rows[i] = r;
    cols[i] = c;
    values[i] = v;
    classSums[r] = classSums[r]! + v;
    clusterSums[c] = clusterSums[c]! + v;
  });
  return { nClasses: t.count, nClusters: p.count, rows, cols, values, classSums, clusterSums, total: labelsTrue.length };
}

/** sklearn `entropy(labels)`: natural-log entropy; 1.0 for no labels, 0.0 for a single cluster. */
export function entropy(labels: Labels): number {
  if (labels.length === 0) return 1.0;
  const { codes, count } = encodeLabels(labels);
  const pi = new Float64Array(count);
  for (let i = 0; i < codes.length; i++) pi[codes[i]!] = pi[codes[i]!]! + 1;
  return entropyOfCounts(pi);
}

function entropyOfCounts(pi: Float64Array): number {
  if (pi.length === 1) return 0.0;
  const piSum = pairwiseSum64(pi);
  const logSum = Math.log(piSum);
  const terms = new Float64Array(pi.length);
  for (let i = 0; i < pi.length; i++) terms[i] = (pi[i]! / piSum) * (Math.log(pi[i]!) - logSum);
  return -pairwiseSum64(terms);
}

/** sklearn `mutual_info_score` from a contingency table. */
export function mutualInfoFromContingency(c: Contingency): number {
  if (c.nClasses === 1 || c.nClusters === 1) return 0.0;
  const total = c.total;
  const logTotal = Math.log(total);
  const logPi = Math.log(pairwiseSum64(c.classSums));
  const logPj = Math.log(pairwiseSum64(c.clusterSums));
  const mi = new Float64Array(c.values.length);
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i]!;
    const nm = v / total;
    const outer = c.classSums[c.rows[i]!]! * c.clusterSums[c.cols[i]!]!;
    const logOuter = -Math.log(outer) + logPi + logPj;
    const m = nm * (Math.log(v) - logTotal) + nm * logOuter;
    mi[i] = Math.abs(m) < EPS ? 0.0 : m;
  }
  const s = pairwiseSum64(mi);
  return s < 0 ? 0 : s;
}

export function mutualInfoScore(labelsTrue: Labels, labelsPred: Labels): number {
  return mutualInfoFromContingency(contingencyMatrix(labelsTrue, labelsPred));
}

export interface HomogeneityCompletenessV {
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}

/** sklearn `homogeneity_completeness_v_measure(labels_true, labels_pred, beta)`. */
export function homogeneityCompletenessVMeasure(labelsTrue: Labels, labelsPred: Labels, beta = 1.0): HomogeneityCompletenessV {
  if (labelsTrue.length !== labelsPred.length) {
    throw new RangeError(`labels_true and labels_pred have different lengths (${labelsTrue.length} vs ${labelsPred.length})`);
  }
  if (labelsTrue.length === 0) return { homogeneity: 1.0, completeness: 1.0, vMeasure: 1.0 };
  const hC = entropy(labelsTrue);
  const hK = entropy(labelsPred);
  const mi = mutualInfoScore(labelsTrue, labelsPred);
  const homogeneity = hC ? mi / hC : 1.0;
  const completeness = hK ? mi / hK : 1.0;
  const vMeasure = homogeneity + completeness === 0.0 ? 0.0 : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/** sklearn `v_measure_score(labels_true, labels_pred, beta=1.0)`. */
export function vMeasureScore(labelsTrue: Labels, labelsPred: Labels, beta = 1.0): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, beta).vMeasure;
}

const HALF_LOG_2PI = 0.9189385332046728;

/** log Γ(x) for x ≥ 1: exact log-factorials for small integers, Stirling's series (error < 1e-17 relative) above. */
export function lgamma(x: number): number {
  if (x < 1) throw new RangeError(`lgamma is only implemented for x >= 1, got ${x}`);
  if (x <= 19 && Number.isInteger(x)) {
    let p = 1;
    for (let i = 2; i < x; i++) p *= i;
    return Math.log(p);
  }
  let shift = 0;
  let y = x;
  // Stirling is accurate to double precision for y ≥ 15
  let prod = 1;
  while (y < 15) {
    prod *= y;
    y += 1;
    shift++;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188)))));
  const r = (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series;
  return shift ? r - Math.log(prod) : r;
}

/** sklearn `expected_mutual_information(contingency, n_samples)` (the Cython loop, same summation order). */
export function expectedMutualInformation(c: Contingency, nSamples: number): number {
  const a = c.classSums;
  const b = c.clusterSums;
  if (a.length === 1 || b.length === 1) return 0.0;
  const N = nSamples;
  let maxAB = 0;
  for (const v of a) if (v > maxAB) maxAB = v;
  for (const v of b) if (v > maxAB) maxAB = v;
  // log-factorial table: lg[m] = lgamma(m) for m = 1..N+1
  const lg = new Float64Array(N + 2);
  for (let m = 1; m <= N + 1; m++) lg[m] = lgamma(m);
  const term1 = new Float64Array(maxAB + 1);
  const logNnij = new Float64Array(maxAB + 1);
  const glnNnij = new Float64Array(maxAB + 1);
  const logN = Math.log(N);
  for (let nij = 0; nij <= maxAB; nij++) {
    const v = nij === 0 ? 1 : nij;
    term1[nij] = v / N;
    logNnij[nij] = logN + Math.log(v);
    glnNnij[nij] = lg[v + 1]! + lg[N + 1]!;
  }
  let emi = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const logA = Math.log(ai);
    const glnA = lg[ai + 1]!;
    const glnNa = lg[N - ai + 1]!;
    for (let j = 0; j < b.length; j++) {
      const bj = b[j]!;
      const logB = Math.log(bj);
      const glnB = lg[bj + 1]!;
      const glnNb = lg[N - bj + 1]!;
      const start = Math.max(1, ai - N + bj);
      const end = Math.min(ai, bj) + 1;
      for (let nij = start; nij < end; nij++) {
        const term2 = logNnij[nij]! - logA - logB;
        const gln = glnA + glnB + glnNa + glnNb - glnNnij[nij]! - lg[ai - nij + 1]! - lg[bj - nij + 1]! - lg[N - ai - bj + nij + 1]!;
        emi += term1[nij]! * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/** sklearn `adjusted_mutual_info_score(labels_true, labels_pred, average_method="arithmetic")`. */
export function adjustedMutualInfoScore(labelsTrue: Labels, labelsPred: Labels): number {
  const c = contingencyMatrix(labelsTrue, labelsPred);
  if ((c.nClasses === 1 && c.nClusters === 1) || (c.nClasses === 0 && c.nClusters === 0)) return 1.0;
  const mi = mutualInfoFromContingency(c);
  const emi = expectedMutualInformation(c, labelsTrue.length);
  const hTrue = entropyOfCounts(c.classSums);
  const hPred = entropyOfCounts(c.clusterSums);
  const normalizer = (hTrue + hPred) / 2;
  let denominator = normalizer - emi;
  if (denominator < 0) denominator = Math.min(denominator, -EPS);
  else denominator = Math.max(denominator, EPS);
  return (mi - emi) / denominator;
}
