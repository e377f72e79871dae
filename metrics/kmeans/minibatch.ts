/**
 * sklearn `MiniBatchKMeans` (dense, float32 input, unit sample weights), reproduced step by step: the same
 * RandomState draws in the same order, k-means++ on the init sample, label steps (labels.ts), float32 center
 * updates, random reassignment, EWA early stopping and final labels.
 */
import type { Matrix } from '../../core/matrix.js';
import { cumsumNormalized, NumpyRandomState, searchsortedRight } from '../random.js';
import { type DotBackend, fastDots, jsDots } from './dots.js';
import { assignLabels, norm2 } from './labels.js';
import { inertiaAndUpdate, reassign } from './minibatch-step.js';
import { type KMeansPlusPlusResult, kmeansPlusPlus } from './plusplus.js';
import { type KMeansCompat, SKLEARN_1_9 } from './sklearn-compat.js';
import type { KMeansStepKernels } from './step-kernels.js';
import { stepKernels } from './wasm.js';

const f32 = Math.fround;

export interface MiniBatchKMeansOptions {
  nClusters: number;
  /** sklearn default 1024; mteb uses 500 (legacy) and 512 (v2). */
  batchSize?: number;
  maxIter?: number;
  /** An int seed (a fresh RandomState per fit, as sklearn does for int random_state) or a shared generator. */
  randomState: number | NumpyRandomState;
  initSize?: number;
  maxNoImprovement?: number;
  reassignmentRatio?: number;
  compat?: KMeansCompat;
  /** Compute labels_ for all rows after fitting (sklearn compute_labels=True). */
  computeLabels?: boolean;
  /** Dot-product backend for the label steps (default: WebAssembly SIMD `fastDots`, plain JS with useWasm false). */
  dots?: DotBackend;
  /** Use the WebAssembly SIMD step kernels when available (default true; false = the JS loops, same results). */
  useWasm?: boolean;
  /** Native label and update kernels (same results; compute/native/kmeans-step.ts): used in place of dots/wasm when given. */
  stepKernels?: KMeansStepKernels;
  /** Debug hook: called after each minibatch step with the batch rows, their labels and the new centers. */
  onStep?: (step: number, batchRows: Int32Array, batchLabels: Int32Array, centers: Float32Array) => void;
}

export interface MiniBatchKMeansResult {
  /** Final assignment of every row (labels_), when computeLabels. */
  labels: Int32Array;
  centers: Float32Array;
  /** Number of minibatch steps run (n_steps_). */
  nSteps: number;
  /** Indices (into the init sample) of the k-means++ picks. */
  initIndices: number[];
}

/**
 * sklearn `MiniBatchKMeans(n_clusters, batch_size, init="k-means++", n_init=1, random_state, tol=0,
 * max_no_improvement=10, reassignment_ratio=0.01).fit(X)` with unit sample weights, then `labels_`.
 */
