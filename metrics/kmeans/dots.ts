/** Dot-product backends of the label step (any accumulation order: labels.ts bounds their error). */
import { type StepKernels, stepKernels } from './wasm.js';

/**
 * Approximate dot products x_r·c_j (any order of accumulation, float32 accuracy or better) for rows `rows`
 * (or rows 0..count-1) against all k centers, written row-major (count × k) into `out`. Exactness does not depend
 * on it: labels are decided with a rigorous error bound and the exact float32 emulation (see `assignLabels`).
 * The default is `fastDots` (WebAssembly SIMD); the evaluators pass an onnxruntime GEMM (compute/kmeans/ort-dots.ts).
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

let dotsKernels: StepKernels | null | undefined;

/**
 * The default backend: float32 dot products in WebAssembly SIMD (`dots32`), several times faster than the JS loop
 * (which it falls back to without WebAssembly). Synchronous, so one shared instance serves every fit.
 */
export const fastDots: DotBackend = (x, d, rows, count, centers, k, out) => {
  if (dotsKernels === undefined) dotsKernels = stepKernels();
  const w = dotsKernels;
  const up16 = (b: number) => Math.ceil(b / 16) * 16;
  const xOff = up16(k * d * 4);
  const oOff = xOff + up16(count * d * 4);
  const need = oOff + count * k * 4;
  if (w && w.memory.buffer.byteLength < need) {
    try {
      w.memory.grow(Math.ceil((need - w.memory.buffer.byteLength) / 65536));
    } catch {
      return jsDots(x, d, rows, count, centers, k, out);
    }
  }
  if (!w) return jsDots(x, d, rows, count, centers, k, out);
  const buf = w.memory.buffer;
  new Float32Array(buf, 0, k * d).set(centers.subarray(0, k * d));
  const xv = new Float32Array(buf, xOff, count * d);
  if (rows) for (let r = 0; r < count; r++) xv.set(x.subarray(rows[r]! * d, rows[r]! * d + d), r * d);
  else xv.set(x.subarray(0, count * d));
  w.dots32(xOff, count, d, 0, k, oOff);
  out.set(new Float32Array(buf, oOff, count * k));
};
