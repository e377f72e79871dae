/**
 * sklearn's `LogisticRegression(max_iter=100)` with the default lbfgs solver: L2 penalty with C = 1, an
 * unpenalised intercept, binomial loss for 2 classes and multinomial (softmax, one weight vector per class)
 * for more, coefficients starting at zero, minimised with scipy's L-BFGS-B (see ./lbfgs.ts).
 *
 * Two objective scalings exist across sklearn releases; both reach the same optimum but stop at different
 * iterates when max_iter = 100 cuts the solver short:
 * - 'modern' (sklearn >= 1.3; mteb v2 requires >= 1.4): mean log-loss + 1/(2·C·n)·‖W‖²,
 *   L-BFGS-B with maxls = 50, ftol = 64·eps, gtol = tol;
 * - 'sklearn-1.2' (e.g. Debian's 1.2.1): summed log-loss + 1/(2·C)·‖W‖², scipy defaults maxls = 20,
 *   ftol = 2.22e-9 (factr 1e7), gtol = tol.
 * All arithmetic is float64 (sklearn <= 1.2 upcasts X to float64 for lbfgs; 1.3-1.8 keep float32 X but
 * multiply it with float64 coefficients, so only rounding differs). Releases with scikit-learn PR #32644
 * evaluate the gradient in float32 for float32 X; scripts/reference/float32_gradient_effect.py measures
 * that effect on Banking77 (same mean accuracy, >= 99.97% identical predictions per experiment).
 */
