/**
 * sklearn's `LogisticRegression(max_iter=100)` with the default lbfgs solver: L2 penalty with C = 1, an
 * unpenalised intercept, binomial loss for 2 classes and multinomial (softmax, one weight vector per class)
 * for more, coefficients starting at zero, minimised with scipy's L-BFGS-B (see ./lbfgs.ts).
 *
 * Two objective scalings exist across sklearn releases; both reach the same optimum but stop at different
 * iterates when max_iter = 100 cuts the solver short:
 * - 'modern' (sklearn >= 1.3, incl. 1.9.1 that mteb v2 users get): mean log-loss + 1/(2·C·n)·‖W‖²,
 *   L-BFGS-B with maxls = 50, ftol = 64·eps, gtol = tol;
 * - 'sklearn-1.2' (e.g. Debian's 1.2.1): summed log-loss + 1/(2·C)·‖W‖², scipy defaults maxls = 20,
 *   ftol = 2.22e-9 (factr 1e7), gtol = tol.
 * All arithmetic is float64 (sklearn <= 1.2 upcasts X to float64 for lbfgs; newer releases keep float32 X
 * but multiply it with float64 coefficients, so only rounding can differ).
 */
import { EvaluationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { minimizeLbfgs, type LbfgsStatus } from './lbfgs.js';

export type Label = string | number;
export type SklearnCompat = 'modern' | 'sklearn-1.2';

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength (default 1). */
  C?: number;
  /** Maximum L-BFGS iterations (default 100). */
  maxIter?: number;
  /** Gradient tolerance (default 1e-4). */
  tol?: number;
  /** Objective scaling and solver options of which sklearn release (default 'modern'). */
  compat?: SklearnCompat;
}

/** `np.unique` order: numbers ascending, strings by code point. Mixed types are rejected as numpy does. */
export function sortedUniqueLabels(labels: ArrayLike<Label>): Label[] {
  const set = new Set<Label>();
  for (let i = 0; i < labels.length; i++) set.add(labels[i]!);
  const out = [...set];
  const nums = out.filter((v) => typeof v === 'number').length;
  if (nums !== 0 && nums !== out.length) {
    throw new EvaluationError('labels mix numbers and strings; use one type for all labels');
  }
  if (nums) return (out as number[]).sort((a, b) => a - b);
  return (out as string[]).sort(compareCodePoints);
}

/** Compares strings by Unicode code point (numpy's order), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Maps labels to indices into `classes` (which must contain them all). */
export function encodeLabels(labels: ArrayLike<Label>, classes: readonly Label[]): Int32Array {
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const k = index.get(labels[i]!);
    if (k === undefined) throw new EvaluationError(`label ${JSON.stringify(labels[i])} is not a known class`);
    out[i] = k;
  }
  return out;
}

export class LogisticRegression {
  readonly C: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly compat: SklearnCompat;
  /** Sorted class labels (sklearn `classes_`). */
  classes: Label[] = [];
  /** Row-major (nRows x nFeatures); nRows = 1 for binary problems (sklearn `coef_`). */
  coef = new Float64Array(0);
  /** Length nRows (sklearn `intercept_`). */
  intercept = new Float64Array(0);
  nFeatures = 0;
  /** Solver iterations (sklearn `n_iter_`). */
  nIter = 0;
  status: LbfgsStatus | undefined;

  constructor(options: LogisticRegressionOptions = {}) {
    this.C = options.C ?? 1;
    this.maxIter = options.maxIter ?? 100;
    this.tol = options.tol ?? 1e-4;
    this.compat = options.compat ?? 'modern';
  }

  /** True when the solver stopped on its own tolerance (sklearn warns otherwise). */
  get converged(): boolean {
    return this.status === 'converged-gtol' || this.status === 'converged-ftol';
  }