export async function miniBatchKMeans(X: Matrix, opts: MiniBatchKMeansOptions): Promise<MiniBatchKMeansResult> {
  const dots = opts.dots ?? (opts.useWasm === false ? jsDots : fastDots);
  const n = X.rows;
  const d = X.cols;
  const x = X.data;
  const k = opts.nClusters;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`n_clusters must be a positive integer, got ${k}`);
  if (n < k) throw new RangeError(`n_samples=${n} should be >= n_clusters=${k}.`);
  const compat = opts.compat ?? SKLEARN_1_9;
  const rs = typeof opts.randomState === 'number' ? new NumpyRandomState(opts.randomState) : opts.randomState;
  const maxIter = opts.maxIter ?? 100;
  const maxNoImprovement = opts.maxNoImprovement ?? 10;
  const ratio = opts.reassignmentRatio ?? 0.01;
  const batch = Math.min(opts.batchSize ?? 1024, n);
  let initSize = opts.initSize ?? 3 * batch;
  if (initSize < k) initSize = 3 * k;
  initSize = Math.min(initSize, n);

  // (1) validation rows: drawn (only used to compare several inits, n_init=1 here)
  rs.randint(0, n, initSize);
  // (2) init subsample, (3) k-means++ on it
  let init: KMeansPlusPlusResult;
  if (initSize < n) {
    const rows = rs.randint(0, n, initSize);
    const sub = new Float32Array(initSize * d);
    for (let r = 0; r < initSize; r++) sub.set(x.subarray(rows[r]! * d, rows[r]! * d + d), r * d);
    init = kmeansPlusPlus(sub, initSize, d, k, rs, compat, { useWasm: opts.useWasm, native: opts.stepKernels });
  } else {
    init = kmeansPlusPlus(x, n, d, k, rs, compat, { useWasm: opts.useWasm, native: opts.stepKernels });
  }

  // Step buffers live in a per-fit WebAssembly memory when the SIMD kernels are available (plain arrays otherwise).
  const native = opts.stepKernels;
  const wasm = opts.useWasm === false || native ? null : stepKernels();
  const offXb = wasm ? wasm.alloc(batch * d * 4) : 0;
  let offC = wasm ? wasm.alloc(k * d * 4) : 0;
  let offCn = wasm ? wasm.alloc(k * d * 4) : 0;
  const offLab = wasm ? wasm.alloc(batch * 4) : 0;
  const buf = wasm?.commit();
  let centers: Float32Array = buf ? new Float32Array(buf, offC, k * d) : init.centers;
  let centersNew: Float32Array = buf ? new Float32Array(buf, offCn, k * d) : new Float32Array(k * d);
  if (buf) centers.set(init.centers);
  const counts = new Float32Array(k);
  let ewa: number | null = null;
  let ewaMin: number | null = null;
  let noImprovement = 0;
  let sinceReassign = 0;
  const nSteps = Math.floor((maxIter * n) / batch);
  const mb = new Int32Array(batch);
  const labels = buf ? new Int32Array(buf, offLab, batch) : new Int32Array(batch);
  const wsum = new Float32Array(k);
  let uniformCdf: Float64Array | null = null;
  if (compat.minibatch === 'choice') uniformCdf = cumsumNormalized(new Float64Array(n).fill(f32(1 / f32(n))));

  // the batch rows are gathered once per step into contiguous memory (as sklearn's X[minibatch_indices]) and reused
  // by the dot products, the batch inertia and the center update; their norms are only used for error bounds
  const xb = buf ? new Float32Array(buf, offXb, batch * d) : new Float32Array(native ? 0 : batch * d);
  const xbn = new Float64Array(native ? 0 : batch);
  // ‖x_i‖ per row id, computed when a row is first drawn (NaN = not yet): rows repeat across steps and the final
  // labelling reuses them
  const xnorms = new Float64Array(n).fill(NaN);
  const scratch = {};

  let step = 0;
  for (; step < nSteps; step++) {
    if (uniformCdf) {
      for (let r = 0; r < batch; r++) mb[r] = searchsortedRight(uniformCdf, rs.bitgen.nextDouble());
    } else rs.randintInto(mb, 0, n);

    // _random_reassign() is evaluated before the step runs (counts of the previous step)
    sinceReassign += batch;
    let randomReassign = false;
    let anyZero = false;
    for (let j = 0; j < k; j++) if (counts[j] === 0) anyZero = true;
    if (anyZero || sinceReassign >= 10 * k) {
      sinceReassign = 0;
      randomReassign = true;
    }

    // labels with the old centers, then batch inertia (float32, sequential) fused with the center update
    let inertia: number;
    if (native) {
      // the whole step in one call, rows read by id (no gathered copy)
      inertia = native.step(x, d, mb, batch, centers, k, xnorms, labels, centersNew, counts);
    } else {
      gatherRows(x, d, mb, batch, xb, xbn, xnorms);
      await assignLabels(xb, d, batch, centers, k, labels, { dots, xnorms: xbn, scratch });
      const kernel = wasm ? () => wasm.inertiaUpdate(offXb, offC, offCn, offLab, batch, d) : null;
      inertia = inertiaAndUpdate(xb, d, labels, batch, centers, centersNew, counts, k, wsum, kernel);
    }

    if (randomReassign && ratio > 0) reassign(x, d, mb, batch, k, counts, centersNew, ratio, rs);

    const tmp = centers;
    centers = centersNew;
    centersNew = tmp;
    const tmpOff = offC;
    offC = offCn;
    offCn = tmpOff;
    opts.onStep?.(step, mb, labels, centers);

    // _mini_batch_convergence (tol = 0): EWA of the mean batch inertia, stop after maxNoImprovement steps
    const bi = inertia / batch;
    if (step === 0) continue;
    if (ewa === null) ewa = bi;
    else {
      const alpha = Math.min((batch * 2.0) / (n + 1), 1);
      ewa = ewa * (1 - alpha) + bi * alpha;
    }
    if (ewaMin === null || ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else noImprovement++;
    if (noImprovement >= maxNoImprovement) {
      step++;
      break;
    }
  }

  const all = new Int32Array(n);
  if ((opts.computeLabels ?? true) && native) native.labels(x, d, null, n, centers, k, xnorms, all);
  else if (opts.computeLabels ?? true) {
    for (let i = 0; i < n; i++) if (xnorms[i] !== xnorms[i]) xnorms[i] = norm2(x, i * d, d);
    await assignLabels(x, d, n, centers, k, all, { dots, xnorms, scratch });
  }
  // copy off the fit's wasm memory
  return { labels: all, centers: buf ? centers.slice() : centers, nSteps: step, initIndices: init.indices };
}

/** Copies the batch rows into `xb` (row-major) and their Euclidean norms (float64, cached in `xnorms`) into `xbn`. */
function gatherRows(x: Float32Array, d: number, mb: Int32Array, batch: number, xb: Float32Array, xbn: Float64Array, xnorms: Float64Array): void {
  // native copies per row (wide loads: more cache misses in flight than an element loop), then the norms from
  // the now-cached copy with four partial sums (one float64 chain is latency-bound; the norm only feeds a bound)
  for (let r = 0; r < batch; r++) {
    const o = mb[r]! * d;
    xb.set(x.subarray(o, o + d), r * d);
  }
  for (let r = 0; r < batch; r++) {
    let v = xnorms[mb[r]!]!;
    if (v !== v) xnorms[mb[r]!] = v = norm2(xb, r * d, d);
    xbn[r] = v;
  }
}

/** Convenience: `MiniBatchKMeans(...).fit_predict(X)` labels. */
export async function miniBatchKMeansLabels(X: Matrix, opts: MiniBatchKMeansOptions): Promise<Int32Array> {
  return (await miniBatchKMeans(X, opts)).labels;
}
