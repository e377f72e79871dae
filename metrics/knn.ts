/**
 * scikit-learn's `KNeighborsClassifier(n_neighbors=k)` with its defaults (uniform weights, Minkowski p=2 ->
 * Euclidean, algorithm "auto" -> brute force for > 15 dimensions) fitted on a multi-output 0/1 indicator
 * matrix, as mteb's AbsTaskMultilabelClassification uses it.
 *
 * Neighbours (sklearn/metrics/_pairwise_distances_reduction/_argkmin.pyx.tp, sklearn/utils/_heap.pyx):
 * the rank-preserving squared distance `(‖x‖² + (−2 x·y)) + ‖y‖²` in float64 (float32 inputs upcast, not
 * clamped), with the norms and dot products summed in the order OpenBLAS's Haswell/Zen `ddot` / `dgemm`
 * kernels use (bit-identical to sklearn on this Debian build for 64 to 1024 dimensions; other CPUs' kernels
 * can differ in the last bit, which only matters for distances tied to the last bit), training rows scanned in increasing index order, each test row keeping a fixed-size max-heap of
 * k candidates. A candidate enters only if strictly smaller than the heap's root, which it replaces before
 * sifting down (towards the larger child, the left one when both are equal). So exact distance ties (e.g.
 * duplicate texts) are decided by these heap mechanics, not by index order alone; we replay them.
 * The scan order is sklearn's whenever its `parallel_on_X` strategy runs, which "auto" picks when there are
 * fewer training than test rows (mteb's undersampled training set), or when all training rows fit one chunk.
 *
 * Prediction (sklearn/neighbors/_classification.py `predict`): per output column the mode of the k
 * neighbours' values (scipy's mode: the smaller value on a tie), i.e. a label is predicted iff more than
 * k/2 neighbours carry it — or if every training row carries it.
 */
import type { Matrix } from '../core/matrix.js';
import type { IndicatorMatrix } from './multilabel-binarizer.js';

/**
 * Squared L2 norms as sklearn's `_sqeuclidean_row_norms{32,64}` get them from BLAS `ddot` on the (upcast)
 * float64 row: OpenBLAS's Haswell/Zen kernel keeps 16 FMA lanes over blocks of 16 values, folds them
 * (lane l + lane l+2 within each 4-lane register, then registers 0+1 and 2+3, then the two halves), and adds the
 * remaining n mod 16 products one by one. Products of float32 values are exact in float64, so only this order
 * matters; it equals sklearn's norms bit for bit on this Debian build (tested).
 */
