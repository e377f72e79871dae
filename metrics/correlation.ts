/**
 * Pearson and Spearman correlation with scipy.stats semantics, in float64.
 * - pearson: centre on the mean, scale each side by its L2 norm, dot, clip to [-1, 1] (scipy's order of operations).
 * - spearman: pearson on average ranks (ties share the mean of their 1-based ranks, like rankdata('average')).
 * - Constant input or fewer than 2 values -> NaN (scipy warns and returns nan; for n < 2 scipy raises).
 * - Any NaN in the input -> NaN (scipy's nan_policy='propagate').
 */
import { stableArgsort } from './argsort.js';

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`pearson: x has ${n} values, y has ${y.length}`);
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  let xConst = true;
  let yConst = true;
  const x0 = x[0]!;
  const y0 = y[0]!;
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
    mx += a;
    my += b;
    if (a !== x0) xConst = false;
    if (b !== y0) yConst = false;
  }
  if (xConst || yConst) return NaN;
  // scipy special-cases two points: the sign of the slope, exactly.
  if (n === 2) return Math.sign(x[1]! - x[0]!) * Math.sign(y[1]! - y[0]!);
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    sxx += a * a;
    syy += b * b;
  }
  const nx = Math.sqrt(sxx);
  const ny = Math.sqrt(syy);
  if (nx === 0 || ny === 0) return NaN;
  let r = 0;
  for (let i = 0; i < n; i++) r += ((x[i]! - mx) / nx) * ((y[i]! - my) / ny);
  return Math.max(-1, Math.min(1, r));
}

/** 1-based ranks; tied values get the average of the ranks they span (scipy rankdata method='average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const v = Float64Array.from(values as ArrayLike<number>);
  // Order inside a tie does not matter: tied values all get the group's mean rank.
  const order = stableArgsort(v);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const x = v[order[i]!]!;
    while (j + 1 < n && v[order[j + 1]!]! === x) j++;
    const rank = (i + j) / 2 + 1; // mean of 1-based ranks i+1 .. j+1
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`spearman: x has ${n} values, y has ${y.length}`);
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Two-sided p-value of a correlation coefficient r over n points, as scipy reports for pearsonr and
 * spearmanr (t-test with n-2 degrees of freedom): p = I_{1-r^2}((n-2)/2, 1/2).
 * Only the deprecated SummEval evaluator uses it (it averages p-values into its scores).
 */
export function correlationPValue(r: number, n: number): number {
  if (Number.isNaN(r) || n < 2) return NaN;
  if (n === 2) return 1; // scipy: two points always give p = 1
  const df = n - 2;
  const x = Math.max(0, Math.min(1, 1 - r * r));
  if (x === 0) return 0;
  return regularizedIncompleteBeta(x, df / 2, 0.5);
}

/** I_x(a, b) via the Lentz continued fraction (Numerical Recipes betai/betacf), ~1e-15 relative accuracy. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** ln Γ(z) for z > 0 (Lanczos, g=7, n=9; ~1e-15 relative accuracy). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const zz = z - 1;
  let s = c[0]!;
  for (let i = 1; i < g + 2; i++) s += c[i]! / (zz + i);
  const t = zz + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(s);
}
