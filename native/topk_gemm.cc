// Exact top-k search kernel for mteb-ts (compute/native/topk-gemm.ts, compute/search/).
// scoreBlock(queries, q, dim, docs, rows, offset, cosine, scores, indices, k, threads) -> first non-finite
// doc row (local index) or -1. queries: already normalized for cosine (q x dim, row-major); docs: raw
// rows; scores/indices: the running lists (q x k: the k best so far in no particular order, empty slots (-1/-Inf)
// last), updated in place, and left untouched when a row is not finite. sortLists(scores, indices, q, k, threads)
// orders them best first (descending score, ties: lower doc index first). Cosine: each doc row is divided by
// max(||d||, 1e-12) in float32 before the products.
// Scores come from gemm_tile.h (32 queries x 12 docs per register tile, one FMA chain per score in ascending
// dim); only scores reaching the query's current k-th score leave the tile, into an unsorted pool per query.
// Queries are split between threads (each owns its queries' pools and lists). No -ffast-math: the only
// deviation from plain float32 arithmetic is FMA contraction. The lists hold the k best under a total order, so
// the order in which candidates arrive or are selected changes no bit.
#ifndef TOPK_GEMM_NO_NAPI
#include <node_api.h>
#include "napi_args.h"
#endif
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>
#include "gemm_tile.h"
#include "select_top.h"

namespace {
constexpr int QP = 32;   // queries per panel: the tile's vector side (2 x 16 lanes)
constexpr int ND = 12;   // docs per tile: the broadcast side
constexpr int DB = 120;  // docs normalized per block (whole tiles)
constexpr int QB = 12;   // panels per cache block (12 x 32 queries x 384 dims = 576 KB, within L2)

struct Entry {
  float s;
  int32_t id;
};

// a ranks before b: higher score, or an equal score and a lower doc index (as unsigned, so an empty slot, -1,
// loses every tie). A total order on distinct entries: the k best are one set whatever the arrival order.
inline bool better(const Entry& a, const Entry& b) { return a.s > b.s || (a.s == b.s && (uint32_t)a.id < (uint32_t)b.id); }

struct Job {
  const float* q; int nq; int dim;
  const float* docs; int rows; int64_t offset; bool cosine;
  float* scores; int32_t* indices; int k;
  std::atomic<int>* bad;  // the first non-finite row seen by any thread, or -1
};

// The candidates of one thread's queries. Each query has an unsorted pool of up to cap = k + k / 2 entries
// (at least k + 16): its k best so far plus newer candidates. A full pool keeps its k best (select_top.h) and the
// k-th best score becomes the query's threshold, so a candidate costs an append and an amortised share of a
// linear-time selection, instead of a sorted insert into the list (a search makes about k ln(N / k) of them per
// query; for k = 1000, mteb's retrieval default, each insert moved up to 8 KB). See docs/performance.md.
struct Pools {
  int k, cap;
  std::unique_ptr<float[]> s;
  std::unique_ptr<int32_t[]> id;
  std::vector<int> n;
  float* thr;  // per query (absolute index), +Inf on padding lanes
  std::unique_ptr<float[]> scratchS;
  std::unique_ptr<int32_t[]> scratchId;
  select_top::Scratch scratch;

