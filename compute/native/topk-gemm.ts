/**
 * Optional native backend of exact search: the N-API addon built from native/topk_gemm.cc by
 * `npm run build:native` (register-tiled FMA GEMM with the per-query top-k threshold test fused in, on
 * every core). When the addon is not built or does not load, exact-search.ts uses the onnxruntime path.
 * MTEB_TS_SEARCH_BACKEND=ort forces the onnxruntime path.
 */
import { readEnv } from '../../core/env.js';
import { loadAddon } from './addon.js';

export interface NativeKernel {
  /** 'avx512' or 'generic' (compiled without AVX-512). */
  kernel: string;
  /**
   * Scores rows x dim docs against q x dim queries (already normalized for cosine; docs are normalized
   * inside) and merges them into the running lists (q x k, updated in place; the k best in no particular
   * order, empty slots last, until `sortLists`). Returns the first row that holds a non-finite value
   * (nothing merged then), or -1.
   */
  scoreBlock(
    queries: Float32Array,
    q: number,
    dim: number,
    docs: Float32Array,
    rows: number,
    offset: number,
    cosine: boolean,
    scores: Float32Array,
    indices: Int32Array,
    k: number,
    threads: number,
  ): number;
  /**
   * Orders each list best first (descending score, ties: lower doc index first). Absent from builds before
   * 2026-12-07, whose scoreBlock kept the lists sorted (the bench can still time such a build).
   */
  sortLists?(scores: Float32Array, indices: Int32Array, q: number, k: number, threads: number): void;
}

/** The addon, or undefined when it is not built, fails to load, or is switched off. */
export function loadNativeKernel(): NativeKernel | undefined {
  if (readEnv().MTEB_TS_SEARCH_BACKEND === 'ort') return undefined;
  return loadAddon<NativeKernel>('topk_gemm');
}
