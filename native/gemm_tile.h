// The register-tiled float32 product shared by topk_gemm.cc (exact search) and dense_gemm.cc (k-means dots):
// out[r][c] = sum over t of b(r, t) * vec[t][c] for R broadcast rows and NV * 16 vector columns.
// Every output is one chain of FMAs in ascending t starting from 0 (vectorised across output columns, never
// across t): both kernels' results depend on that order and on nothing else (FMA is exact in the product,
// so which operand is broadcast changes no bit).
// B supplies the broadcast side: b.block(r, t0, dd) = row r at t0 + dd for whole 16-wide steps (t0 a multiple of
// 16, dd < 16: constant offsets once unrolled), b.tail(r, t) for the last dim % 16 steps.
#pragma once
#include <cstddef>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace gemm_tile {

#if defined(__AVX512F__)
// vec: row t at vec + t * vs (NV * 16 floats readable); out: R x (NV * 16) floats, 64-byte aligned.
template <int R, int NV, class B>
__attribute__((always_inline)) inline void tile(const float* vec, size_t vs, int dim, const B& b, float* out) {
  __m512 acc[R][NV];
#pragma GCC unroll 16
  for (int r = 0; r < R; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
  int t = 0;
  for (; t + 16 <= dim; t += 16) {
#pragma GCC unroll 16
    for (int dd = 0; dd < 16; dd++) {
      __m512 a[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) a[v] = _mm512_loadu_ps(vec + (size_t)(t + dd) * vs + 16 * v);
#pragma GCC unroll 16
      for (int r = 0; r < R; r++) {
        const __m512 x = _mm512_set1_ps(b.block(r, t, dd));
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(a[v], x, acc[r][v]);
      }
    }
  }
  for (; t < dim; t++) {
    __m512 a[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) a[v] = _mm512_loadu_ps(vec + (size_t)t * vs + 16 * v);
#pragma GCC unroll 16
    for (int r = 0; r < R; r++) {
      const __m512 x = _mm512_set1_ps(b.tail(r, t));
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(a[v], x, acc[r][v]);
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < R; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) _mm512_store_ps(out + (r * NV + v) * 16, acc[r][v]);
}
#else
// Portable build (no AVX-512): the same shape and per-output order, scalar.
template <int R, int NV, class B>
inline void tile(const float* vec, size_t vs, int dim, const B& b, float* out) {
  constexpr int C = NV * 16;
  for (int i = 0; i < R * C; i++) out[i] = 0.0f;
  int t = 0;
  for (; t + 16 <= dim; t += 16)
    for (int dd = 0; dd < 16; dd++)
      for (int r = 0; r < R; r++) {
        const float x = b.block(r, t, dd);
        const float* a = vec + (size_t)(t + dd) * vs;
        for (int c = 0; c < C; c++) out[r * C + c] += a[c] * x;
      }
  for (; t < dim; t++)
    for (int r = 0; r < R; r++) {
      const float x = b.tail(r, t);
      const float* a = vec + (size_t)t * vs;
      for (int c = 0; c < C; c++) out[r * C + c] += a[c] * x;
    }
}
#endif

}  // namespace gemm_tile
