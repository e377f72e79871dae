// Exact top-k search kernel for mteb-ts (compute/native/topk-gemm.ts, compute/search/).
// scoreBlock(queries, q, dim, docs, rows, offset, cosine, scores, indices, k, threads) -> first non-finite
// doc row (local index) or -1. queries: already normalized for cosine (q x dim, row-major); docs: raw
// rows; scores/indices: the running lists (q x k, descending, ties: lower doc index first, empty -1/-Inf),
// updated in place. Cosine: each doc row is divided by max(||d||, 1e-12) in float32 before the products.
// Scores come from a register-tiled FMA GEMM (12 queries x 32 docs); only scores reaching the query's
// current k-th score leave the tile. Queries are split between threads (each owns its queries' lists).
// No -ffast-math: the only deviation from plain float32 arithmetic is FMA contraction.
#include <node_api.h>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include <algorithm>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace {
constexpr int MR = 12;
constexpr int NR = 32;

struct Job {
  const float* q; int nq; int dim;
  const float* docs; int rows; int64_t offset; bool cosine;
  const float* norm;  // float32 max(||d||, 1e-12) per doc row (cosine) or null
  float* scores; int32_t* indices; int k;
};

inline void insert(float* s, int32_t* ix, int k, float v, int32_t id) {
  // Enters iff it beats the last slot: higher score, or equal score and lower index (empty = -1 always loses).
  int last = k - 1;
  if (!(v > s[last] || (v == s[last] && (ix[last] == -1 || id < ix[last])))) return;
  int p = last;
  while (p > 0) {
    float sp = s[p - 1];
    int32_t ip = ix[p - 1];
    if (v > sp || (v == sp && (ip == -1 || id < ip))) { s[p] = sp; ix[p] = ip; --p; } else break;
  }
  s[p] = v; ix[p] = id;
}

