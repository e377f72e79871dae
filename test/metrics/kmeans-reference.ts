/**
 * FROZEN REFERENCE: metrics/kmeans.ts as of commit 51df2af (before the speed work), kept verbatim (imports
 * adjusted) so test/metrics/kmeans-equivalence.test.ts can check the optimised code gives bit-identical results.
 * Do not optimise this file.
 *
 * scikit-learn's k-means++ seeding and `MiniBatchKMeans` (dense, float32 input, unit sample weights), reproduced
 * step by step (sklearn/cluster/_kmeans.py): the same RandomState draws in the same order, float64-upcast distances
 * in k-means++, float32 center updates, random reassignment, EWA early stopping and final labels.
 *
 * Label steps: sklearn computes ‖c‖² − 2·x·c with numpy einsum (emulated exactly: SSE3 4-lane order) and OpenBLAS
 * SGEMM. We estimate in float64/any GEMM and re-decide near-ties with an emulation of the Haswell SGEMM kernel
 * (sequential float32 FMA per K block of 320). Known limit, measured against Debian's OpenBLAS 0.3.21: with BLAS
 * limited to one thread (as sklearn does inside fit), the kernel accumulates the 8-row edge blocks of the centers
 * (e.g. centers 0–7 and 40–47 of 50) in a different order (≈ two interleaved accumulators), so exact or
 * last-bit ties that involve those centers can resolve differently. Dense embeddings: bit-identical in our tests.
 */
import type { Matrix } from '../../core/matrix.js';
import { pairwiseSum32 } from '../../metrics/pairwise-sum.js';
import { cumsumNormalized, NumpyRandomState, searchsortedLeft, searchsortedRight } from '../../metrics/random.js';

const f32 = Math.fround;

/** Which sklearn generation to follow where its RNG use changed. */
export interface KMeansCompat {
  /**
   * k-means++ first center and potentials: `'randint'` = sklearn < 1.3 (`randint(n)`, float32 `sum`),
   * `'choice'` = sklearn ≥ 1.3 (`choice(n, p=w/Σw)`, potentials as dot products with the weights).
   */
  firstCenter: 'randint' | 'choice';
  /** Minibatch rows: `'randint'` = `randint(0, n, batch)` (older), `'choice'` = `choice(n, batch, p=w/Σw)` (PR #30751, sklearn ≥ 1.7). */
  minibatch: 'randint' | 'choice';
}

/** sklearn 1.9.1 (the version the spec was written against). */
export const SKLEARN_1_9: KMeansCompat = { firstCenter: 'choice', minibatch: 'choice' };
/** sklearn 1.2.x (Debian bookworm's python3-sklearn 1.2.1). */
export const SKLEARN_1_2: KMeansCompat = { firstCenter: 'randint', minibatch: 'randint' };

/** Picks the compat mode for an sklearn version string like "1.2.1". */
export function sklearnCompat(version: string): KMeansCompat {
  const [maj = 0, min = 0] = version.split('.').map((s) => parseInt(s, 10));
  const v = maj * 1000 + min;
  return {
    firstCenter: v >= 1003 ? 'choice' : 'randint',
    minibatch: v >= 1007 ? 'choice' : 'randint',
  };
}

export interface KMeansPlusPlusResult {
  /** k × d centers (float32, copies of the chosen rows). */
  centers: Float32Array;
  /** Row indices of the chosen centers. */
  indices: number[];
}