  fit(X: Matrix, y: ArrayLike<Label>): this {
    const n = X.rows;
    const d = X.cols;
    if (y.length !== n) throw new EvaluationError(`X has ${n} rows but y has ${y.length} labels`);
    const bad = firstNonFinite(X.data);
    if (bad >= 0) {
      throw new EvaluationError(
        `training embeddings contain ${X.data[bad]} at row ${Math.floor(bad / d)}, column ${bad % d}`,
      );
    }
    this.classes = sortedUniqueLabels(y);
    const K = this.classes.length;
    if (K < 2) {
      throw new EvaluationError(
        `logistic regression needs samples of at least 2 classes, but the training data contains only ` +
          `${K === 0 ? 'no samples' : `the class ${JSON.stringify(this.classes[0])}`}`,
      );
    }
    const yi = encodeLabels(y, this.classes);
    const x64 = Float64Array.from(X.data);
    const modern = this.compat === 'modern';
    const scale = modern ? 1 / n : 1;
    const l2 = modern ? 1 / (this.C * n) : 1 / this.C;
    const lbfgsOpts = modern
      ? { maxiter: this.maxIter, maxls: 50, gtol: this.tol, ftol: 64 * 2.220446049250313e-16 }
      : { maxiter: this.maxIter, maxls: 20, gtol: this.tol, ftol: 2.220446049250313e-9 };

    this.nFeatures = d;
    if (K === 2) {
      const target = new Float64Array(n);
      for (let i = 0; i < n; i++) target[i] = yi[i]!;
      const obj = binomialObjective(x64, target, n, d, scale, l2);
      const res = minimizeLbfgs(obj, new Float64Array(d + 1), lbfgsOpts);
      this.coef = res.x.slice(0, d);
      this.intercept = res.x.slice(d, d + 1);
      this.nIter = res.nit;
      this.status = res.status;
    } else {
      const obj = multinomialObjective(x64, yi, n, d, K, scale, l2);
      const res = minimizeLbfgs(obj, new Float64Array((d + 1) * K), lbfgsOpts);
      // Parameters are laid out as sklearn's ravel(order="F") of (K, d+1): w[j*K + k].
      const w = res.x;
      this.coef = new Float64Array(K * d);
      this.intercept = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < d; j++) this.coef[k * d + j] = w[j * K + k]!;
        this.intercept[k] = w[d * K + k]!;
      }
      this.nIter = res.nit;
      this.status = res.status;
    }
    return this;
  }

  /** X @ coef.T + intercept, row-major (rows x nRows) in float64. */
  decisionFunction(X: Matrix): Float64Array {
    const d = this.nFeatures;
    if (X.cols !== d) throw new EvaluationError(`X has ${X.cols} features, the model was fitted with ${d}`);
    const R = this.intercept.length;
    const out = new Float64Array(X.rows * R);
    const xd = X.data;
    const coef = this.coef;
    for (let i = 0; i < X.rows; i++) {
      const off = i * d;
      for (let r = 0; r < R; r++) {
        const c = r * d;
        let s = 0;
        for (let j = 0; j < d; j++) s += xd[off + j]! * coef[c + j]!;
        out[i * R + r] = s + this.intercept[r]!;
      }
    }
    return out;
  }

  /** Predicted class indices into `classes`: score > 0 for binary, first argmax otherwise. */
  predictIndices(X: Matrix): Int32Array {
    const scores = this.decisionFunction(X);
    const R = this.intercept.length;
    const out = new Int32Array(X.rows);
    if (R === 1) {
      for (let i = 0; i < X.rows; i++) out[i] = scores[i]! > 0 ? 1 : 0;
      return out;
    }
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      let bv = scores[i * R]!;
      for (let r = 1; r < R; r++) {
        const v = scores[i * R + r]!;
        if (v > bv || (Number.isNaN(v) && !Number.isNaN(bv))) {
          best = r;
          bv = v;
        }
      }
      out[i] = best;
    }
    return out;
  }

  predict(X: Matrix): Label[] {
    const idx = this.predictIndices(X);
    return Array.from(idx, (k) => this.classes[k]!);
  }
}

function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return i;
  return -1;
}