export function squaredNorms64(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const d = m.cols;
  const n1 = d - (d % 16);
  const acc = new Float64Array(16);
  for (let i = 0; i < m.rows; i++) {
    const o = i * d;
    acc.fill(0);
    for (let t = 0; t < n1; t += 16) {
      for (let l = 0; l < 16; l++) {
        const v = m.data[o + t + l]!;
        acc[l]! += v * v;
      }
    }
    let s = 0;
    if (n1) {
      const x0 = acc[0]! + acc[2]!,
        x1 = acc[1]! + acc[3]!;
      const y0 = acc[4]! + acc[6]!,
        y1 = acc[5]! + acc[7]!;
      const z0 = acc[8]! + acc[10]!,
        z1 = acc[9]! + acc[11]!;
      const w0 = acc[12]! + acc[14]!,
        w1 = acc[13]! + acc[15]!;
      s = x0 + y0 + (z0 + w0) + (x1 + y1 + (z1 + w1));
    }
    for (let j = n1; j < d; j++) {
      const v = m.data[o + j]!;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/**
 * How OpenBLAS's level-3 driver splits the inner dimension K of `dgemm` (driver/level3/level3.c with the
 * Haswell/Zen parameters GEMM_Q = 256, GEMM_UNROLL_M = 4): each block is summed in one FMA chain and added to C,
 * so x·y = ((s₀ + s₁) + s₂) … rather than one running sum.
 */
export function gemmKBlocks(k: number, q = 256, unrollM = 4): [number, number][] {
  const out: [number, number][] = [];
  for (let ls = 0; ls < k; ) {
    let m = k - ls;
    if (m >= 2 * q) m = q;
    else if (m > q) m = Math.floor((Math.floor(m / 2) + unrollM - 1) / unrollM) * unrollM;
    out.push([ls, ls + m]);
    ls += m;
  }
  return out;
}

/**
 * sklearn's `heap_push` on a max-heap of `size` (values, indices) starting at `off`: rejects `val` unless
 * it is strictly below the root, else replaces the root and sifts down.
 */
export function heapPush(values: Float64Array, indices: Int32Array, off: number, size: number, val: number, idx: number): void {
  if (!(val < values[off]!)) return;
  let cur = 0;
  for (;;) {
    const left = 2 * cur + 1;
    const right = left + 1;
    let swap: number;
    if (left >= size) break;
    if (right >= size) {
      if (values[off + left]! > val) swap = left;
      else break;
    } else if (values[off + left]! >= values[off + right]!) {
      if (val < values[off + left]!) swap = left;
      else break;
    } else if (val < values[off + right]!) swap = right;
    else break;
    values[off + cur] = values[off + swap]!;
    indices[off + cur] = indices[off + swap]!;
    cur = swap;
  }
  values[off + cur] = val;
  indices[off + cur] = idx;
}

export interface NeighbourResult {
  /** test rows × k training-row indices, in heap order (not sorted; the vote does not need an order). */
  indices: Int32Array;
  /** The matching rank-preserving squared distances. */
  sqDistances: Float64Array;
  k: number;
}

/**
 * The rank-preserving squared distances (test rows × train rows, row-major) that sklearn's ArgKmin compares,
 * in its float64 evaluation order. A value depends only on its two rows, so one matrix over the union of several
 * training samples serves every sample (mteb's experiments) bit for bit.
 */
export function squaredDistances(train: Matrix, test: Matrix): Float64Array {
  if (train.cols !== test.cols) throw new RangeError(`train has ${train.cols} dimensions, test ${test.cols}`);
  const d = train.cols;
  const yNorm = squaredNorms64(train);
  const xNorm = squaredNorms64(test);
  const train64 = Float64Array.from(train.data);
  const out = new Float64Array(test.rows * train.rows);
  const x = new Float64Array(d);
  const blocks = gemmKBlocks(d);
  for (let i = 0; i < test.rows; i++) {
    for (let c = 0; c < d; c++) x[c] = test.data[i * d + c]!;
    const xn = xNorm[i]!;
    const row = i * train.rows;
    for (let j = 0; j < train.rows; j++) {
      const o = j * d;
      // dgemm with alpha = -2, beta = 0: C = 0, then C += -2·(block sum) per K block (scaling by -2 is exact)
      let mid = 0;
      for (const [a, b] of blocks) {
        let s = 0;
        for (let c = a; c < b; c++) s += x[c]! * train64[o + c]!;
        mid += -2 * s;
      }
      out[row + j] = xn + mid + yNorm[j]!;
    }
  }
  return out;
}

/**
 * The k nearest of the training rows `columns` (scanned in that order, as sklearn scans its fitted rows) for each
 * test row, from a distance matrix of `nCols` columns. Returned indices are positions in `columns`.
 */
export function kNearestFromDistances(dist: Float64Array, nCols: number, columns: ArrayLike<number>, k: number): NeighbourResult {
  const nTest = dist.length / nCols;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`n_neighbors must be a positive integer, got ${k}`);
  if (k > columns.length) {
    throw new RangeError(`Expected n_neighbors <= n_samples_fit, but n_neighbors = ${k}, n_samples_fit = ${columns.length}, n_samples = ${nTest}`);
  }
  const values = new Float64Array(nTest * k).fill(Number.POSITIVE_INFINITY);
  const indices = new Int32Array(nTest * k).fill(-1);
  for (let i = 0; i < nTest; i++) {
    const row = i * nCols;
    const off = i * k;
    for (let j = 0; j < columns.length; j++) heapPush(values, indices, off, k, dist[row + columns[j]!]!, j);
  }
  return { indices, sqDistances: values, k };
}

/** The k nearest training rows of every test row (brute force, sklearn's ArgKmin heap semantics). */
export function kNearestNeighbours(train: Matrix, test: Matrix, k: number): NeighbourResult {
  if (k > train.rows) {
    throw new RangeError(`Expected n_neighbors <= n_samples_fit, but n_neighbors = ${k}, n_samples_fit = ${train.rows}, n_samples = ${test.rows}`);
  }
  const all = Int32Array.from({ length: train.rows }, (_, j) => j);
  return kNearestFromDistances(squaredDistances(train, test), train.rows, all, k);
}

/** Majority vote per output column over each test row's neighbours (sklearn `predict`, uniform weights). */
export function knnVote(neigh: NeighbourResult, yTrain: IndicatorMatrix): IndicatorMatrix {
  const { k, indices } = neigh;
  const L = yTrain.cols;
  const nTest = indices.length / k;
  // A column whose training values are all 1 has the single class [1]: predicted for every row.
  const allOnes = new Uint8Array(L);
  for (let l = 0; l < L; l++) {
    let all = yTrain.rows > 0;
    for (let j = 0; j < yTrain.rows && all; j++) if (!yTrain.data[j * L + l]) all = false;
    allOnes[l] = all ? 1 : 0;
  }
  const out = new Uint8Array(nTest * L);
  for (let i = 0; i < nTest; i++) {
    for (let l = 0; l < L; l++) {
      let ones = 0;
      for (let m = 0; m < k; m++) ones += yTrain.data[indices[i * k + m]! * L + l]!;
      out[i * L + l] = allOnes[l] || 2 * ones > k ? 1 : 0;
    }
  }
  return { rows: nTest, cols: L, data: out };
}

/** fit(train, yTrain).predict(test) of KNeighborsClassifier(n_neighbors=k) on an indicator matrix. */
export function knnPredictMultilabel(train: Matrix, yTrain: IndicatorMatrix, test: Matrix, k = 5): IndicatorMatrix {
  if (yTrain.rows !== train.rows) throw new RangeError(`${train.rows} training rows but ${yTrain.rows} label rows`);
  return knnVote(kNearestNeighbours(train, test, k), yTrain);
}
