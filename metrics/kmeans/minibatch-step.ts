/**
 * One MiniBatchKMeans step after labelling, in sklearn's float32 order: batch inertia, center update
 * (`_minibatch_update_dense`) and random reassignment of nearly empty centers (`_mini_batch_step`).
 */
import type { NumpyRandomState } from '../random.js';

const f32 = Math.fround;

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
 * One minibatch step after labelling, on the gathered rows `xb`:
 * - the batch inertia as sklearn `_inertia_dense` sums it (float32 `_euclidean_dense_dense` per row with its 4-way
 *   unrolled accumulation, then a sequential float32 sum over the rows, single thread), returned;
 * - sklearn `_minibatch_update_dense` in float32: for clusters with new points,
 *   new = (old·count + Σ x in batch order)·float32(1/(count + n_j)); others are copied.
 * Rows go in pairs: two independent float32 chains hide the rounding latency; per center element the additions
 * still happen in batch order (row r before row r + 1), so results equal the one-row-at-a-time loops.
 * (Kept out of the async fit loop so V8 optimises it as a plain function.)
 */
export function inertiaAndUpdate(
  xb: Float32Array,
  d: number,
  labels: Int32Array,
  batch: number,
  centers: Float32Array,
  centersNew: Float32Array,
  counts: Float32Array,
  k: number,
  wsum: Float32Array,
  /** The same inertia sum and center additions on the same buffers in WebAssembly SIMD, when available. */
  kernel: (() => number) | null,
): number {
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
  const c = centers;
  const cn = centersNew;
  const inertia = kernel ? kernel() : inertiaAndAddRows(xb, d, labels, batch, c, cn);
  for (let j = 0; j < k; j++) {
    if (!(wsum[j]! > 0)) continue;
    const co = j * d;
    counts[j] = f32(counts[j]! + wsum[j]!);
    const alpha = f32(1 / counts[j]!);
    for (let t = 0; t < d; t++) cn[co + t] = cn[co + t]! * alpha;
  }
  return inertia;
}

/** JS version of the wasm `inertia_update` kernel (see inertiaAndUpdate). */
function inertiaAndAddRows(xb: Float32Array, d: number, labels: Int32Array, batch: number, c: Float32Array, cn: Float32Array): number {
  const n4 = d >> 2;
  let inertia = 0;
  let r = 0;
  for (; r + 1 < batch; r += 2) {
    const xo = r * d;
    const yo = xo + d;
    const co = labels[r]! * d;
    const eo = labels[r + 1]! * d;
    let ra = 0;
    let rb = 0;
    let t = 0;
    for (let q = 0; q < n4; q++, t += 4) {
      const x0 = xb[xo + t]!,
        x1 = xb[xo + t + 1]!,
        x2 = xb[xo + t + 2]!,
        x3 = xb[xo + t + 3]!;
      const y0 = xb[yo + t]!,
        y1 = xb[yo + t + 1]!,
        y2 = xb[yo + t + 2]!,
        y3 = xb[yo + t + 3]!;
      const a0 = f32(x0 - c[co + t]!);
      const b0 = f32(y0 - c[eo + t]!);
      const a1 = f32(x1 - c[co + t + 1]!);
      const b1 = f32(y1 - c[eo + t + 1]!);
      const a2 = f32(x2 - c[co + t + 2]!);
      const b2 = f32(y2 - c[eo + t + 2]!);
      const a3 = f32(x3 - c[co + t + 3]!);
      const b3 = f32(y3 - c[eo + t + 3]!);
      ra = f32(ra + f32(f32(f32(f32(a0 * a0) + f32(a1 * a1)) + f32(a2 * a2)) + f32(a3 * a3)));
      rb = f32(rb + f32(f32(f32(f32(b0 * b0) + f32(b1 * b1)) + f32(b2 * b2)) + f32(b3 * b3)));
      // float32 stores round the float64 sums of two float32 values exactly as a float32 addition would
      cn[co + t] = cn[co + t]! + x0;
      cn[eo + t] = cn[eo + t]! + y0;
      cn[co + t + 1] = cn[co + t + 1]! + x1;
      cn[eo + t + 1] = cn[eo + t + 1]! + y1;
      cn[co + t + 2] = cn[co + t + 2]! + x2;
      cn[eo + t + 2] = cn[eo + t + 2]! + y2;
      cn[co + t + 3] = cn[co + t + 3]! + x3;
      cn[eo + t + 3] = cn[eo + t + 3]! + y3;
    }
    for (; t < d; t++) {
      const xv = xb[xo + t]!;
      const yv = xb[yo + t]!;
      const a = f32(xv - c[co + t]!);
      const b = f32(yv - c[eo + t]!);
      ra = f32(ra + f32(a * a));
      rb = f32(rb + f32(b * b));
      cn[co + t] = cn[co + t]! + xv;
      cn[eo + t] = cn[eo + t]! + yv;
    }
    inertia = f32(f32(inertia + ra) + rb);
  }
  if (r < batch) {
    const xo = r * d;
    const co = labels[r]! * d;
    inertia = f32(inertia + sqDist32(xb, xo, c, co, d));
    for (let t = 0; t < d; t++) cn[co + t] = cn[co + t]! + xb[xo + t]!;
  }
  return inertia;
}

/** Random reassignment of centers whose count is below ratio·max(count) (sklearn `_mini_batch_step`). */
export function reassign(
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