  Pools(int k_, int nq) : k(k_), cap(k_ + std::max(16, k_ / 2)), n(nq, 0), thr(nullptr) {
    s.reset(new float[(size_t)nq * cap]);
    id.reset(new int32_t[(size_t)nq * cap]);
    const size_t w = (size_t)cap + 16;
    scratchS.reset(new float[3 * w]);
    scratchId.reset(new int32_t[3 * w]);
    for (int r = 0; r < 3; r++) {
      scratch.s[r] = scratchS.get() + r * w;
      scratch.id[r] = scratchId.get() + r * w;
    }
  }
  float* sOf(int i) { return s.get() + (size_t)i * cap; }
  int32_t* idOf(int i) { return id.get() + (size_t)i * cap; }
  void push(int i, float v, int32_t doc) {
    sOf(i)[n[i]] = v;
    idOf(i)[n[i]++] = doc;
  }
  // Keeps the k best of query i's pool; returns the k-th best score (the new threshold).
  float select(int i) {
    const float kth = select_top::select(sOf(i), idOf(i), n[i], k, scratch);
    n[i] = k;
    return kth;
  }
};

// Docs of one tile for gemm_tile::tile: [dim / 16][ND][16] (whole 16-wide steps), then [dim % 16][ND].
struct DocTile {
  const float* b; int full;
  __attribute__((always_inline)) float block(int r, int t, int dd) const { return b[t * ND + r * 16 + dd]; }
  __attribute__((always_inline)) float tail(int r, int t) const { return b[full * ND + (t - full) * ND + r]; }
};

// Checks doc row r and computes its cosine norm as normalize.ts does for the queries: the float32 norm of a float64
// sum of squares in 8 lanes (lane i takes dims i, i + 8, ...; the tail goes to lane 0), max(norm, 1e-12). A float's
// square is exact in float64, so the FMA form gives the plain form's bits, and the sum is finite iff the row is.
// Dot products: x * 0 is NaN iff x is NaN or infinite. False if the row holds a non-finite value.
inline bool rowNorm(const float* x, int dim, bool cosine, float* norm) {
  int d = 0;
  if (cosine) {
    double ss[8] = {0};
#if defined(__AVX512F__)
    __m512d acc = _mm512_setzero_pd();
    for (; d + 8 <= dim; d += 8) {
      const __m512d v = _mm512_cvtps_pd(_mm256_loadu_ps(x + d));
      acc = _mm512_fmadd_pd(v, v, acc);
    }
    _mm512_storeu_pd(ss, acc);
#else
    for (; d + 8 <= dim; d += 8)
      for (int i = 0; i < 8; i++) ss[i] += (double)x[d + i] * (double)x[d + i];
#endif
    for (; d < dim; d++) ss[0] += (double)x[d] * (double)x[d];
    const double sum = ((ss[0] + ss[1]) + (ss[2] + ss[3])) + ((ss[4] + ss[5]) + (ss[6] + ss[7]));
    if (!std::isfinite(sum)) return false;
    *norm = (float)std::max(std::sqrt(sum), 1e-12);
    return true;
  }
  float z[16] = {0};
  for (; d + 16 <= dim; d += 16)
    for (int i = 0; i < 16; i++) z[i] += x[d + i] * 0.0f;
  for (; d < dim; d++) z[0] += x[d] * 0.0f;
  float zt = 0.0f;
  for (int i = 0; i < 16; i++) zt += z[i];
  return zt == 0.0f;
}

// Doc row r (raw, or divided by its norm: float32 x / norm, correctly rounded, the same bits as normalize.ts gives
// the queries) into column c of a tile; zeros for c past the last row. False if the row is not finite.
inline bool layDoc(const Job& j, int r, int c, float* dst) {
  const int dim = j.dim, full = dim / 16 * 16;
  if (r >= j.rows) {
    for (int t = 0; t < full; t += 16) std::memset(dst + t * ND + c * 16, 0, 64);
    for (int t = full; t < dim; t++) dst[full * ND + (t - full) * ND + c] = 0.0f;
    return true;
  }
  const float* src = j.docs + (size_t)r * dim;
  float n = 1.0f;
  if (!rowNorm(src, dim, j.cosine, &n)) return false;
  if (j.cosine) {
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
  return true;
}

// Appends one tile's candidates (tl: [ND][QP], scores of queries q0.. (nq of them) against docs docBase..) to
// the pools: every score at or above its query's threshold (a tie may still win on the doc index).
inline void mergeTile(Pools& pl, int qFrom, const float* tl, int q0, int nq, int64_t docBase, int nd) {
  float* thr = pl.thr;
#if defined(__AVX512F__)
  const unsigned qmask = nq >= 32 ? 0xffffffffu : ((1u << nq) - 1u);
  const __m512 t0 = _mm512_loadu_ps(thr + q0), t1 = _mm512_loadu_ps(thr + q0 + 16);
  for (int c = 0; c < nd; c++) {
    unsigned m = ((unsigned)_mm512_cmp_ps_mask(_mm512_load_ps(tl + c * QP), t0, _CMP_GE_OQ) |
                  ((unsigned)_mm512_cmp_ps_mask(_mm512_load_ps(tl + c * QP + 16), t1, _CMP_GE_OQ) << 16)) &
                 qmask;
    while (m) {
      const int r = __builtin_ctz(m);
      m &= m - 1;
      const int qi = q0 + r;
      const float v = tl[c * QP + r];
      if (!(v >= thr[qi])) continue;  // the threshold rose within this tile
      const int i = qi - qFrom;
      pl.push(i, v, (int32_t)(docBase + c));
      if (pl.n[i] == pl.cap) thr[qi] = pl.select(i);
    }
  }
#else
  for (int c = 0; c < nd; c++)
    for (int r = 0; r < nq; r++) {
      const int qi = q0 + r;
      const float v = tl[c * QP + r];
      if (!(v >= thr[qi])) continue;
      const int i = qi - qFrom;
      pl.push(i, v, (int32_t)(docBase + c));
      if (pl.n[i] == pl.cap) thr[qi] = pl.select(i);
    }
#endif
}

void run(const Job& j, int qFrom, int qTo) {
  const int dim = j.dim, nq = qTo - qFrom, k = j.k;
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
  // Each pool starts with its list's entries (empty slots, always last, left out) and, when the list is full, its
  // lowest score (the k-th best) as threshold; padding lanes get +Inf and never pass.
  Pools pl(k, nq);
  std::vector<float> thrv((size_t)npan * QP, INFINITY);
  pl.thr = thrv.data() - qFrom;  // indexed by absolute query
  for (int i = 0; i < nq; i++) {
    const float* s = j.scores + (size_t)(qFrom + i) * k;
    const int32_t* ix = j.indices + (size_t)(qFrom + i) * k;
    int n = 0;
    while (n < k && ix[n] != -1) n++;
    std::memcpy(pl.sOf(i), s, n * sizeof(float));
    std::memcpy(pl.idOf(i), ix, n * sizeof(int32_t));
    pl.n[i] = n;
    float kth = INFINITY;
    for (int t = 0; t < n; t++) kth = s[t] < kth ? s[t] : kth;
    pl.thr[qFrom + i] = n == k ? kth : -INFINITY;
  }
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
        if (first) {
          // Every thread checks every row, in order, before using it, so the first bad row any thread sees is the
          // first bad row of the block; the other threads stop at their next tile.
          if (j.bad->load(std::memory_order_relaxed) >= 0) return;
          for (int c = 0; c < ND; c++)
            if (!layDoc(j, d0 + ti * ND + c, c, db + ti * tileFloats)) {
              const int r = d0 + ti * ND + c;
              int cur = -1;
              while (!j.bad->compare_exchange_weak(cur, r) && (cur < 0 || cur > r)) {
              }
              return;
            }
        }
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
          mergeTile(pl, qFrom, tl, q0, std::min(QP, qTo - q0), docBase, nd);
        }
      }
    }
  }
  // A bad row anywhere leaves every list as it was. Otherwise each list gets its pool's k best, unsorted (sortLists
  // orders them once, when the search finishes, instead of once per chunk).
  if (j.bad->load() >= 0) return;
  for (int i = 0; i < nq; i++) {
    int n = pl.n[i];
    if (n > k) {
      pl.select(i);
      n = k;
    }
    float* s = j.scores + (size_t)(qFrom + i) * k;
    int32_t* ix = j.indices + (size_t)(qFrom + i) * k;
    std::memcpy(s, pl.sOf(i), n * sizeof(float));
    std::memcpy(ix, pl.idOf(i), n * sizeof(int32_t));
    for (int t = n; t < k; t++) {
      s[t] = -INFINITY;
      ix[t] = -1;
    }
  }
}