import { EvaluationError } from '../core/errors.js';
import { firstNonFinite, type Matrix } from '../core/matrix.js';
import { compareCodePoints } from './code-point-order.js';
import { type LbfgsResult, type LbfgsStatus, minimizeLbfgs, minimizeLbfgsAsync, type TwoLoop } from './lbfgs.js';

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

  /** Fits with the plain-JS matrix products (synchronous). */
  fit(X: Matrix, y: ArrayLike<Label>): this {
    const p = this.prepare(X, y);
    const products = jsDenseProducts(p.x64, p.n, p.d);
    const res = minimizeLbfgs(
      (w, grad) => {
        products.forward(p.objective.weights(w), p.objective.k, p.objective.raw);
        const loss = p.objective.afterForward(w);
        products.backward(p.objective.raw, p.objective.k, p.objective.gw);
        return loss + p.objective.finish(w, grad);
      },
      new Float64Array(p.objective.size),
      p.lbfgsOpts,
    );
    return this.store(res, p.d, p.K);
  }

  /**
   * Fits with matrix products from `backend` (e.g. onnxruntime); same iterations as `fit` up to the
   * rounding of the products.
   */
  async fitAsync(X: Matrix, y: ArrayLike<Label>, backend: DenseBackend): Promise<this> {
    const p = this.prepare(X, y);
    const products = await backend(p.x64, p.n, p.d, { y: p.yi, k: p.K });
    const obj = p.objective;
    const fused = products.multinomial && obj instanceof MultinomialObjective ? products.multinomial.bind(products) : undefined;
    try {
      const res = await minimizeLbfgsAsync(
        async (w, grad) => {
          if (fused && obj instanceof MultinomialObjective) {
            const dk = p.d * p.K;
            const loss = await fused(w.subarray(0, dk), w.subarray(dk), obj.scale, obj.gw, obj.bsum);
            return loss + obj.finish(w, grad);
          }
          await products.forward(p.objective.weights(w), p.objective.k, p.objective.raw);
          const loss = p.objective.afterForward(w);
          await products.backward(p.objective.raw, p.objective.k, p.objective.gw);
          return loss + p.objective.finish(w, grad);
        },
        new Float64Array(p.objective.size),
        products.twoLoop ? { ...p.lbfgsOpts, twoLoop: products.twoLoop } : p.lbfgsOpts,
      );
      return this.store(res, p.d, p.K);
    } finally {
      await products.release?.();
    }
  }

  private prepare(X: Matrix, y: ArrayLike<Label>) {
    const n = X.rows;
    const d = X.cols;
    if (y.length !== n) throw new EvaluationError(`X has ${n} rows but y has ${y.length} labels`);
    const bad = firstNonFinite(X);
    if (bad >= 0) {
      throw new EvaluationError(`training embeddings contain ${X.data[bad]} at row ${Math.floor(bad / d)}, column ${bad % d}`);
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
    const objective = K === 2 ? new BinomialObjective(yi, n, d, scale, l2) : new MultinomialObjective(yi, n, d, K, scale, l2);
    return { n, d, K, x64, yi, lbfgsOpts, objective };
  }

  private store(res: LbfgsResult, d: number, K: number): this {
    const w = res.x;
    if (K === 2) {
      this.coef = w.slice(0, d);
      this.intercept = w.slice(d, d + 1);
    } else {
      // Parameters are laid out as sklearn's ravel(order="F") of (K, d+1): w[j*K + k].
      this.coef = new Float64Array(K * d);
      this.intercept = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < d; j++) this.coef[k * d + j] = w[j * K + k]!;
        this.intercept[k] = w[d * K + k]!;
      }
    }
    this.nIter = res.nit;
    this.status = res.status;
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

  /**
   * decisionFunction with X @ coefᵀ computed by `products`, which a DenseBackend made for the (rows x
   * nFeatures) matrix to score; lets one set of products serve many models (mteb's 10 experiments).
   */
  async decisionFunctionWith(products: DenseProducts, rows: number): Promise<Float64Array> {
    const d = this.nFeatures;
    const R = this.intercept.length;
    const coefT = new Float64Array(d * R);
    for (let r = 0; r < R; r++) for (let j = 0; j < d; j++) coefT[j * R + r] = this.coef[r * d + j]!;
    const out = new Float64Array(rows * R);
    await products.forward(coefT, R, out);
    for (let i = 0; i < rows; i++) for (let r = 0; r < R; r++) out[i * R + r] = out[i * R + r]! + this.intercept[r]!;
    return out;
  }

  async predictWith(products: DenseProducts, rows: number): Promise<Label[]> {
    const idx = this.indicesFromScores(await this.decisionFunctionWith(products, rows), rows);
    return Array.from(idx, (k) => this.classes[k]!);
  }

  /** Predicted class indices into `classes`: score > 0 for binary, first argmax otherwise. */
  predictIndices(X: Matrix): Int32Array {
    return this.indicesFromScores(this.decisionFunction(X), X.rows);
  }

  private indicesFromScores(scores: Float64Array, rows: number): Int32Array {
    const R = this.intercept.length;
    const out = new Int32Array(rows);
    if (R === 1) {
      for (let i = 0; i < rows; i++) out[i] = scores[i]! > 0 ? 1 : 0;
      return out;
    }
    for (let i = 0; i < rows; i++) {
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

/** log(1 + exp(x)) as sklearn's `log1pexp`. */
function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= -2) return Math.log1p(Math.exp(x));
  if (x <= 18) return Math.log(1 + Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * HalfBinomialLoss / HalfMultinomialLoss + L2 on the weights (not the intercepts), split around the two
 * matrix products: raw = X @ W (forward), then the pointwise gradient P replaces raw, then gw = Xᵀ @ P.
 * Parameters: W (d x k, row-major) followed by the k intercepts; k = 1 for the binomial loss, so the
 * layout equals sklearn's ravel(order="F") of its (K, d+1) coefficient array.
 */
interface Objective {
  readonly k: number;
  readonly size: number;
  /** n x k buffer: raw predictions after forward, pointwise gradients after afterForward. */
  readonly raw: Float64Array;
  /** d x k buffer for Xᵀ @ P. */
  readonly gw: Float64Array;
  weights(w: Float64Array): Float64Array;
  /** Adds intercepts to raw, returns the data loss (scaled) and leaves P in raw. */
  afterForward(w: Float64Array): number;
  /** Writes the gradient; returns the penalty term. */
  finish(w: Float64Array, grad: Float64Array): number;
}

class BinomialObjective implements Objective {
  readonly k = 1;
  readonly size: number;
  readonly raw: Float64Array;
  readonly gw: Float64Array;
  private gsum = 0;

  constructor(
    private readonly y: Int32Array,
    private readonly n: number,
    private readonly d: number,
    private readonly scale: number,
    private readonly l2: number,
  ) {
    this.size = d + 1;
    this.raw = new Float64Array(n);
    this.gw = new Float64Array(d);
  }

  weights(w: Float64Array): Float64Array {
    return w.subarray(0, this.d);
  }

  afterForward(w: Float64Array): number {
    const b = w[this.d]!;
    const raw = this.raw;
    let loss = 0;
    let gsum = 0;
    for (let i = 0; i < this.n; i++) {
      const r = raw[i]! + b;
      const yt = this.y[i]!;
      loss += log1pexp(r) - yt * r;
      const e = Math.exp(-r);
      const gi = ((1 - yt - yt * e) / (1 + e)) * this.scale;
      raw[i] = gi;
      gsum += gi;
    }
    this.gsum = gsum;
    return loss * this.scale;
  }

  finish(w: Float64Array, grad: Float64Array): number {
    let wn = 0;
    for (let j = 0; j < this.d; j++) {
      const wj = w[j]!;
      wn += wj * wj;
      grad[j] = this.gw[j]! + this.l2 * wj;
    }
    grad[this.d] = this.gsum;
    return 0.5 * this.l2 * wn;
  }
}

class MultinomialObjective implements Objective {
  readonly size: number;
  readonly raw: Float64Array;
  readonly gw: Float64Array;
  readonly bsum: Float64Array;

  constructor(
    private readonly y: Int32Array,
    private readonly n: number,
    private readonly d: number,
    readonly k: number,
    readonly scale: number,
    private readonly l2: number,
  ) {
    this.size = (d + 1) * k;
    this.raw = new Float64Array(n * k);
    this.gw = new Float64Array(d * k);
    this.bsum = new Float64Array(k);
  }

  weights(w: Float64Array): Float64Array {
    return w.subarray(0, this.d * this.k);
  }

  afterForward(w: Float64Array): number {
    const K = this.k;
    const raw = this.raw;
    const bOff = this.d * K;
    const bsum = this.bsum.fill(0);
    const scale = this.scale;
    let loss = 0;
    for (let i = 0; i < this.n; i++) {
      const ro = i * K;
      for (let k = 0; k < K; k++) raw[ro + k] = raw[ro + k]! + w[bOff + k]!;
      let mx = raw[ro]!;
      for (let k = 1; k < K; k++) if (raw[ro + k]! > mx) mx = raw[ro + k]!;
      const yk = this.y[i]!;
      const rawY = raw[ro + yk]!;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(raw[ro + k]! - mx);
        raw[ro + k] = e;
        sum += e;
      }
      loss += Math.log(sum) + mx - rawY;
      for (let k = 0; k < K; k++) {
        const pk = (raw[ro + k]! / sum - (k === yk ? 1 : 0)) * scale;
        raw[ro + k] = pk;
        bsum[k] = bsum[k]! + pk;
      }
    }
    return loss * scale;
  }

  finish(w: Float64Array, grad: Float64Array): number {
    const dk = this.d * this.k;
    let wn = 0;
    for (let q = 0; q < dk; q++) {
      const wq = w[q]!;
      wn += wq * wq;
      grad[q] = this.gw[q]! + this.l2 * wq;
    }
    for (let k = 0; k < this.k; k++) grad[dk + k] = this.bsum[k]!;
    return 0.5 * this.l2 * wn;
  }
}

/** The two products the objective needs, for a fixed X (n x d, row-major float64). */
export interface DenseProducts {
  /** out (n x k) = X @ W (d x k). */
  forward(W: Float64Array, k: number, out: Float64Array): void | Promise<void>;
  /** out (d x k) = Xᵀ @ P (n x k). */
  backward(P: Float64Array, k: number, out: Float64Array): void | Promise<void>;
  /**
   * Optional fused multinomial data term for W (d x k) and intercepts b: writes gw = Xᵀ @ P and
   * bsum = column sums of P, where P = (softmax(X @ W + b) - onehot(y)) * scale; returns the scaled
   * mean/summed log-loss. Used instead of forward/backward when present.
   */
  multinomial?(W: Float64Array, b: Float64Array, scale: number, gw: Float64Array, bsum: Float64Array): Promise<number>;
  /** Optional L-BFGS two-loop recursion with twoLoopJs's bits (the solver's own vector work, ~half a large fit). */
  twoLoop?: TwoLoop;
  release?(): void | Promise<void>;
}

/** Makes the products for one fit; `target` (labels, classes) lets a backend fuse the multinomial loss. */
export type DenseBackend = (X: Float64Array, n: number, d: number, target?: { y: Int32Array; k: number }) => DenseProducts | Promise<DenseProducts>;

/** Plain-JS products (sequential float64 sums); the reference the tests check against sklearn. */
export function jsDenseProducts(
  X: Float64Array,
  n: number,
  d: number,
): DenseProducts & {
  forward(W: Float64Array, k: number, out: Float64Array): void;
  backward(P: Float64Array, k: number, out: Float64Array): void;
} {
  return {
    forward(W, k, out) {
      out.fill(0, 0, n * k);
      for (let i = 0; i < n; i++) {
        const ro = i * k;
        const xo = i * d;
        for (let j = 0; j < d; j++) {
          const xij = X[xo + j]!;
          if (xij === 0) continue;
          const wo = j * k;
          for (let q = 0; q < k; q++) out[ro + q] = out[ro + q]! + xij * W[wo + q]!;
        }
      }
    },
    backward(P, k, out) {
      out.fill(0, 0, d * k);
      for (let i = 0; i < n; i++) {
        const po = i * k;
        const xo = i * d;
        for (let j = 0; j < d; j++) {
          const xij = X[xo + j]!;
          if (xij === 0) continue;
          const go = j * k;
          for (let q = 0; q < k; q++) out[go + q] = out[go + q]! + xij * P[po + q]!;
        }
      }
    },
  };
}