/** log(1 + exp(x)) as sklearn's `log1pexp`. */
function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= -2) return Math.log1p(Math.exp(x));
  if (x <= 18) return Math.log(1 + Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** HalfBinomialLoss + L2 on the weights (not the intercept). Parameters: [w_0..w_{d-1}, b]. */
function binomialObjective(X: Float64Array, y: Float64Array, n: number, d: number, scale: number, l2: number) {
  const gp = new Float64Array(n);
  return (w: Float64Array, grad: Float64Array): number => {
    const b = w[d]!;
    let loss = 0;
    let gsum = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let raw = 0;
      for (let j = 0; j < d; j++) raw += X[off + j]! * w[j]!;
      raw += b;
      const yt = y[i]!;
      loss += log1pexp(raw) - yt * raw;
      const e = Math.exp(-raw);
      const gi = (1 - yt - yt * e) / (1 + e);
      gp[i] = gi;
      gsum += gi;
    }
    let wn = 0;
    for (let j = 0; j < d; j++) {
      wn += w[j]! * w[j]!;
      grad[j] = 0;
    }
    for (let i = 0; i < n; i++) {
      const off = i * d;
      const gi = gp[i]!;
      for (let j = 0; j < d; j++) grad[j] = grad[j]! + X[off + j]! * gi;
    }
    for (let j = 0; j < d; j++) grad[j] = grad[j]! * scale + l2 * w[j]!;
    grad[d] = gsum * scale;
    return loss * scale + 0.5 * l2 * wn;
  };
}

/** HalfMultinomialLoss + L2 on the weights. Parameters w[j*K + k], intercepts at j = d. */
function multinomialObjective(
  X: Float64Array,
  y: Int32Array,
  n: number,
  d: number,
  K: number,
  scale: number,
  l2: number,
) {
  const raw = new Float64Array(n * K);
  return (w: Float64Array, grad: Float64Array): number => {
    const bOff = d * K;
    // raw = X @ W + b
    for (let i = 0; i < n; i++) {
      const ro = i * K;
      for (let k = 0; k < K; k++) raw[ro + k] = 0;
      const xo = i * d;
      for (let j = 0; j < d; j++) {
        const xij = X[xo + j]!;
        if (xij === 0) continue;
        const wo = j * K;
        for (let k = 0; k < K; k++) raw[ro + k] = raw[ro + k]! + xij * w[wo + k]!;
      }
      for (let k = 0; k < K; k++) raw[ro + k] = raw[ro + k]! + w[bOff + k]!;
    }
    // Loss and pointwise gradient (softmax - onehot), written over raw.
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const ro = i * K;
      let mx = raw[ro]!;
      for (let k = 1; k < K; k++) if (raw[ro + k]! > mx) mx = raw[ro + k]!;
      const yk = y[i]!;
      const rawY = raw[ro + yk]!;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(raw[ro + k]! - mx);
        raw[ro + k] = e;
        sum += e;
      }
      loss += Math.log(sum) + mx - rawY;
      for (let k = 0; k < K; k++) raw[ro + k] = raw[ro + k]! / sum;
      raw[ro + yk] = raw[ro + yk]! - 1;
    }
    // grad = X^T P * scale + l2 * W; intercept grad = colsum(P) * scale.
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const ro = i * K;
      const xo = i * d;
      for (let j = 0; j < d; j++) {
        const xij = X[xo + j]!;
        if (xij === 0) continue;
        const go = j * K;
        for (let k = 0; k < K; k++) grad[go + k] = grad[go + k]! + xij * raw[ro + k]!;
      }
      for (let k = 0; k < K; k++) grad[bOff + k] = grad[bOff + k]! + raw[ro + k]!;
    }
    let wn = 0;
    for (let q = 0; q < bOff; q++) {
      const wq = w[q]!;
      wn += wq * wq;
      grad[q] = grad[q]! * scale + l2 * wq;
    }
    for (let k = 0; k < K; k++) grad[bOff + k] = grad[bOff + k]! * scale;
    return loss * scale + 0.5 * l2 * wn;
  };
}