// Sorts each of nq lists of k entries best first (queries split between threads).
void sortListsCore(float* scores, int32_t* indices, int nq, int k, int threads) {
  auto work = [=](int from, int to) {
    std::vector<Entry> e(k);
    for (int i = from; i < to; i++) {
      float* s = scores + (size_t)i * k;
      int32_t* ix = indices + (size_t)i * k;
      for (int t = 0; t < k; t++) e[t] = Entry{s[t], ix[t]};
      std::sort(e.begin(), e.end(), better);
      for (int t = 0; t < k; t++) {
        s[t] = e[t].s;
        ix[t] = e[t].id;
      }
    }
  };
  const int nt = std::max(1, std::min(threads, nq / 64));  // small searches: one thread
  std::vector<std::thread> ts;
  for (int t = 1; t < nt; t++) ts.emplace_back(work, (int)((int64_t)nq * t / nt), (int)((int64_t)nq * (t + 1) / nt));
  work(0, (int)((int64_t)nq / nt));
  for (auto& t : ts) t.join();
}

// The whole call without N-API (the harness in scripts/native/ calls it directly): returns the first non-finite
// doc row (nothing merged then) or -1.
int scoreBlockCore(const float* q, int nq, int dim, const float* docs, int rows, int64_t offset, bool cosine, float* scores,
                   int32_t* indices, int k, int threads) {
  // No separate validation pass: each thread checks the rows as it lays them out, and writes its lists only at
  // the end, when no thread has seen a bad row.
  const int nt = std::max(1, threads);
  if (nq == 0) {
    float n;
    for (int r = 0; r < rows; r++)
      if (!rowNorm(docs + (size_t)r * dim, dim, cosine, &n)) return r;
    return -1;
  }
  std::atomic<int> bad{-1};
  Job j{q, nq, dim, docs, rows, offset, cosine, scores, indices, k, &bad};
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
  return bad.load();
}

