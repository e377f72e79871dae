// Exact top-k search kernel for mteb-ts (compute/native/topk-gemm.ts, compute/search/).
// scoreBlock(queries, q, dim, docs, rows, offset, cosine, scores, indices, k, threads) -> first non-finite
// doc row (local index) or -1. queries: already normalized for cosine (q x dim, row-major); docs: raw
// rows; scores/indices: the running lists (q x k, descending, ties: lower doc index first, empty -1/-Inf),
// updated in place. Cosine: each doc row is divided by max(||d||, 1e-12) in float32 before the products.
// Scores come from gemm_tile.h (32 queries x 12 docs per register tile, one FMA chain per score in ascending
// dim); only scores reaching the query's current k-th score leave the tile. Queries are split between threads
// (each owns its queries' lists). No -ffast-math: the only deviation from plain float32 arithmetic is FMA
// contraction. The lists hold the k best under a total order, so insertion order changes no bit.
#include <node_api.h>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include <algorithm>
#include "gemm_tile.h"

namespace {
constexpr int QP = 32;   // queries per panel: the tile's vector side (2 x 16 lanes)
constexpr int ND = 12;   // docs per tile: the broadcast side
constexpr int DB = 120;  // docs normalized per block (whole tiles)
constexpr int QB = 12;   // panels per cache block (12 x 32 queries x 384 dims = 576 KB, within L2)

struct Job {
  const float* q; int nq; int dim;
  const float* docs; int rows; int64_t offset; bool cosine;
  const float* norm;  // float32 max(||d||, 1e-12) per doc row (cosine) or null
  float* scores; int32_t* indices; int k;
};

// (v, id) enters iff it beats the last slot: higher score, or equal score and lower index (empty = -1 always loses).
inline bool beats(float v, int32_t id, float s, int32_t i) { return v > s || (v == s && (i == -1 || id < i)); }

#if defined(__AVX512F__)
// Its place p is the number of slots that beat it (they form a prefix: the list is sorted best first). Slot
// (s, i) beats (v, id) iff s > v, or s == v and i < id as unsigned (an empty slot, -1, is then the largest).
// A search inserts about k ln(N / k) times per query, so this is branch-free for k <= 128 (the whole list in
// registers: count, then shift right by one lane from p on) and vector loops beyond.
template <int NVEC>
__attribute__((always_inline)) inline void insertSmall(float* s, int32_t* ix, int k, float v, int32_t id) {
  const __m512 vv = _mm512_set1_ps(v);
  const __m512i vid = _mm512_set1_epi32(id);
  __m512 sv[NVEC];
  __m512i iv[NVEC];
  __mmask16 lm[NVEC];
  int p = 0;
#pragma GCC unroll 8
  for (int i = 0; i < NVEC; i++) {
    const int left = k - 16 * i;
    lm[i] = left >= 16 ? (__mmask16)0xffff : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1u);
    sv[i] = _mm512_maskz_loadu_ps(lm[i], s + 16 * i);
    iv[i] = _mm512_maskz_loadu_epi32(lm[i], ix + 16 * i);
    const __mmask16 gt = _mm512_mask_cmp_ps_mask(lm[i], sv[i], vv, _CMP_GT_OQ);
    const __mmask16 eq = _mm512_mask_cmplt_epu32_mask(_mm512_mask_cmp_ps_mask(lm[i], sv[i], vv, _CMP_EQ_OQ), iv[i], vid);
    p += __builtin_popcount((unsigned)(gt | eq));
  }
#pragma GCC unroll 8
  for (int i = NVEC - 1; i >= 0; i--) {
    // Lanes before p keep their slot, lane p takes the new entry, later lanes take the previous slot's entry.
    const int at = p - 16 * i;
    const __mmask16 keep = at >= 16 ? (__mmask16)0xffff : at <= 0 ? (__mmask16)0 : (__mmask16)((1u << at) - 1u);
    const __mmask16 put = at >= 0 && at < 16 ? (__mmask16)(1u << at) : (__mmask16)0;
    const __m512 prevS = i ? sv[i - 1] : vv;
    const __m512i prevI = i ? iv[i - 1] : vid;
    __m512 ns = _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(sv[i]), _mm512_castps_si512(prevS), 15));
    __m512i ni = _mm512_alignr_epi32(iv[i], prevI, 15);
    ns = _mm512_mask_mov_ps(_mm512_mask_mov_ps(ns, keep, sv[i]), put, vv);
    ni = _mm512_mask_mov_epi32(_mm512_mask_mov_epi32(ni, keep, iv[i]), put, vid);
    _mm512_mask_storeu_ps(s + 16 * i, lm[i], ns);
    _mm512_mask_storeu_epi32(ix + 16 * i, lm[i], ni);
  }
}

