/**
 * L-BFGS for unconstrained problems, following scipy's L-BFGS-B (v3.0 Fortran `mainlb` / `lnsrlb`, the
 * MINPACK-2 `dcsrch`/`dcstep` line search, and the `_minimize_lbfgsb` driver) step for step, so that
 * sklearn's `LogisticRegression(solver="lbfgs")` can be reproduced iterate by iterate.
 *
 * What is mirrored from scipy (for problems without bounds):
 * - iteration 0 (and any restart) searches along d = -g/theta with theta = 1; the first trial step of
 *   iteration 0 is 1/||d||, every other line search starts at stp = 1;
 * - later directions are the minimiser of the compact L-BFGS model, d = -H g with m correction pairs and
 *   H0 = (s'y / y'y) I (computed here with the two-loop recursion, equal in exact arithmetic to L-BFGS-B's
 *   compact-form `subsm` when nothing is bounded);
 * - dcsrch with ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0, stpmax = 1e10; a line search that needs
 *   `maxls` evaluations restarts the memory (or aborts when the memory is already empty);
 * - after each accepted step: stop when max|g_i| <= gtol, or when (f_old - f)/max(|f_old|,|f|,1) <= ftol;
 *   the pair (s, y) is skipped when s'y <= eps * (-g_old's);
 * - the driver counts an iteration at each NEW_X and stops once `maxiter` iterations are done.
 */

export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Number of correction pairs (scipy `maxcor`, default 10). */
  m?: number;
  maxiter?: number;
  /** Maximum function evaluations (scipy default 15000). */
  maxfun?: number;
  /** Maximum line-search evaluations per iteration (scipy default 20; sklearn >= 1.3 uses 50). */
  maxls?: number;
  /** Projected-gradient tolerance (scipy default 1e-5). */
  gtol?: number;
  /** Relative reduction tolerance = factr * eps (scipy default 2.220446049250313e-09). */
  ftol?: number;
  /** The two-loop recursion (default: `twoLoopJs`); compute/ injects a native one with the same bits. */
  twoLoop?: TwoLoop;
}

/**
 * d = -H g with the L-BFGS inverse-Hessian approximation (H0 = I/theta). S and Y hold m correction pairs of n
 * values each, pair j at j * n; the col newest start at slot head (a ring); alpha is scratch (m values).
 */
export type TwoLoop = (
  g: Float64Array,
  d: Float64Array,
  n: number,
  S: Float64Array,
  Y: Float64Array,
  rhoInv: Float64Array,
  alpha: Float64Array,
  head: number,
  col: number,
  m: number,
  theta: number,
) => void;

export type LbfgsStatus = 'converged-gtol' | 'converged-ftol' | 'max-iter' | 'max-fun' | 'abnormal-line-search';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  grad: Float64Array;
  /** Iterations (scipy `nit`). */
  nit: number;
  /** Objective evaluations (scipy `nfev`). */
  nfev: number;
  status: LbfgsStatus;
  /** scipy's `success`: false for max-iter / max-fun / abnormal termination. */
  success: boolean;
}