/** Squared norms of rows in float64 (sklearn's row_norms on the float64-upcast chunk). */
function rowNorms64(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let t = 0; t < d; t++) {
      const v = x[o + t]!;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/**
 * sklearn `_euclidean_distances_upcast` for one center row against all rows: ((−2·x·c) + ‖c‖²) + ‖x‖² in float64,
 * cast to float32, clipped at 0.
 */
function sqDistRowToAll(x: Float32Array, n: number, d: number, xx: Float64Array, ci: number, out: Float32Array): void {
  const co = ci * d;
  const cc = xx[ci]!;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    let t = 0;
    for (; t + 3 < d; t += 4) {
      s0 += x[o + t]! * x[co + t]!;
      s1 += x[o + t + 1]! * x[co + t + 1]!;
      s2 += x[o + t + 2]! * x[co + t + 2]!;
      s3 += x[o + t + 3]! * x[co + t + 3]!;
    }
    for (; t < d; t++) s0 += x[o + t]! * x[co + t]!;
    const v = f32(-2 * (s0 + s1 + (s2 + s3)) + cc + xx[i]!);
    out[i] = v > 0 ? v : 0;
  }
}

/** `sqDistRowToAll` for several center rows at once, sharing each x load across up to 4 of them. */
function sqDistRowsToAll(x: Float32Array, n: number, d: number, xx: Float64Array, ids: number[], outs: Float32Array[]): void {
  for (let g = 0; g < ids.length; g += 4) {
    const m = Math.min(4, ids.length - g);
    if (m < 4) {
      for (let q = 0; q < m; q++) sqDistRowToAll(x, n, d, xx, ids[g + q]!, outs[g + q]!);
      continue;
    }
    const c = new Float64Array(4 * d);
    for (let q = 0; q < 4; q++) for (let t = 0; t < d; t++) c[q * d + t] = x[ids[g + q]! * d + t]!;
    const cc0 = xx[ids[g]!]!,
      cc1 = xx[ids[g + 1]!]!,
      cc2 = xx[ids[g + 2]!]!,
      cc3 = xx[ids[g + 3]!]!;
    const o0 = outs[g]!,
      o1 = outs[g + 1]!,
      o2 = outs[g + 2]!,
      o3 = outs[g + 3]!;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let t = 0; t < d; t++) {
        const xv = x[o + t]!;
        s0 += xv * c[t]!;
        s1 += xv * c[d + t]!;
        s2 += xv * c[2 * d + t]!;
        s3 += xv * c[3 * d + t]!;
      }
      const xi = xx[i]!;
      const v0 = f32(-2 * s0 + cc0 + xi),
        v1 = f32(-2 * s1 + cc1 + xi),
        v2 = f32(-2 * s2 + cc2 + xi),
        v3 = f32(-2 * s3 + cc3 + xi);
      o0[i] = v0 > 0 ? v0 : 0;
      o1[i] = v1 > 0 ? v1 : 0;
      o2[i] = v2 > 0 ? v2 : 0;
      o3[i] = v3 > 0 ? v3 : 0;
    }
  }
}

