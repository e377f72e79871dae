/**
 * sklearn `_kmeans_plusplus` (greedy k-means++ with 2 + log(k) local trials), float64-upcast distances as
 * `_euclidean_distances_upcast` computes them; candidate distances run 4 centers at a time, in WebAssembly SIMD
 * when available (same float64 operations in the same order as the JS loops).
 */

import { pairwiseSum32 } from '../pairwise-sum.js';
import { cumsumNormalized, type NumpyRandomState, searchsortedLeft, searchsortedRight } from '../random.js';
import { type KMeansCompat, SKLEARN_1_9 } from './sklearn-compat.js';
import type { KMeansStepKernels } from './step-kernels.js';
import { type StepKernels, stepKernels } from './wasm.js';

const f32 = Math.fround;

export interface KernelOptions {
  /** Use the WebAssembly SIMD distance kernel when available (default true; false = the JS loops, same results). */
  useWasm?: boolean;
  /** Native candidate distances (same floats; compute/native/kmeans-step.ts), used in place of wasm/JS when given. */
  native?: Pick<KMeansStepKernels, 'candidates'>;
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

/** x, its row norms and scratch for the wasm `dist4` kernel, in one k-means++ run's wasm memory. */
interface Dist4Wasm {
  k: StepKernels;
  x: number;
  xx: number;
  c: number;
  cc: number;
  out: number;
  cView: Float64Array;
  ccView: Float64Array;
  outView: Float32Array;
}

function dist4Wasm(x: Float32Array, n: number, d: number, xx: Float64Array): Dist4Wasm | null {
  const k = stepKernels();
  if (!k) return null;
  const ox = k.alloc(n * d * 4),
    oxx = k.alloc(n * 8),
    oc = k.alloc(d * 32),
    occ = k.alloc(32),
    oout = k.alloc(4 * n * 4);
  let buf: ArrayBuffer;
  try {
    buf = k.commit();
  } catch {
    return null; // too large for a wasm memory: JS loops
  }
  new Float32Array(buf, ox, n * d).set(x.subarray(0, n * d));
  new Float64Array(buf, oxx, n).set(xx);
  return {
    k,
    x: ox,
    xx: oxx,
    c: oc,
    cc: occ,
    out: oout,
    cView: new Float64Array(buf, oc, d * 4),
    ccView: new Float64Array(buf, occ, 4),
    outView: new Float32Array(buf, oout, 4 * n),
  };
}

/** `sqDistRowToAll` for several center rows at once, sharing each x load across up to 4 of them. */
function sqDistRowsToAll(x: Float32Array, n: number, d: number, xx: Float64Array, ids: number[], outs: Float32Array[], w: Dist4Wasm | null): void {
  for (let g = 0; g < ids.length; g += 4) {
    const m = Math.min(4, ids.length - g);
    if (m < 4) {
      for (let q = 0; q < m; q++) sqDistRowToAll(x, n, d, xx, ids[g + q]!, outs[g + q]!);
      continue;
    }
    if (w) {
      // same float64 operations in the same order, in wasm SIMD (centers interleaved: c[t·4 + q])
      for (let q = 0; q < 4; q++) {
        const co = ids[g + q]! * d;
        for (let t = 0; t < d; t++) w.cView[t * 4 + q] = x[co + t]!;
        w.ccView[q] = xx[ids[g + q]!]!;
      }
      w.k.dist4(w.x, n, d, w.c, w.xx, w.cc, w.out);
      for (let q = 0; q < 4; q++) outs[g + q]!.set(w.outView.subarray(q * n, q * n + n));
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
    // two rows at a time: 8 independent float64 chains, each still summed in index order (same results)
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const o = i * d;
      const p = o + d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let u0 = 0,
        u1 = 0,
        u2 = 0,
        u3 = 0;
      for (let t = 0; t < d; t++) {
        const xv = x[o + t]!;
        const yv = x[p + t]!;
        const ca = c[t]!,
          cb = c[d + t]!,
          cc = c[2 * d + t]!,
          cd = c[3 * d + t]!;
        s0 += xv * ca;
        u0 += yv * ca;
        s1 += xv * cb;
        u1 += yv * cb;
        s2 += xv * cc;
        u2 += yv * cc;
        s3 += xv * cd;
        u3 += yv * cd;
      }
      const xi = xx[i]!;
      const yi = xx[i + 1]!;
      const v0 = f32(-2 * s0 + cc0 + xi),
        v1 = f32(-2 * s1 + cc1 + xi),
        v2 = f32(-2 * s2 + cc2 + xi),
        v3 = f32(-2 * s3 + cc3 + xi);
      const w0 = f32(-2 * u0 + cc0 + yi),
        w1 = f32(-2 * u1 + cc1 + yi),
        w2 = f32(-2 * u2 + cc2 + yi),
        w3 = f32(-2 * u3 + cc3 + yi);
      o0[i] = v0 > 0 ? v0 : 0;
      o1[i] = v1 > 0 ? v1 : 0;
      o2[i] = v2 > 0 ? v2 : 0;
      o3[i] = v3 > 0 ? v3 : 0;
      o0[i + 1] = w0 > 0 ? w0 : 0;
      o1[i + 1] = w1 > 0 ? w1 : 0;
      o2[i + 1] = w2 > 0 ? w2 : 0;
      o3[i + 1] = w3 > 0 ? w3 : 0;
    }
    for (; i < n; i++) {
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

/**
 * The k-means++ candidate distances (`_euclidean_distances_upcast` of rows `ids` against all rows) as
 * kmeansPlusPlus computes them; exported so tests can compare the wasm and JS kernels float for float.
 */
export function candidateDistances(x: Float32Array, n: number, d: number, ids: number[], opts: KernelOptions = {}): Float32Array[] {
  const xx = rowNorms64(x, n, d);
  if (opts.native) {
    const flat = new Float32Array(ids.length * n);
    opts.native.candidates(x, n, d, xx, Int32Array.from(ids), null, flat);
    return ids.map((_, q) => flat.subarray(q * n, q * n + n));
  }
  const outs = ids.map(() => new Float32Array(n));
  sqDistRowsToAll(x, n, d, xx, ids, outs, opts.useWasm !== false ? dist4Wasm(x, n, d, xx) : null);
  return outs;
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
  opts: KernelOptions = {},
): KMeansPlusPlusResult {
  const useWasm = opts.useWasm !== false;
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

  const native = opts.native;
  let closest = new Float32Array(n);
  if (native) native.candidates(x, n, d, xx, Int32Array.of(first), null, closest);
  else sqDistRowToAll(x, n, d, xx, first, closest);
  // Potentials: float32 pairwise sum (< 1.3) or a float32 BLAS dot with the weights (≥ 1.3, order unknown → float64 then round).
  const pot = (a: Float32Array): number => (legacy ? pairwiseSum32(a) : f32(sum64(a)));
  let currentPot = pot(closest);
  const cum = new Float64Array(n);
  // native: one buffer for all trials, each trial's minimum with closest taken there
  const candFlat = native ? new Float32Array(nTrials * n) : null;
  const cand = Array.from({ length: nTrials }, (_, t) => (candFlat ? candFlat.subarray(t * n, t * n + n) : new Float32Array(n)));
  let w: Dist4Wasm | null | undefined;

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
    if (native) native.candidates(x, n, d, xx, Int32Array.from(ids), closest, candFlat!);
    else {
      if (w === undefined) w = useWasm && nTrials >= 4 ? dist4Wasm(x, n, d, xx) : null;
      sqDistRowsToAll(x, n, d, xx, ids, cand, w);
    }
    for (let t = 0; t < nTrials; t++) {
      const dist = cand[t]!;
      if (!native) for (let i = 0; i < n; i++) if (closest[i]! < dist[i]!) dist[i] = closest[i]!;
      const p = pot(dist);
      // np.argmin: first minimum
      if (best < 0 || p < bestPot) {
        best = t;
        bestPot = p;
      }
    }
    const bestId = ids[best]!;
    currentPot = bestPot;
    if (native) closest.set(cand[best]!);
    else {
      const keep = cand[best]!;
      cand[best] = closest;
      closest = keep;
    }
    centers.set(x.subarray(bestId * d, bestId * d + d), c * d);
    indices.push(bestId);
  }
  return { centers, indices };
}