inline void insertLarge(float* s, int32_t* ix, int k, float v, int32_t id) {
  const __m512 vv = _mm512_set1_ps(v);
  const __m512i vid = _mm512_set1_epi32(id);
  int p = 0;
  for (int i = 0; i < k; i += 16) {
    const __mmask16 lm = k - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (k - i)) - 1u);
    const __m512 sv = _mm512_maskz_loadu_ps(lm, s + i);
    const __mmask16 gt = _mm512_mask_cmp_ps_mask(lm, sv, vv, _CMP_GT_OQ);
    __mmask16 eq = _mm512_mask_cmp_ps_mask(lm, sv, vv, _CMP_EQ_OQ);
    if (eq) eq = _mm512_mask_cmplt_epu32_mask(eq, _mm512_maskz_loadu_epi32(lm, ix + i), vid);
    const unsigned m = (unsigned)(gt | eq);
    p += __builtin_popcount(m);
    if (m != lm) break;
  }
  // Shift slots [p, k - 1) one place right, last 16 first.
  int n = k - 1 - p;
  int e = k - 1;  // one past the last source slot
  for (; n >= 16; n -= 16, e -= 16) {
    _mm512_storeu_ps(s + e - 15, _mm512_loadu_ps(s + e - 16));
    _mm512_storeu_si512(ix + e - 15, _mm512_loadu_si512(ix + e - 16));
  }
  if (n > 0) {
    const __mmask16 lm = (__mmask16)((1u << n) - 1u);
    const __m512 sv = _mm512_maskz_loadu_ps(lm, s + p);
    const __m512i iv = _mm512_maskz_loadu_epi32(lm, ix + p);
    _mm512_mask_storeu_ps(s + p + 1, lm, sv);
    _mm512_mask_storeu_epi32(ix + p + 1, lm, iv);
  }
  s[p] = v; ix[p] = id;
}

// kth = s[k - 1] (the caller's copy: the list itself is touched only when the entry goes in).
inline void insert(float* s, int32_t* ix, int k, float v, int32_t id, float kth) {
  if (!(v > kth) && !beats(v, id, kth, ix[k - 1])) return;
  if (k <= 32) insertSmall<2>(s, ix, k, v, id);
  else if (k <= 128) insertSmall<8>(s, ix, k, v, id);
  else insertLarge(s, ix, k, v, id);
}
#else
inline void insert(float* s, int32_t* ix, int k, float v, int32_t id, float) {
  int last = k - 1;
  if (!beats(v, id, s[last], ix[last])) return;
  int p = last;
  while (p > 0 && beats(v, id, s[p - 1], ix[p - 1])) { s[p] = s[p - 1]; ix[p] = ix[p - 1]; --p; }
  s[p] = v; ix[p] = id;
}
#endif

// Docs of one tile for gemm_tile::tile: [dim / 16][ND][16] (whole 16-wide steps), then [dim % 16][ND].
struct DocTile {
  const float* b; int full;
  __attribute__((always_inline)) float block(int r, int t, int dd) const { return b[t * ND + r * 16 + dd]; }
  __attribute__((always_inline)) float tail(int r, int t) const { return b[full * ND + (t - full) * ND + r]; }
};