function sum64(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/**
 * sklearn `_kmeans_plusplus(X, k, random_state, n_local_trials=None)` on row-major float32 `x` (n × d), unit weights.
 */
export function kmeansPlusPlus(
  x: Float32Array,
  n: number,
  d: number,
  k: number,
  rs: NumpyRandomState,
  compat: Pick<KMeansCompat, 'firstCenter'> = SKLEARN_1_9,
): KMeansPlusPlusResult {
  if (k < 1 || k > n) throw new RangeError(`n_samples=${n} should be >= n_clusters=${k}.`);
  const legacy = compat.firstCenter === 'randint';
  const nTrials = 2 + Math.floor(Math.log(k));
  const centers = new Float32Array(k * d);
  const indices: number[] = [];
  const xx = rowNorms64(x, n, d);

  let first: number;
  if (legacy) first = rs.randint(0, n);
  else {
    // p = sample_weight / sample_weight.sum() in float32 → every entry float32(1/n)
    const p = new Float64Array(n).fill(f32(1 / f32(n)));
    first = searchsortedRight(cumsumNormalized(p), rs.randomSample());
  }
  centers.set(x.subarray(first * d, first * d + d), 0);
  indices.push(first);

  let closest = new Float32Array(n);
  sqDistRowToAll(x, n, d, xx, first, closest);
  // Potentials: float32 pairwise sum (< 1.3) or a float32 BLAS dot with the weights (≥ 1.3, order unknown → float64 then round).
  const pot = (a: Float32Array): number => (legacy ? pairwiseSum32(a) : f32(sum64(a)));
  let currentPot = pot(closest);
  const cum = new Float64Array(n);
  const cand = Array.from({ length: nTrials }, () => new Float32Array(n));

  for (let c = 1; c < k; c++) {
    const rand = rs.uniform(nTrials);
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += closest[i]!;
      cum[i] = s;
    }
    let best = -1;
    let bestPot = Infinity;
    const ids: number[] = [];
    for (let t = 0; t < nTrials; t++) ids.push(Math.min(searchsortedLeft(cum, rand[t]! * currentPot), n - 1));
    sqDistRowsToAll(x, n, d, xx, ids, cand);
    for (let t = 0; t < nTrials; t++) {
      const dist = cand[t]!;
      for (let i = 0; i < n; i++) if (closest[i]! < dist[i]!) dist[i] = closest[i]!;
      const p = pot(dist);
      // np.argmin: first minimum
      if (best < 0 || p < bestPot) {
        best = t;
        bestPot = p;
      }
    }
    const bestId = ids[best]!;
    currentPot = bestPot;
    const keep = cand[best]!;
    cand[best] = closest;
    closest = keep;
    centers.set(x.subarray(bestId * d, bestId * d + d), c * d);
    indices.push(bestId);
  }
  return { centers, indices };
}

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
  /** Dot-product backend for the label steps (default: plain JS). */
  dots?: DotBackend;
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
 * numpy `np.einsum("ij,ij->i", X, X)` for one float32 row as Debian's numpy 1.24 computes it (SSE3 baseline):
 * 4 float32 lanes, blocks of 16 accumulated as a3·b3 + (a2·b2 + (a1·b1 + (a0·b0 + acc)))… in that nesting,
 * a zero-filled tail, then (l0 + l1) + (l2 + l3). sklearn's `row_norms(centers)` in the label step uses it.
 */
export function einsumRowNorm32(a: Float32Array, off: number, d: number): number {
  let l0 = 0,
    l1 = 0,
    l2 = 0,
    l3 = 0;
  let t = 0;
  for (; d - t >= 16; t += 16) {
    for (let q = 3; q >= 0; q--) {
      const o = off + t + 4 * q;
      l0 = f32(f32(a[o]! * a[o]!) + l0);
      l1 = f32(f32(a[o + 1]! * a[o + 1]!) + l1);
      l2 = f32(f32(a[o + 2]! * a[o + 2]!) + l2);
      l3 = f32(f32(a[o + 3]! * a[o + 3]!) + l3);
    }
  }
  for (; t < d; t += 4) {
    const o = off + t;
    l0 = f32(f32(a[o]! * a[o]!) + l0);
    if (t + 1 < d) l1 = f32(f32(a[o + 1]! * a[o + 1]!) + l1);
    if (t + 2 < d) l2 = f32(f32(a[o + 2]! * a[o + 2]!) + l2);
    if (t + 3 < d) l3 = f32(f32(a[o + 3]! * a[o + 3]!) + l3);
  }
  return f32(f32(f32(l0 + l1) + f32(l2 + l3)) + 0);
}

/** OpenBLAS (Haswell kernel) SGEMM K-blocking: GEMM_Q = 320, halves rounded up to 8 between Q and 2Q. */
function gemmBlocks(d: number): number[] {
  const out = [0];
  let ls = 0;
  while (ls < d) {
    let m = d - ls;
    if (m >= 640) m = 320;
    else if (m > 320) m = Math.floor((Math.floor(m / 2) + 7) / 8) * 8;
    ls += m;
    out.push(ls);
  }
  return out;
}

/**
 * One entry of sklearn's `pairwise = ‖C‖² ; pairwise += −2·X·Cᵀ` (sgemm, beta = 1) as OpenBLAS computes it:
 * per K block a sequential float32 FMA accumulation, then C = float32(−2·acc + C).
 */