void run(const Job& j, int qFrom, int qTo) {
  const int dim = j.dim;
  const int nqp = (qTo - qFrom + MR - 1) / MR;
  // Query panels: [panel][d][MR], zero-padded rows.
  std::vector<float> qp((size_t)nqp * dim * MR, 0.0f);
  for (int p = 0; p < nqp; p++)
    for (int r = 0; r < MR; r++) {
      int qi = qFrom + p * MR + r;
      if (qi >= qTo) break;
      const float* src = j.q + (size_t)qi * dim;
      float* dst = qp.data() + (size_t)p * dim * MR + r;
      for (int d = 0; d < dim; d++) dst[(size_t)d * MR] = src[d];
    }
  // Doc panel: [d][NR], zero-padded columns.
  std::vector<float> dpv((size_t)dim * NR + 16);
  float* dp = dpv.data();
  std::vector<float> rowTmpV(dim);
  float* rowTmp = rowTmpV.data();
  float tile[MR * NR];
  for (int c0 = 0; c0 < j.rows; c0 += NR) {
    const int nc = std::min(NR, j.rows - c0);
    for (int c = 0; c < NR; c++) {
      if (c < nc) {
        const float* src = j.docs + (size_t)(c0 + c) * dim;
        if (j.cosine) {
          // float32 x / norm (correctly rounded, so the same bits as normalize.ts gives the queries).
          const float n = j.norm[c0 + c];
          for (int d = 0; d < dim; d++) rowTmp[d] = src[d] / n;
          for (int d = 0; d < dim; d++) dp[(size_t)d * NR + c] = rowTmp[d];
        } else {
          for (int d = 0; d < dim; d++) dp[(size_t)d * NR + c] = src[d];
        }
      } else {
        for (int d = 0; d < dim; d++) dp[(size_t)d * NR + c] = 0.0f;
      }
    }
    for (int p = 0; p < nqp; p++) {
      const float* a = qp.data() + (size_t)p * dim * MR;
      const int q0 = qFrom + p * MR;
      const int nr = std::min(MR, qTo - q0);
#if defined(__AVX512F__)
      __m512 c00 = _mm512_setzero_ps(), c01 = _mm512_setzero_ps(), c10 = _mm512_setzero_ps(), c11 = _mm512_setzero_ps();
      __m512 c20 = _mm512_setzero_ps(), c21 = _mm512_setzero_ps(), c30 = _mm512_setzero_ps(), c31 = _mm512_setzero_ps();
      __m512 c40 = _mm512_setzero_ps(), c41 = _mm512_setzero_ps(), c50 = _mm512_setzero_ps(), c51 = _mm512_setzero_ps();
      __m512 c60 = _mm512_setzero_ps(), c61 = _mm512_setzero_ps(), c70 = _mm512_setzero_ps(), c71 = _mm512_setzero_ps();
      __m512 c80 = _mm512_setzero_ps(), c81 = _mm512_setzero_ps(), c90 = _mm512_setzero_ps(), c91 = _mm512_setzero_ps();
      __m512 ca0 = _mm512_setzero_ps(), ca1 = _mm512_setzero_ps(), cb0 = _mm512_setzero_ps(), cb1 = _mm512_setzero_ps();
      const float* b = dp;
      for (int d = 0; d < dim; d++, a += MR, b += NR) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        __m512 x;
#define ROW(i, r0, r1) x = _mm512_set1_ps(a[i]); r0 = _mm512_fmadd_ps(x, b0, r0); r1 = _mm512_fmadd_ps(x, b1, r1);
        ROW(0, c00, c01) ROW(1, c10, c11) ROW(2, c20, c21) ROW(3, c30, c31) ROW(4, c40, c41) ROW(5, c50, c51)
        ROW(6, c60, c61) ROW(7, c70, c71) ROW(8, c80, c81) ROW(9, c90, c91) ROW(10, ca0, ca1) ROW(11, cb0, cb1)
#undef ROW
      }
      __m512 acc[MR * 2] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51,
                            c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1};
      const uint32_t valid = nc == 32 ? 0xffffffffu : ((1u << nc) - 1u);
      for (int r = 0; r < nr; r++) {
        const int qi = q0 + r;
        float* s = j.scores + (size_t)qi * j.k;
        int32_t* ix = j.indices + (size_t)qi * j.k;
        __m512 thr = _mm512_set1_ps(s[j.k - 1]);
        uint32_t m = (uint32_t)_mm512_cmp_ps_mask(acc[2 * r], thr, _CMP_GE_OQ) |
                     ((uint32_t)_mm512_cmp_ps_mask(acc[2 * r + 1], thr, _CMP_GE_OQ) << 16);
        m &= valid;
        if (!m) continue;
        _mm512_storeu_ps(tile, acc[2 * r]);
        _mm512_storeu_ps(tile + 16, acc[2 * r + 1]);
        while (m) {
          int c = __builtin_ctz(m);
          m &= m - 1;
          insert(s, ix, j.k, tile[c], (int32_t)(j.offset + c0 + c));
        }
      }
#else
      for (int i = 0; i < MR * NR; i++) tile[i] = 0.0f;
      const float* b = dp;
      for (int d = 0; d < dim; d++, a += MR, b += NR)
        for (int r = 0; r < MR; r++) {
          const float x = a[r];
          for (int c = 0; c < NR; c++) tile[r * NR + c] += x * b[c];
        }
      for (int r = 0; r < nr; r++) {
        const int qi = q0 + r;
        float* s = j.scores + (size_t)qi * j.k;
        int32_t* ix = j.indices + (size_t)qi * j.k;
        for (int c = 0; c < nc; c++) {
          float v = tile[r * NR + c];
          if (v >= s[j.k - 1]) insert(s, ix, j.k, v, (int32_t)(j.offset + c0 + c));
        }
      }
#endif
    }
  }
}

bool getF32(napi_env env, napi_value v, float** out, size_t* len) {
  napi_typedarray_type t; void* data; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, v, &t, len, &data, &ab, &off) != napi_ok || t != napi_float32_array) return false;
  *out = (float*)data; return true;
}

napi_value Fail(napi_env env, const char* msg) { napi_throw_type_error(env, nullptr, msg); return nullptr; }