const EPS = 2.220446049250313e-16;
const BIG = 1e10;
const LS_FTOL = 1e-3;
const LS_GTOL = 0.9;
const LS_XTOL = 0.1;

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** State of one More-Thuente line search (MINPACK-2 dcsrch's saved variables). */
class Dcsrch {
  brackt = false;
  stage = 1;
  ginit = 0;
  gtest = 0;
  gx = 0;
  gy = 0;
  finit = 0;
  fx = 0;
  fy = 0;
  stx = 0;
  sty = 0;
  stmin = 0;
  stmax = 0;
  width = 0;
  width1 = 0;

  constructor(
    readonly ftol: number,
    readonly gtol: number,
    readonly xtol: number,
    readonly stpmin: number,
    readonly stpmax: number,
  ) {}

  /** Initial call (task = 'START') with f, g at step 0. Returns the first trial step. */
  start(f: number, g: number, stp: number): number {
    if (stp < this.stpmin) throw new RangeError('dcsrch: STP .LT. STPMIN');
    if (stp > this.stpmax) throw new RangeError('dcsrch: STP .GT. STPMAX');
    if (g >= 0) throw new RangeError('dcsrch: INITIAL G .GE. ZERO');
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = this.ftol * g;
    this.width = this.stpmax - this.stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + 4 * stp;
    return stp;
  }

  /**
   * Subsequent call with f, g at `stp`. Returns { done, stp }: done = CONVERGENCE or WARNING (stp then
   * unchanged), otherwise the next trial step.
   */
  step(f: number, g: number, stp: number): { done: boolean; stp: number } {
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    let done = false;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) done = true;
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) done = true;
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) done = true;
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) done = true;
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) done = true;
    if (done) return { done, stp };

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      const gtest = this.gtest;
      const s: StepState = {
        stx: this.stx,
        fx: this.fx - this.stx * gtest,
        dx: this.gx - gtest,
        sty: this.sty,
        fy: this.fy - this.sty * gtest,
        dy: this.gy - gtest,
        stp,
        brackt: this.brackt,
      };
      dcstep(s, f - stp * gtest, g - gtest, this.stmin, this.stmax);
      this.stx = s.stx;
      this.sty = s.sty;
      this.brackt = s.brackt;
      stp = s.stp;
      this.fx = s.fx + s.stx * gtest;
      this.fy = s.fy + s.sty * gtest;
      this.gx = s.dx + gtest;
      this.gy = s.dy + gtest;
    } else {
      const s: StepState = {
        stx: this.stx,
        fx: this.fx,
        dx: this.gx,
        sty: this.sty,
        fy: this.fy,
        dy: this.gy,
        stp,
        brackt: this.brackt,
      };
      dcstep(s, f, g, this.stmin, this.stmax);
      this.stx = s.stx;
      this.fx = s.fx;
      this.gx = s.dx;
      this.sty = s.sty;
      this.fy = s.fy;
      this.gy = s.dy;
      this.brackt = s.brackt;
      stp = s.stp;
    }

    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
    }
    if (this.brackt) {
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = stp + 1.1 * (stp - this.stx);
      this.stmax = stp + 4 * (stp - this.stx);
    }
    stp = Math.max(stp, this.stpmin);
    stp = Math.min(stp, this.stpmax);
    if ((this.brackt && (stp <= this.stmin || stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)) {
      stp = this.stx;
    }
    return { done: false, stp };
  }
}

interface StepState {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/** MINPACK-2 dcstep: safeguarded cubic/quadratic step and interval update (in place on `s`). */
function dcstep(s: StepState, fp: number, dp: number, stpmin: number, stpmax: number): void {
  const { stx, fx, dx, sty, fy, dy, stp } = s;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sm = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sm * Math.sqrt((theta / sm) ** 2 - (dx / sm) * (dp / sm));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    if (Math.abs(stpc - stx) < Math.abs(stpq - stx)) stpf = stpc;
    else stpf = stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sm = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sm * Math.sqrt((theta / sm) ** 2 - (dx / sm) * (dp / sm));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sm = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sm * Math.sqrt(Math.max(0, (theta / sm) ** 2 - (dx / sm) * (dp / sm)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
      else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.min(stpmax, stpf);
      stpf = Math.max(stpmin, stpf);
    }
  } else {
    if (s.brackt) {
      const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
      const sm = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
      let gamma = sm * Math.sqrt((theta / sm) ** 2 - (dy / sm) * (dp / sm));
      if (stp > sty) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dy;
      const r = p / q;
      stpf = stp + r * (sty - stp);
    } else if (stp > stx) {
      stpf = stpmax;
    } else {
      stpf = stpmin;
    }
  }
  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.dy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.dy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.dx = dp;
  }
  s.stp = stpf;
}