function gemmDist32(x: Float32Array, xo: number, c: Float32Array, co: number, cn32: number, blocks: number[]): number {
  let out = cn32;
  for (let b = 0; b + 1 < blocks.length; b++) {
    let acc = 0;
    for (let t = blocks[b]!; t < blocks[b + 1]!; t++) acc = f32(x[xo + t]! * c[co + t]! + acc);
    out = f32(-2 * acc + out);
  }
  return out;
}

/**
 * Approximate dot products x_r·c_j (any order of accumulation, float32 accuracy or better) for rows `rows`
 * (or rows 0..count-1) against all k centers, written row-major (count × k) into `out`. Exactness does not depend
 * on it: labels are decided with a rigorous error bound and the exact float32 emulation (see `assignLabels`).
 * The default is plain JS; the evaluators pass an onnxruntime GEMM (tasks/types/kmeans-ort.ts).
 */
export type DotBackend = (
  x: Float32Array,
  d: number,
  rows: Int32Array | null,
  count: number,
  centers: Float32Array,
  k: number,
  out: Float32Array | Float64Array,
) => void | Promise<void>;

/** JS dot products in float64, each x load shared by 4 centers. */
export const jsDots: DotBackend = (x, d, rows, count, centers, k, out) => {
  const c64 = Float64Array.from(centers.subarray(0, k * d));
  const k4 = k - (k % 4);
  for (let r = 0; r < count; r++) {
    const o = (rows ? rows[r]! : r) * d;
    const ro = r * k;
    for (let j = 0; j < k4; j += 4) {
      const c0 = j * d,
        c1 = c0 + d,
        c2 = c1 + d,
        c3 = c2 + d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let t = 0; t < d; t++) {
        const xv = x[o + t]!;
        s0 += xv * c64[c0 + t]!;
        s1 += xv * c64[c1 + t]!;
        s2 += xv * c64[c2 + t]!;
        s3 += xv * c64[c3 + t]!;
      }
      out[ro + j] = s0;
      out[ro + j + 1] = s1;
      out[ro + j + 2] = s2;
      out[ro + j + 3] = s3;
    }
    for (let j = k4; j < k; j++) {
      const co = j * d;
      let s0 = 0;
      for (let t = 0; t < d; t++) s0 += x[o + t]! * c64[co + t]!;
      out[ro + j] = s0;
    }
  }
};

/** Rows per dot-product call when labelling many rows (bounds the scratch memory). */
const LABEL_CHUNK = 4096;

/**
 * Nearest center for rows `rows` (or all rows) — sklearn `lloyd_iter_chunked_dense` without center update:
 * argmin over j of float32(‖c_j‖² − 2·x·c_j), first minimum wins. Distances are first estimated from `dots`;
 * only centers whose float32 result could still tie or beat the best (rigorous rounding bound) are recomputed
 * with the exact float32 emulation, so labels equal sklearn's (with OpenBLAS Haswell sgemm) at GEMM speed.
 */