#ifndef TOPK_GEMM_NO_NAPI
using napi_args::Fail;
using napi_args::typed;
using napi_args::f32;

napi_value ScoreBlock(napi_env env, napi_callback_info info) {
  size_t argc = 11; napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 11) return Fail(env, "scoreBlock: 11 arguments expected");
  float *q, *docs, *scores; int32_t* indices; size_t qLen, dLen, sLen, iLen;
  int32_t nq, dim, rows, k, threads; int64_t offset; bool cosine;
  if (!f32(env, argv[0], &q, &qLen)) return Fail(env, "queries: Float32Array expected");
  napi_get_value_int32(env, argv[1], &nq); napi_get_value_int32(env, argv[2], &dim);
  if (!f32(env, argv[3], &docs, &dLen)) return Fail(env, "docs: Float32Array expected");
  napi_get_value_int32(env, argv[4], &rows); napi_get_value_int64(env, argv[5], &offset);
  napi_get_value_bool(env, argv[6], &cosine);
  if (!f32(env, argv[7], &scores, &sLen)) return Fail(env, "scores: Float32Array expected");
  {
    void* data;
    if (!typed(env, argv[8], napi_int32_array, &data, &iLen)) return Fail(env, "indices: Int32Array expected");
    indices = static_cast<int32_t*>(data);
  }
  napi_get_value_int32(env, argv[9], &k); napi_get_value_int32(env, argv[10], &threads);
  if (nq < 0 || dim <= 0 || rows < 0 || k <= 0 || qLen < (size_t)nq * dim || dLen < (size_t)rows * dim || sLen < (size_t)nq * k || iLen < (size_t)nq * k)
    return Fail(env, "scoreBlock: inconsistent sizes");
  napi_value ret;
  napi_create_int32(env, scoreBlockCore(q, nq, dim, docs, rows, offset, cosine, scores, indices, k, threads), &ret);
  return ret;
}

napi_value SortLists(napi_env env, napi_callback_info info) {
  size_t argc = 5; napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 5) return Fail(env, "sortLists: 5 arguments expected");
  float* scores; int32_t* indices; size_t sLen, iLen; int32_t nq, k, threads;
  if (!f32(env, argv[0], &scores, &sLen)) return Fail(env, "scores: Float32Array expected");
  {
    void* data;
    if (!typed(env, argv[1], napi_int32_array, &data, &iLen)) return Fail(env, "indices: Int32Array expected");
    indices = static_cast<int32_t*>(data);
  }
  napi_get_value_int32(env, argv[2], &nq); napi_get_value_int32(env, argv[3], &k); napi_get_value_int32(env, argv[4], &threads);
  if (nq < 0 || k <= 0 || sLen < (size_t)nq * k || iLen < (size_t)nq * k) return Fail(env, "sortLists: inconsistent sizes");
  sortListsCore(scores, indices, nq, k, threads);
  return nullptr;
}
#endif  // TOPK_GEMM_NO_NAPI
}  // namespace

#ifndef TOPK_GEMM_NO_NAPI
NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "scoreBlock", NAPI_AUTO_LENGTH, ScoreBlock, nullptr, &fn);
  napi_set_named_property(env, exports, "scoreBlock", fn);
  napi_create_function(env, "sortLists", NAPI_AUTO_LENGTH, SortLists, nullptr, &fn);
  napi_set_named_property(env, exports, "sortLists", fn);
#if defined(__AVX512F__)
  napi_value kind; napi_create_string_utf8(env, "avx512", NAPI_AUTO_LENGTH, &kind);
#else
  napi_value kind; napi_create_string_utf8(env, "generic", NAPI_AUTO_LENGTH, &kind);
#endif
  napi_set_named_property(env, exports, "kernel", kind);
  return exports;
}
#endif  // TOPK_GEMM_NO_NAPI