/** Minimises `fg` (which writes the gradient into its second argument and returns f) from `x0`. */
export function minimizeLbfgs(fg: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const it = lbfgsSteps(x0, options);
  let step = it.next();
  while (!step.done) step = it.next(fg(step.value.x, step.value.grad));
  return step.value;
}

/** Like minimizeLbfgs, for an objective that computes asynchronously (e.g. on onnxruntime). */
export async function minimizeLbfgsAsync(
  fg: (x: Float64Array, grad: Float64Array) => Promise<number>,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): Promise<LbfgsResult> {
  const it = lbfgsSteps(x0, options);
  let step = it.next();
  while (!step.done) step = it.next(await fg(step.value.x, step.value.grad));
  return step.value;
}

/** A request for f and the gradient at `x`: write the gradient into `grad`, pass f to `next`. */
export interface EvalRequest {
  readonly x: Float64Array;
  readonly grad: Float64Array;
}

/**
 * The solver in reverse-communication form (as scipy's setulb): each yielded request asks for f(x) and
 * its gradient; the generator returns the result. `x` must not be modified by the caller.
 */
export function* lbfgsSteps(x0: ArrayLike<number>, options: LbfgsOptions = {}): Generator<EvalRequest, LbfgsResult, number> {
  const m = options.m ?? 10;
  const maxiter = options.maxiter ?? 15000;
  const maxfun = options.maxfun ?? 15000;
  const maxls = options.maxls ?? 20;
  const pgtol = options.gtol ?? 1e-5;
  const tol = options.ftol ?? 2.220446049250313e-9;
  const n = x0.length;

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const d = new Float64Array(n); // search direction (scaled to s after the step)
  const t = new Float64Array(n); // x at the start of the line search
  const r = new Float64Array(n); // g at the start of the line search, then y
  const z = new Float64Array(n); // x + d (the stp = 1 point)
  // Correction pairs in a ring buffer (m pairs of n values, allocated with the first pair).
  let S = new Float64Array(0);
  let Y = new Float64Array(0);
  const twoLoop = options.twoLoop ?? twoLoopJs;
  const rhoInv = new Float64Array(m); // s'y (= dr)
  const alpha = new Float64Array(m);
  let head = 0; // index of the oldest pair
  let col = 0;
  let theta = 1;

  const request: EvalRequest = { x, grad: g };
  let nfev = 0;
  let f: number = yield request;
  nfev++;
  let sbgnrm = infNorm(g);
  const done = (status: LbfgsStatus, nit: number): LbfgsResult => ({
    x,
    f,
    grad: g,
    nit,
    nfev,
    status,
    success: status === 'converged-gtol' || status === 'converged-ftol',
  });
  if (sbgnrm <= pgtol) return done('converged-gtol', 0);

  let iter = 0; // L-BFGS-B's iteration counter (decides the first-step rule)
  let nit = 0; // the driver's count of NEW_X
  const ls = new Dcsrch(LS_FTOL, LS_GTOL, LS_XTOL, 0, BIG);

  for (;;) {
    // Search direction: z = x + d.
    if (col === 0) {
      // Generalized Cauchy point with B = theta*I (theta = 1 here) and no bounds: x - g/theta.
      const tsum = 1 / theta;
      for (let i = 0; i < n; i++) d[i] = tsum * -g[i]!;
    } else {
      twoLoop(g, d, n, S, Y, rhoInv, alpha, head, col, m, theta);
    }
    for (let i = 0; i < n; i++) z[i] = x[i]! + d[i]!;
    for (let i = 0; i < n; i++) d[i] = z[i]! - x[i]!; // d := z - x exactly as mainlb does

    // Line search (lnsrlb).
    const dtd = dot(d, d, n);
    const dnorm = Math.sqrt(dtd);
    let stp = iter === 0 ? Math.min(1 / dnorm, BIG) : 1;
    t.set(x);
    r.set(g);
    const fold = f;
    let gd = dot(g, d, n);
    const gdold = gd;
    let ifun = 0;
    let iback = 0;
    let lsFailed = gd >= 0; // info = -4: ascent direction
    if (!lsFailed) {
      stp = ls.start(f, gd, stp);
      for (;;) {
        // Evaluate at stp.
        ifun++;
        iback = ifun - 1;
        if (iback >= maxls) {
          lsFailed = true;
          break;
        }
        if (stp === 1) x.set(z);
        else for (let i = 0; i < n; i++) x[i] = stp * d[i]! + t[i]!;
        f = yield request;
        nfev++;
        gd = dot(g, d, n);
        const res = ls.step(f, gd, stp);
        if (res.done) break;
        stp = res.stp;
      }
    }
    if (lsFailed) {
      // Restore the previous iterate.
      x.set(t);
      g.set(r);
      f = fold;
      if (col === 0) return done('abnormal-line-search', nit);
      col = 0;
      head = 0;
      theta = 1;
      continue; // RESTART_FROM_LNSRCH: iter unchanged
    }
    iter++;
    sbgnrm = infNorm(g);
    nit++;
    // The driver stops after maxiter NEW_X (before mainlb's own tests run on the next call).
    if (nit >= maxiter) return done('max-iter', nit);
    if (nfev > maxfun) return done('max-fun', nit);

    if (sbgnrm <= pgtol) return done('converged-gtol', nit);
    const ddum0 = Math.max(Math.abs(fold), Math.abs(f), 1);
    if (fold - f <= tol * ddum0) return done('converged-ftol', nit);

    // y = g - g_old, s = stp * d.
    for (let i = 0; i < n; i++) r[i] = g[i]! - r[i]!;
    const rr = dot(r, r, n);
    let dr: number;
    let ddum: number;
    if (stp === 1) {
      dr = gd - gdold;
      ddum = -gdold;
    } else {
      dr = (gd - gdold) * stp;
      for (let i = 0; i < n; i++) d[i] = d[i]! * stp;
      ddum = -gdold * stp;
    }
    if (dr <= EPS * ddum) continue; // skip the update
    // matupd: store the pair (overwriting the oldest when full), theta = y'y / s'y.
    let slot: number;
    if (col < m) {
      slot = (head + col) % m;
      col++;
    } else {
      slot = head;
      head = (head + 1) % m;
    }
    if (!S.length) {
      S = new Float64Array(m * n);
      Y = new Float64Array(m * n);
    }
    S.set(d, slot * n);
    Y.set(r, slot * n);
    rhoInv[slot] = dr;
    theta = rr / dr;
  }
}

/** The two-loop recursion in JS: sequential dot products, the reference for native/lbfgs.cc. */
export const twoLoopJs: TwoLoop = (g, d, n, S, Y, rhoInv, alpha, head, col, m, theta) => {
  for (let i = 0; i < n; i++) d[i] = -g[i]!;
  for (let k = col - 1; k >= 0; k--) {
    const j = (head + k) % m;
    const s = S.subarray(j * n, (j + 1) * n);
    const y = Y.subarray(j * n, (j + 1) * n);
    const a = dot(s, d, n) / rhoInv[j]!;
    alpha[j] = a;
    for (let i = 0; i < n; i++) d[i] = d[i]! - a * y[i]!;
  }
  const h0 = 1 / theta;
  for (let i = 0; i < n; i++) d[i] = d[i]! * h0;
  for (let k = 0; k < col; k++) {
    const j = (head + k) % m;
    const s = S.subarray(j * n, (j + 1) * n);
    const y = Y.subarray(j * n, (j + 1) * n);
    const b = dot(y, d, n) / rhoInv[j]!;
    const c = alpha[j]! - b;
    for (let i = 0; i < n; i++) d[i] = d[i]! + c * s[i]!;
  }
};