export async function assignLabels(
  x: Float32Array,
  d: number,
  rows: Int32Array | null,
  count: number,
  centers: Float32Array,
  k: number,
  labels: Int32Array,
  dots: DotBackend = jsDots,
  /** ‖x_i‖ for every row of x (index = row id), when the caller has them; computed here otherwise. */
  xnorms?: Float64Array,
): Promise<void> {
  const cn = new Float64Array(k);
  const cnorm = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    cn[j] = einsumRowNorm32(centers, j * d, d);
    let s = 0;
    for (let t = 0; t < d; t++) s += centers[j * d + t]! * centers[j * d + t]!;
    cnorm[j] = Math.sqrt(s);
  }
  const blocks = gemmBlocks(d);
  const u = 5.960464477539063e-8; // 2^-24
  // any float32 accumulation order of a d-term dot: |error| ≤ γ_d·Σ|x·c| ≤ γ_d·‖x‖‖c‖
  const gamma = (d * u) / (1 - d * u);
  const nb = blocks.length - 1;
  const bound = new Float64Array(k);
  const chunk = Math.min(count, LABEL_CHUNK);
  const est = new Float64Array(chunk * k);
  for (let c0 = 0; c0 < count; c0 += chunk) {
    const m = Math.min(chunk, count - c0);
    const chunkRows = rows ? rows.subarray(c0, c0 + m) : null;
    if (chunkRows) await dots(x, d, chunkRows, m, centers, k, est);
    else await dots(x.subarray(c0 * d, (c0 + m) * d), d, null, m, centers, k, est);
    for (let r = 0; r < m; r++) {
      const row = chunkRows ? chunkRows[r]! : c0 + r;
      const o = row * d;
      let xnorm: number;
      if (xnorms) xnorm = xnorms[row]!;
      else {
        let xs = 0;
        for (let t = 0; t < d; t++) xs += x[o + t]! * x[o + t]!;
        xnorm = Math.sqrt(xs);
      }
      const ro = r * k;
      let best = 0;
      let bestHi = Infinity;
      for (let j = 0; j < k; j++) {
        const v = cn[j]! - 2 * est[ro + j]!;
        const p = 2 * xnorm * cnorm[j]!;
        // estimate error + emulation error (each ≤ γ·p) + one float32 rounding per K block, doubled for safety
        const e = 2 * (2 * gamma * p + nb * u * (cn[j]! + p + Math.abs(v))) + 1e-30;
        bound[j] = e;
        est[ro + j] = v;
        if (v + e < bestHi) {
          bestHi = v + e;
          best = j;
        }
      }
      let contenders = 0;
      for (let j = 0; j < k; j++) if (est[ro + j]! - bound[j]! <= bestHi) contenders++;
      if (contenders > 1) {
        let bestD = Infinity;
        for (let j = 0; j < k; j++) {
          if (est[ro + j]! - bound[j]! > bestHi) continue;
          const v = gemmDist32(x, o, centers, j * d, cn[j]!, blocks);
          if (v < bestD) {
            bestD = v;
            best = j;
          }
        }
      }
      labels[c0 + r] = best;
    }
  }
}

/** sklearn `_euclidean_dense_dense(a, b, squared=True)` in float32 with its 4-way unrolled accumulation. */
function sqDist32(x: Float32Array, xo: number, c: Float32Array, co: number, d: number): number {
  let result = 0;
  const n4 = d >> 2;
  let t = 0;
  for (let q = 0; q < n4; q++, t += 4) {
    const a0 = f32(x[xo + t]! - c[co + t]!);
    const a1 = f32(x[xo + t + 1]! - c[co + t + 1]!);
    const a2 = f32(x[xo + t + 2]! - c[co + t + 2]!);
    const a3 = f32(x[xo + t + 3]! - c[co + t + 3]!);
    result = f32(result + f32(f32(f32(f32(a0 * a0) + f32(a1 * a1)) + f32(a2 * a2)) + f32(a3 * a3)));
  }
  for (; t < d; t++) {
    const a = f32(x[xo + t]! - c[co + t]!);
    result = f32(result + f32(a * a));
  }
  return result;
}

/**
 * sklearn `MiniBatchKMeans(n_clusters, batch_size, init="k-means++", n_init=1, random_state, tol=0,
 * max_no_improvement=10, reassignment_ratio=0.01).fit(X)` with unit sample weights, then `labels_`.
 */