// Doc row r (raw, or divided by its norm: float32 x / norm, correctly rounded, the same bits as normalize.ts gives
// the queries) into column c of a tile; zeros for c past the last row.
inline void layDoc(const Job& j, int r, int c, float* dst) {
  const int dim = j.dim, full = dim / 16 * 16;
  if (r >= j.rows) {
    for (int t = 0; t < full; t += 16) std::memset(dst + t * ND + c * 16, 0, 64);
    for (int t = full; t < dim; t++) dst[full * ND + (t - full) * ND + c] = 0.0f;
    return;
  }
  const float* src = j.docs + (size_t)r * dim;
  if (j.cosine) {
    const float n = j.norm[r];
#if defined(__AVX512F__)
    const __m512 nv = _mm512_set1_ps(n);
    for (int t = 0; t < full; t += 16) _mm512_storeu_ps(dst + t * ND + c * 16, _mm512_div_ps(_mm512_loadu_ps(src + t), nv));
#else
    for (int t = 0; t < full; t += 16)
      for (int dd = 0; dd < 16; dd++) dst[t * ND + c * 16 + dd] = src[t + dd] / n;
#endif
    for (int t = full; t < dim; t++) dst[full * ND + (t - full) * ND + c] = src[t] / n;
  } else {
    for (int t = 0; t < full; t += 16) std::memcpy(dst + t * ND + c * 16, src + t, 64);
    for (int t = full; t < dim; t++) dst[full * ND + (t - full) * ND + c] = src[t];
  }
}

// Merges one tile's scores (tl: [ND][QP]) into the lists of queries q0.. (nq of them).
inline void mergeTile(const Job& j, const float* tl, int q0, int nq, int64_t docBase, int nd, float* thr) {
#if defined(__AVX512F__)
  const unsigned qmask = nq >= 32 ? 0xffffffffu : ((1u << nq) - 1u);
  const __m512 t0 = _mm512_loadu_ps(thr + q0), t1 = _mm512_loadu_ps(thr + q0 + 16);
  unsigned ms[ND];
  unsigned any = 0;
  for (int c = 0; c < ND; c++) {
    ms[c] = c < nd ? ((unsigned)_mm512_cmp_ps_mask(_mm512_load_ps(tl + c * QP), t0, _CMP_GE_OQ) |
                      ((unsigned)_mm512_cmp_ps_mask(_mm512_load_ps(tl + c * QP + 16), t1, _CMP_GE_OQ) << 16)) & qmask
                   : 0u;
    any |= ms[c];
  }
  if (!any) return;
  // The lists are usually out of L1 by now: fetch every candidate query's list at once, then merge.
  const size_t listBytes = (size_t)j.k * 4;
  for (unsigned m = any; m; m &= m - 1) {
    const int qi = q0 + __builtin_ctz(m);
    const char* s = (const char*)(j.scores + (size_t)qi * j.k);
    const char* ix = (const char*)(j.indices + (size_t)qi * j.k);
    for (size_t o = 0; o < listBytes && o < 512; o += 64) {
      __builtin_prefetch(s + o, 1);
      __builtin_prefetch(ix + o, 1);
    }
  }
  for (int c = 0; c < nd; c++) {
    unsigned m = ms[c];
    if (!m) continue;
    const int32_t id = (int32_t)(docBase + c);
    while (m) {
      const int r = __builtin_ctz(m);
      m &= m - 1;
      const int qi = q0 + r;
      float* s = j.scores + (size_t)qi * j.k;
      insert(s, j.indices + (size_t)qi * j.k, j.k, tl[c * QP + r], id, thr[qi]);
      thr[qi] = s[j.k - 1];
    }
  }
#else
  for (int c = 0; c < nd; c++)
    for (int r = 0; r < nq; r++) {
      const int qi = q0 + r;
      const float v = tl[c * QP + r];
      if (!(v >= thr[qi])) continue;
      float* s = j.scores + (size_t)qi * j.k;
      insert(s, j.indices + (size_t)qi * j.k, j.k, v, (int32_t)(docBase + c), thr[qi]);
      thr[qi] = s[j.k - 1];
    }
#endif
}

