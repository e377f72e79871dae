/** Nearest-center labels equal to sklearn's, at GEMM speed: estimate with any dot backend, re-decide near-ties exactly. */
import { einsumRowNorm32, gemmBlocks, gemmDist32 } from './blas-order.js';
import type { DotBackend } from './dots.js';

/** Euclidean norm of one row in float64 (four partial sums; only used in error bounds). */
export function norm2(x: Float32Array, o: number, d: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let t = 0;
  for (; t + 3 < d; t += 4) {
    const v0 = x[o + t]!,
      v1 = x[o + t + 1]!,
      v2 = x[o + t + 2]!,
      v3 = x[o + t + 3]!;
    s0 += v0 * v0;
    s1 += v1 * v1;
    s2 += v2 * v2;
    s3 += v3 * v3;
  }
  for (; t < d; t++) s0 += x[o + t]! * x[o + t]!;
  return Math.sqrt(s0 + s1 + (s2 + s3));
}

/** Rows per dot-product call when labelling many rows (bounds the scratch memory). */
const LABEL_CHUNK = 4096;

export interface LabelOptions {
  /** Estimates of the dot products (exactness does not depend on their accumulation order). */
  dots: DotBackend;
  /** ‖x_i‖ for every row of x, when the caller has them; computed here otherwise. */
  xnorms?: Float64Array;
  /** Reusable buffers (one per fit: calls of one fit never overlap). */
  scratch?: { est?: Float32Array };
}

/**
 * Nearest center for the first `count` rows of x — sklearn `lloyd_iter_chunked_dense` without center update:
 * argmin over j of float32(‖c_j‖² − 2·x·c_j), first minimum wins. Distances are first estimated from `dots`;
 * only centers whose float32 result could still tie or beat the best (rigorous rounding bound) are recomputed
 * with the exact float32 emulation, so labels equal sklearn's (with OpenBLAS Haswell sgemm) at GEMM speed.
 */
export async function assignLabels(
  x: Float32Array,
  d: number,
  count: number,
  centers: Float32Array,
  k: number,
  labels: Int32Array,
  opts: LabelOptions,
): Promise<void> {
  const { dots, xnorms, scratch } = opts;
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
  const slack = 1 + 1e-9;
  const br = 2 * nb * u * slack;
  const bp = new Float64Array(k);
  const bq = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    bp[j] = 2 * cnorm[j]! * (4 * gamma + 2 * nb * u) * slack;
    bq[j] = 2 * nb * u * cn[j]! * slack + 1e-30;
  }
  const chunk = Math.min(count, LABEL_CHUNK);
  // float32 products suffice (their rounding is within the γ·p estimate term) and the onnxruntime output needs no copy
  let est = scratch?.est;
  if (!est || est.length < chunk * k) {
    est = new Float32Array(chunk * k);
    if (scratch) scratch.est = est;
  }
  const vs = new Float64Array(k);
  for (let c0 = 0; c0 < count; c0 += chunk) {
    const m = Math.min(chunk, count - c0);
    await dots(x.subarray(c0 * d, (c0 + m) * d), d, null, m, centers, k, est);
    for (let r = 0; r < m; r++) {
      const row = c0 + r;
      const o = row * d;
      let xnorm: number;
      if (xnorms) xnorm = xnorms[row]!;
      else {
        xnorm = norm2(x, o, d);
      }
      const ro = r * k;
      let best = 0;
      let bestHi = Infinity;
      for (let j = 0; j < k; j++) {
        const v = cn[j]! - 2 * est[ro + j]!;
        // with p = 2‖x‖‖c_j‖: estimate error + emulation error (each ≤ γ·p) + one float32 rounding per K block,
        // doubled for safety, i.e. 2·(2γp + nb·u·(‖c_j‖² + p + |v|)), expanded with per-center factors
        // (and 1e-9 relative slack for the different evaluation order)
        const e = xnorm * bp[j]! + bq[j]! + br * Math.abs(v);
        bound[j] = e;
        vs[j] = v;
        if (v + e < bestHi) {
          bestHi = v + e;
          best = j;
        }
      }
      let contenders = 0;
      for (let j = 0; j < k; j++) if (vs[j]! - bound[j]! <= bestHi) contenders++;
      if (contenders > 1) {
        let bestD = Infinity;
        for (let j = 0; j < k; j++) {
          if (vs[j]! - bound[j]! > bestHi) continue;
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