export async function miniBatchKMeans(X: Matrix, opts: MiniBatchKMeansOptions): Promise<MiniBatchKMeansResult> {
  const dots = opts.dots ?? jsDots;
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
    init = kmeansPlusPlus(sub, initSize, d, k, rs, compat);
  } else {
    init = kmeansPlusPlus(x, n, d, k, rs, compat);
  }

  let centers: Float32Array = init.centers;
  let centersNew: Float32Array = new Float32Array(k * d);
  const counts = new Float32Array(k);
  let ewa: number | null = null;
  let ewaMin: number | null = null;
  let noImprovement = 0;
  let sinceReassign = 0;
  const nSteps = Math.floor((maxIter * n) / batch);
  const mb = new Int32Array(batch);
  const labels = new Int32Array(batch);
  const wsum = new Float32Array(k);
  let uniformCdf: Float64Array | null = null;
  if (compat.minibatch === 'choice') uniformCdf = cumsumNormalized(new Float64Array(n).fill(f32(1 / f32(n))));

  const xnorms = rowNorms64(x, n, d);
  for (let i = 0; i < n; i++) xnorms[i] = Math.sqrt(xnorms[i]!);

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

    // labels with the old centers, batch inertia (float32, sequential)
    await assignLabels(x, d, mb, batch, centers, k, labels, dots, xnorms);
    const inertia = batchInertia(x, d, mb, labels, batch, centers);
    updateCenters(x, d, mb, labels, batch, centers, centersNew, counts, k, wsum);

    if (randomReassign && ratio > 0) reassign(x, d, mb, batch, k, counts, centersNew, ratio, rs);

    const tmp = centers;
    centers = centersNew;
    centersNew = tmp;
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
  if (opts.computeLabels ?? true) await assignLabels(x, d, null, n, centers, k, all, dots, xnorms);
  return { labels: all, centers, nSteps: step, initIndices: init.indices };
}

/** Batch inertia as sklearn `_inertia_dense` sums it: float32, sequential (single thread). */
function batchInertia(x: Float32Array, d: number, mb: Int32Array, labels: Int32Array, batch: number, centers: Float32Array): number {
  const dist = new Float32Array(batch);
  // rows in pairs: two independent float32 chains hide the rounding latency; the sum below keeps sklearn's order
  let r = 0;
  for (; r + 1 < batch; r += 2) sqDist32Pair(x, mb[r]! * d, centers, labels[r]! * d, mb[r + 1]! * d, labels[r + 1]! * d, d, dist, r);
  if (r < batch) dist[r] = sqDist32(x, mb[r]! * d, centers, labels[r]! * d, d);
  let inertia = 0;
  for (let i = 0; i < batch; i++) inertia = f32(inertia + dist[i]!);
  return inertia;
}

/** `sqDist32` for two (row, center) pairs at once, results in out[at], out[at + 1]. */
function sqDist32Pair(
  x: Float32Array,
  xo: number,
  c: Float32Array,
  co: number,
  yo: number,
  eo: number,
  d: number,
  out: Float32Array,
  at: number,
): void {
  let ra = 0;
  let rb = 0;
  const n4 = d >> 2;
  let t = 0;
  for (let q = 0; q < n4; q++, t += 4) {
    const a0 = f32(x[xo + t]! - c[co + t]!);
    const b0 = f32(x[yo + t]! - c[eo + t]!);
    const a1 = f32(x[xo + t + 1]! - c[co + t + 1]!);
    const b1 = f32(x[yo + t + 1]! - c[eo + t + 1]!);
    const a2 = f32(x[xo + t + 2]! - c[co + t + 2]!);
    const b2 = f32(x[yo + t + 2]! - c[eo + t + 2]!);
    const a3 = f32(x[xo + t + 3]! - c[co + t + 3]!);
    const b3 = f32(x[yo + t + 3]! - c[eo + t + 3]!);
    ra = f32(ra + f32(f32(f32(f32(a0 * a0) + f32(a1 * a1)) + f32(a2 * a2)) + f32(a3 * a3)));
    rb = f32(rb + f32(f32(f32(f32(b0 * b0) + f32(b1 * b1)) + f32(b2 * b2)) + f32(b3 * b3)));
  }
  for (; t < d; t++) {
    const a = f32(x[xo + t]! - c[co + t]!);
    const b = f32(x[yo + t]! - c[eo + t]!);
    ra = f32(ra + f32(a * a));
    rb = f32(rb + f32(b * b));
  }
  out[at] = ra;
  out[at + 1] = rb;
}