void run(const Job& j, int qFrom, int qTo) {
  const int dim = j.dim, nq = qTo - qFrom;
  if (nq <= 0 || j.rows <= 0) return;
  const int npan = (nq + QP - 1) / QP;
  // Query panels [panel][d][QP], zero-padded (+ one spare vector: aligned loads never leave the buffer).
  std::vector<float> qpv((size_t)npan * dim * QP + 16, 0.0f);
  float* qp = qpv.data();
  for (int i = 0; i < nq; i++) {
    const float* src = j.q + (size_t)(qFrom + i) * dim;
    float* dst = qp + (size_t)(i / QP) * dim * QP + (i % QP);
    for (int d = 0; d < dim; d++) dst[(size_t)d * QP] = src[d];
  }
  // The k-th score per query, padded to whole panels with +Inf (padding lanes never pass).
  std::vector<float> thrv((size_t)npan * QP, INFINITY);
  float* thr = thrv.data() - qFrom;  // indexed by absolute query
  for (int qi = qFrom; qi < qTo; qi++) thr[qi] = j.scores[(size_t)qi * j.k + j.k - 1];
  const size_t tileFloats = (size_t)dim * ND;
  std::vector<float> dbv(tileFloats * (DB / ND) + 16);
  float* db = (float*)(((uintptr_t)dbv.data() + 63) & ~(uintptr_t)63);
  alignas(64) float tl[ND * QP];
  const int full = dim / 16 * 16;
  // Raw doc rows are read once per thread, in order: the next tile's rows are prefetched a slice per panel while
  // this tile is scored, so its normalization does not wait for memory.
  const size_t rowBytes = (size_t)dim * sizeof(float);
  const int linesPerRow = (int)((rowBytes + 63) / 64);
  for (int d0 = 0; d0 < j.rows; d0 += DB) {
    const int ndb = std::min(DB, j.rows - d0);
    const int ntiles = (ndb + ND - 1) / ND;
    for (int pb = 0; pb < npan; pb += QB) {
      const int pe = std::min(npan, pb + QB);
      for (int ti = 0; ti < ntiles; ti++) {
        const bool first = pb == 0;
        if (first)
          for (int c = 0; c < ND; c++) layDoc(j, d0 + ti * ND + c, c, db + ti * tileFloats);
        const DocTile b{db + ti * tileFloats, full};
        const int nd = std::min(ND, ndb - ti * ND);
        const int64_t docBase = j.offset + d0 + ti * ND;
        const int nextRow = d0 + ti * ND + ND;  // first row of the next tile
        const int nextRows = first ? std::max(0, std::min(ND, j.rows - nextRow)) : 0;
        const int lines = nextRows * linesPerRow;
        const char* next = (const char*)(j.docs + (size_t)nextRow * dim);
        for (int p = pb; p < pe; p++) {
          const int q0 = qFrom + p * QP;
          for (int l = lines * (p - pb) / (pe - pb); l < lines * (p - pb + 1) / (pe - pb); l++)
            __builtin_prefetch(next + (size_t)(l / linesPerRow) * rowBytes + (size_t)(l % linesPerRow) * 64);
          gemm_tile::tile<ND, 2>(qp + (size_t)p * dim * QP, QP, dim, b, tl);
          mergeTile(j, tl, q0, std::min(QP, qTo - q0), docBase, nd, thr);
        }
      }
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
  const int nw = std::max(1, std::min<int>(nt, (nq + QP - 1) / QP));
  if (nw == 1) run(j, 0, nq);
  else {
    // Whole panels per thread.
    int panels = (nq + QP - 1) / QP;
    std::vector<std::thread> ts;
    for (int t = 1; t < nw; t++) {
      int a = std::min(nq, (int)((int64_t)panels * t / nw) * QP), b = std::min(nq, (int)((int64_t)panels * (t + 1) / nw) * QP);
      ts.emplace_back(run, std::cref(j), a, b);
    }
    run(j, 0, std::min(nq, (int)(panels / nw) * QP));
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
