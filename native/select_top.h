// Selection of the k best (score, id) pairs of an unsorted pool, for topk_gemm.cc's candidate pools.
// Order: a higher score first; equal scores by the lower id as unsigned (an empty slot, id -1, loses every tie).
// That is a total order on distinct entries, so the k best are one set: how they are found changes no bit.
// A 3-way quickselect on the scores (median-of-3 pivot), each pass a branch-free AVX-512 compress into the
// greater, equal and smaller groups; ties at the k-th score are settled by id. std::nth_element, whose comparisons
// are unpredictable branches, made the pools no faster than sorted inserts at k = 100 (docs/performance.md).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace select_top {

// Scratch for one pool of up to n entries: three groups of scores and ids, each with 16 spare slots.
struct Scratch {
  float* s[3];
  int32_t* id[3];
};

// Splits s/id[0, n) into the entries above pv, equal to pv, below pv (kept in that order, each group in its
// original relative order) and returns the group sizes in g[3]. No score is NaN.
inline void partition3(float* s, int32_t* id, int n, float pv, const Scratch& t, int g[3]) {
  int c[3] = {0, 0, 0};
#if defined(__AVX512F__)
  const __m512 p = _mm512_set1_ps(pv);
  for (int i = 0; i < n; i += 16) {
    const __mmask16 valid = n - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - i)) - 1u);
    const __m512 v = _mm512_maskz_loadu_ps(valid, s + i);
    const __m512i x = _mm512_maskz_loadu_epi32(valid, id + i);
    const __mmask16 gt = _mm512_mask_cmp_ps_mask(valid, v, p, _CMP_GT_OQ);
    const __mmask16 eq = _mm512_mask_cmp_ps_mask(valid, v, p, _CMP_EQ_OQ);
    const __mmask16 m[3] = {gt, eq, (__mmask16)(valid & ~(gt | eq))};
    for (int r = 0; r < 3; r++) {
      _mm512_storeu_ps(t.s[r] + c[r], _mm512_maskz_compress_ps(m[r], v));
      _mm512_storeu_si512(t.id[r] + c[r], _mm512_maskz_compress_epi32(m[r], x));
      c[r] += __builtin_popcount((unsigned)m[r]);
    }
  }
#else
  for (int i = 0; i < n; i++) {
    const int r = s[i] > pv ? 0 : s[i] == pv ? 1 : 2;
    t.s[r][c[r]] = s[i];
    t.id[r][c[r]++] = id[i];
  }
#endif
  int o = 0;
  for (int r = 0; r < 3; r++) {
    std::memcpy(s + o, t.s[r], c[r] * sizeof(float));
    std::memcpy(id + o, t.id[r], c[r] * sizeof(int32_t));
    o += c[r];
    g[r] = c[r];
  }
}

// Rearranges s/id[0, n) (1 <= k <= n) so that [0, k) holds the k best in any order; returns the k-th best score.
inline float select(float* s, int32_t* id, int n, int k, const Scratch& t) {
  int lo = 0, hi = n;  // everything before lo is kept; the k-th best is in [lo, hi)
  for (;;) {
    const int cnt = hi - lo, need = k - lo;
    const float a = s[lo], b = s[lo + cnt / 2], c = s[hi - 1];
    const float pv = std::max(std::min(a, b), std::min(std::max(a, b), c));  // median of three
    int g[3];
    partition3(s + lo, id + lo, cnt, pv, t, g);
    if (need <= g[0]) {
      hi = lo + g[0];
    } else if (need <= g[0] + g[1]) {
      // The k-th best scores pv: of the entries equal to it, keep the (need - g[0]) with the lowest ids.
      const int e0 = lo + g[0], want = need - g[0];
      if (want < g[1]) {
        uint32_t* u = reinterpret_cast<uint32_t*>(id + e0);
        std::nth_element(u, u + want - 1, u + g[1]);  // equal scores: only the ids move
      }
      return pv;
    } else {
      lo += g[0] + g[1];
    }
  }
}

}  // namespace select_top
