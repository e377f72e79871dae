/**
 * Optional native float32 products for the k-means label steps (native/dense_gemm.cc, built by
 * `npm run build:native`): out[i·k + j] = x[rows[i] or i] · centers[j], register-tiled (8 rows × 32 centers with
 * AVX-512), rows split between threads for large calls. Undefined when the addon is not built
 * (compute/kmeans/ort-dots.ts then uses onnxruntime).
 */
import { loadAddon } from './addon.js';

export interface DenseGemmKernel {
  kernel: string;
  dotsNT(
    x: Float32Array,
    d: number,
    rows: Int32Array | null,
    count: number,
    centers: Float32Array,
    k: number,
    out: Float32Array,
    threads: number,
  ): void;
}

export function loadDenseGemm(): DenseGemmKernel | undefined {
  return loadAddon<DenseGemmKernel>('dense_gemm');
}