napi_value ScoreBlock(napi_env env, napi_callback_info info) {
  size_t argc = 11; napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 11) return Fail(env, "scoreBlock: 11 arguments expected");
  float *q, *docs, *scores; int32_t* indices; size_t qLen, dLen, sLen, iLen;
  int32_t nq, dim, rows, k, threads; int64_t offset; bool cosine;
  if (!getF32(env, argv[0], &q, &qLen)) return Fail(env, "queries: Float32Array expected");
  napi_get_value_int32(env, argv[1], &nq); napi_get_value_int32(env, argv[2], &dim);
  if (!getF32(env, argv[3], &docs, &dLen)) return Fail(env, "docs: Float32Array expected");
  napi_get_value_int32(env, argv[4], &rows); napi_get_value_int64(env, argv[5], &offset);
  napi_get_value_bool(env, argv[6], &cosine);
  if (!getF32(env, argv[7], &scores, &sLen)) return Fail(env, "scores: Float32Array expected");
  {
    napi_typedarray_type t; void* data; napi_value ab; size_t off;
    if (napi_get_typedarray_info(env, argv[8], &t, &iLen, &data, &ab, &off) != napi_ok || t != napi_int32_array) return Fail(env, "indices: Int32Array expected");
    indices = (int32_t*)data;
  }
  napi_get_value_int32(env, argv[9], &k); napi_get_value_int32(env, argv[10], &threads);
  if (nq < 0 || dim <= 0 || rows < 0 || k <= 0 || qLen < (size_t)nq * dim || dLen < (size_t)rows * dim || sLen < (size_t)nq * k || iLen < (size_t)nq * k)
    return Fail(env, "scoreBlock: inconsistent sizes");
  napi_value ret;
  // Validation (and cosine norms) of every row before anything is merged, rows split between threads.
  std::vector<float> norm(cosine ? rows : 0);
  const int nt = std::max(1, threads);
  std::vector<int> firstBad(nt, -1);
  auto check = [&](int t, int from, int to) {
    for (int r = from; r < to; r++) {
      const float* x = docs + (size_t)r * dim;
      // Independent lanes (no reassociation needed to vectorise): x * 0 is NaN iff x is NaN or infinite.
      float z[16] = {0};
      double ss[8] = {0};
      int d = 0;
      for (; d + 16 <= dim; d += 16)
        for (int i = 0; i < 16; i++) z[i] += x[d + i] * 0.0f;
      for (; d < dim; d++) z[0] += x[d] * 0.0f;
      float zt = 0.0f;
      for (int i = 0; i < 16; i++) zt += z[i];
      if (zt != 0.0f) { firstBad[t] = r; return; }
      if (cosine) {
        d = 0;
        for (; d + 8 <= dim; d += 8)
          for (int i = 0; i < 8; i++) ss[i] += (double)x[d + i] * (double)x[d + i];
        for (; d < dim; d++) ss[0] += (double)x[d] * (double)x[d];
        const double sum = ((ss[0] + ss[1]) + (ss[2] + ss[3])) + ((ss[4] + ss[5]) + (ss[6] + ss[7]));
        // As normalize.ts (the queries): float32 norm of the float64 sum, max(norm, 1e-12).
        norm[r] = (float)std::max(std::sqrt(sum), 1e-12);
      }
    }
  };
  {
    std::vector<std::thread> ts;
    for (int t = 1; t < nt; t++) ts.emplace_back(check, t, (int)((int64_t)rows * t / nt), (int)((int64_t)rows * (t + 1) / nt));
    check(0, 0, (int)((int64_t)rows / nt));
    for (auto& t : ts) t.join();
  }
  for (int t = 0; t < nt; t++)
    if (firstBad[t] >= 0) { napi_create_int32(env, firstBad[t], &ret); return ret; }
  Job j{q, nq, dim, docs, rows, offset, cosine, cosine ? norm.data() : nullptr, scores, indices, k};
  const int nw = std::max(1, std::min<int>(nt, (nq + MR - 1) / MR));
  if (nw == 1) run(j, 0, nq);
  else {
    // Whole panels per thread.
    int panels = (nq + MR - 1) / MR;
    std::vector<std::thread> ts;
    for (int t = 1; t < nw; t++) {
      int a = std::min(nq, (int)((int64_t)panels * t / nw) * MR), b = std::min(nq, (int)((int64_t)panels * (t + 1) / nw) * MR);
      ts.emplace_back(run, std::cref(j), a, b);
    }
    run(j, 0, std::min(nq, (int)(panels / nw) * MR));
    for (auto& t : ts) t.join();
  }
  napi_create_int32(env, -1, &ret);
  return ret;
}
}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "scoreBlock", NAPI_AUTO_LENGTH, ScoreBlock, nullptr, &fn);
  napi_set_named_property(env, exports, "scoreBlock", fn);
#if defined(__AVX512F__)
  napi_value kind; napi_create_string_utf8(env, "avx512", NAPI_AUTO_LENGTH, &kind);
#else
  napi_value kind; napi_create_string_utf8(env, "generic", NAPI_AUTO_LENGTH, &kind);
#endif
  napi_set_named_property(env, exports, "kernel", kind);
  return exports;
}