/**
 * sklearn `_minibatch_update_dense` in float32: for clusters with new points,
 * new = (old·count + Σ x in batch order)·float32(1/(count + n_j)); others are copied.
 * (Kept out of the async fit loop so V8 optimises it as a plain function.)
 */
function updateCenters(
  x: Float32Array,
  d: number,
  mb: Int32Array,
  labels: Int32Array,
  batch: number,
  centers: Float32Array,
  centersNew: Float32Array,
  counts: Float32Array,
  k: number,
  wsum: Float32Array,
): void {
  wsum.fill(0);
  for (let r = 0; r < batch; r++) wsum[labels[r]!] = f32(wsum[labels[r]!]! + 1);
  for (let j = 0; j < k; j++) {
    const co = j * d;
    if (wsum[j]! > 0) {
      const cnt = counts[j]!;
      for (let t = 0; t < d; t++) centersNew[co + t] = centers[co + t]! * cnt;
    } else {
      for (let t = 0; t < d; t++) centersNew[co + t] = centers[co + t]!;
    }
  }
  // one pass over the batch adds each row to its cluster: per cluster, rows are added in batch order as in sklearn
  for (let r = 0; r < batch; r++) {
    const co = labels[r]! * d;
    const xo = mb[r]! * d;
    for (let t = 0; t < d; t++) centersNew[co + t] = centersNew[co + t]! + x[xo + t]!;
  }
  for (let j = 0; j < k; j++) {
    if (!(wsum[j]! > 0)) continue;
    const co = j * d;
    counts[j] = f32(counts[j]! + wsum[j]!);
    const alpha = f32(1 / counts[j]!);
    for (let t = 0; t < d; t++) centersNew[co + t] = centersNew[co + t]! * alpha;
  }
}

/** Random reassignment of centers whose count is below ratio·max(count) (sklearn `_mini_batch_step`). */
function reassign(
  x: Float32Array,
  d: number,
  mb: Int32Array,
  batch: number,
  k: number,
  counts: Float32Array,
  centersNew: Float32Array,
  ratio: number,
  rs: NumpyRandomState,
): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) if (counts[j]! > max) max = counts[j]!;
  // numpy 1.x: the float64 threshold is compared in float32
  const thr = f32(ratio * max);
  const to = new Array<boolean>(k);
  let nRe = 0;
  for (let j = 0; j < k; j++) {
    to[j] = counts[j]! < thr;
    if (to[j]) nRe++;
  }
  if (nRe > 0.5 * batch) {
    // keep at most half the batch: argsort(counts)[int(0.5·batch):] are not reassigned (stable order assumed)
    const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => counts[a]! - counts[b]! || a - b);
    for (const j of order.slice(Math.floor(0.5 * batch))) to[j] = false;
    nRe = to.filter(Boolean).length;
  }
  if (nRe === 0) return;
  const picks = rs.choice(batch, nRe, { replace: false });
  let p = 0;
  for (let j = 0; j < k; j++) {
    if (!to[j]) continue;
    const xo = mb[picks[p++]!]! * d;
    centersNew.set(x.subarray(xo, xo + d), j * d);
  }
  let minKeep = Infinity;
  for (let j = 0; j < k; j++) if (!to[j] && counts[j]! < minKeep) minKeep = counts[j]!;
  for (let j = 0; j < k; j++) if (to[j]) counts[j] = minKeep;
}

/** Convenience: `MiniBatchKMeans(...).fit_predict(X)` labels. */
export async function miniBatchKMeansLabels(X: Matrix, opts: MiniBatchKMeansOptions): Promise<Int32Array> {
  return (await miniBatchKMeans(X, opts)).labels;
}

// exported for the kernel-level comparison in kmeans-equivalence.test.ts
export { rowNorms64, sqDistRowsToAll };
