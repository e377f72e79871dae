// Native MiniBatchKMeans step kernels for mteb-ts (compute/native/kmeans-step.ts). Each one performs the same IEEE
// operations in the same order as its JS counterpart in metrics/kmeans/, reading the batch rows of x through their
// row ids (no gathered copy):
// - labels: metrics/kmeans/labels.ts assignLabels (float32 estimates from a register tile, the rigorous bound,
//   exact float32 re-decision of near-ties with the OpenBLAS order) plus the row norms (labels.ts norm2), cached
//   per row id; rows split between threads in segments;
// - inertiaUpdate: the batch inertia and center additions of metrics/kmeans/minibatch-step.ts inertiaAndAddRows;
// - step: labels then inertiaAndUpdate (center scaling included) for one minibatch, tile by tile;
// - candidates: the k-means++ candidate distances of metrics/kmeans/plusplus.ts and their minimum with the current
//   closest distances.
// Built with -ffp-contract=off: every float32 product and sum here is rounded on its own, as in JS (Math.fround)
// and WebAssembly; the estimate tile uses explicit FMAs (any order is fine there: the bound covers it).
#include <node_api.h>
#include "napi_args.h"
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include "gemm_tile.h"
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace {
using napi_args::Fail;
using napi_args::typed;
constexpr int MR = 8;  // rows per register tile

// blas-order.ts einsumRowNorm32 (float32 operations: the same roundings as the JS float64-then-fround emulation).
float einsumRowNorm32(const float* a, int d) {
  float l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  int t = 0;
  for (; d - t >= 16; t += 16) {
    for (int q = 3; q >= 0; q--) {
      const float* o = a + t + 4 * q;
      l0 = o[0] * o[0] + l0;
      l1 = o[1] * o[1] + l1;
      l2 = o[2] * o[2] + l2;
      l3 = o[3] * o[3] + l3;
    }
  }
  for (; t < d; t += 4) {
    const float* o = a + t;
    l0 = o[0] * o[0] + l0;
    if (t + 1 < d) l1 = o[1] * o[1] + l1;
    if (t + 2 < d) l2 = o[2] * o[2] + l2;
    if (t + 3 < d) l3 = o[3] * o[3] + l3;
  }
  return ((l0 + l1) + (l2 + l3)) + 0.0f;
}

// blas-order.ts gemmBlocks: OpenBLAS Haswell SGEMM K-blocking.
std::vector<int> gemmBlocks(int d) {
  std::vector<int> out{0};
  int ls = 0;
  while (ls < d) {
    int m = d - ls;
    if (m >= 640) m = 320;
    else if (m > 320) m = ((m / 2) + 7) / 8 * 8;
    ls += m;
    out.push_back(ls);
  }
  return out;
}

// blas-order.ts gemmDist32: per K block a float32 FMA chain (x·c exact in float64, one rounding to float32, as
// JS f32(x·c + acc)), then float32(−2·acc + out) rounded from float64 as JS does.
float gemmDist32(const float* x, const float* c, float cn32, const std::vector<int>& blocks) {
  float out = cn32;
  for (size_t b = 0; b + 1 < blocks.size(); b++) {
    float acc = 0;
    for (int t = blocks[b]; t < blocks[b + 1]; t++) acc = (float)((double)x[t] * (double)c[t] + (double)acc);
    out = (float)(-2.0 * (double)acc + (double)out);
  }
  return out;
}

struct LabelJob {
  const float* x;
  int d;
  const int32_t* rows;
  const float* c;  // k x d
  int k;
  const float* ct;  // centers transposed, ct[t * kp + j]
  int kp;
  double* xnorms;  // by row id, NaN = not yet computed
  int32_t* labels;
  const double* cn;  // einsum norms (float32 values)
  const double* bp;
  const double* bq;
  double br;
  const std::vector<int>* blocks;
};

struct XRows {
  const float* xr[MR];
  __attribute__((always_inline)) float block(int r, int t, int dd) const { return xr[r][t + dd]; }
  __attribute__((always_inline)) float tail(int r, int t) const { return xr[r][t]; }
};

// labels.ts norm2 of up to MR rows at once (independent chains): float64, four partial sums over t mod 4 (lane q of
// one vector; float products are exact in float64, so an FMA rounds like multiply-then-add), the d mod 4 tail into
// the first, then sqrt((s0 + s1) + (s2 + s3)).
void norms(const float* const* xr, int m, int d, double* out) {
  int t = 0;
  double s[MR][4] = {};
#if defined(__AVX2__) && defined(__FMA__)
  __m256d acc[MR];
  for (int r = 0; r < MR; r++) acc[r] = _mm256_setzero_pd();
  for (; t + 3 < d; t += 4)
    for (int r = 0; r < MR; r++)
      if (r < m) {
        const __m256d v = _mm256_cvtps_pd(_mm_loadu_ps(xr[r] + t));
        acc[r] = _mm256_fmadd_pd(v, v, acc[r]);
      }
  for (int r = 0; r < m; r++) _mm256_storeu_pd(s[r], acc[r]);
#endif
  for (int r = 0; r < m; r++) {
    int u = t;
    for (; u + 3 < d; u += 4)
      for (int q = 0; q < 4; q++) s[r][q] += (double)xr[r][u + q] * (double)xr[r][u + q];
    for (; u < d; u++) s[r][0] += (double)xr[r][u] * (double)xr[r][u];
    out[r] = std::sqrt(s[r][0] + s[r][1] + (s[r][2] + s[r][3]));
  }
}

#if defined(__AVX512F__)
// Estimates for MR rows against W = 16·NZ + 8·NY transposed centers: one FMA chain per output in ascending t (the
// 8-wide part keeps k = 17..24 from paying for a second 16-wide vector). acc: MR × W floats.
template <int NZ, int NY>
void estTile(const float* ct, size_t kp, int d, const float* const* xr, float* acc) {
  constexpr int W = 16 * NZ + 8 * NY;
  __m512 az[MR][NZ > 0 ? NZ : 1];
  __m256 ay[MR][NY > 0 ? NY : 1];
  for (int r = 0; r < MR; r++) {
    for (int v = 0; v < NZ; v++) az[r][v] = _mm512_setzero_ps();
    for (int v = 0; v < NY; v++) ay[r][v] = _mm256_setzero_ps();
  }
#pragma GCC unroll 4
  for (int t = 0; t < d; t++) {
    const float* row = ct + (size_t)t * kp;
    __m512 vz[NZ > 0 ? NZ : 1];
    __m256 vy[NY > 0 ? NY : 1];
    for (int v = 0; v < NZ; v++) vz[v] = _mm512_loadu_ps(row + 16 * v);
    for (int v = 0; v < NY; v++) vy[v] = _mm256_loadu_ps(row + 16 * NZ + 8 * v);
#pragma GCC unroll 8
    for (int r = 0; r < MR; r++) {
      const __m512 b = _mm512_set1_ps(xr[r][t]);
      for (int v = 0; v < NZ; v++) az[r][v] = _mm512_fmadd_ps(vz[v], b, az[r][v]);
      for (int v = 0; v < NY; v++) ay[r][v] = _mm256_fmadd_ps(vy[v], _mm512_castps512_ps256(b), ay[r][v]);
    }
  }
  for (int r = 0; r < MR; r++) {
    for (int v = 0; v < NZ; v++) _mm512_storeu_ps(acc + r * W + 16 * v, az[r][v]);
    for (int v = 0; v < NY; v++) _mm256_storeu_ps(acc + r * W + 16 * NZ + 8 * v, ay[r][v]);
  }
}
#endif

void labelRange(const LabelJob& J, int from, int to, int limit) {
  const int k = J.k, d = J.d;
  std::vector<float> est((size_t)MR * (k + 32));
  std::vector<double> vs(k + 8), bound(k + 8), hi(k + 8);  // + 8: whole vectors
  alignas(64) float acc[MR * 32];
  auto rowOf = [&](int i) { return J.x + (size_t)(J.rows ? J.rows[i] : i) * d; };
  for (int i0 = from; i0 < to; i0 += MR) {
    const int nr = std::min(MR, to - i0);
    // the next tile's rows (random rows of x in a minibatch step) start loading while this one computes
    for (int i = i0 + MR; i < std::min(i0 + 2 * MR, limit); i++)
      for (int t = 0; t < d; t += 16) __builtin_prefetch(rowOf(i) + t);
    XRows b;
    for (int r = 0; r < MR; r++) b.xr[r] = rowOf(i0 + std::min(r, nr - 1));
    int j0 = 0;
    auto keep = [&](int w) {
      const int nc = std::min(w, k - j0);
      for (int r = 0; r < nr; r++) std::memcpy(est.data() + (size_t)r * k + j0, acc + r * w, sizeof(float) * nc);
    };
#if defined(__AVX512F__)
    for (; k - j0 > 24; j0 += 32) {
      estTile<2, 0>(J.ct + j0, (size_t)J.kp, d, b.xr, acc);
      keep(32);
    }
    if (k - j0 > 16) estTile<1, 1>(J.ct + j0, (size_t)J.kp, d, b.xr, acc), keep(24);
    else if (k - j0 > 8) estTile<1, 0>(J.ct + j0, (size_t)J.kp, d, b.xr, acc), keep(16);
    else if (k - j0 > 0) estTile<0, 1>(J.ct + j0, (size_t)J.kp, d, b.xr, acc), keep(8);
#else
    for (; j0 + 16 < k; j0 += 32) {
      gemm_tile::tile<MR, 2>(J.ct + j0, (size_t)J.kp, d, b, acc);
      keep(32);
    }
    if (j0 < k) gemm_tile::tile<MR, 1>(J.ct + j0, (size_t)J.kp, d, b, acc), keep(16);
#endif
    {
      const float* nx[MR];
      int nid[MR];
      double nv[MR];
      int m = 0;
      for (int r = 0; r < nr; r++) {
        const int id = J.rows ? J.rows[i0 + r] : i0 + r;
        double known;
        __atomic_load(J.xnorms + id, &known, __ATOMIC_RELAXED);
        if (known != known) nx[m] = b.xr[r], nid[m++] = id;
      }
      if (m) {
        norms(nx, m, d, nv);
        // a row id repeated in another thread's rows gets the same bits: relaxed atomics keep the race defined
        for (int q = 0; q < m; q++) __atomic_store(J.xnorms + nid[q], nv + q, __ATOMIC_RELAXED);
      }
    }
    for (int r = 0; r < nr; r++) {
      const int i = i0 + r;
      const int id = J.rows ? J.rows[i] : i;
      const float* xo = b.xr[r];
      double xnorm;
      __atomic_load(J.xnorms + id, &xnorm, __ATOMIC_RELAXED);
      const float* e = est.data() + (size_t)r * k;
      // labels.ts: v = ‖c‖² − 2·est, its bound, and v + bound, eight centers per vector (the same double operations;
      // lanes past k are never read), then the first smallest v + bound
      int j = 0;
#if defined(__AVX512F__)
      {
        const __m512d xn = _mm512_set1_pd(xnorm), two = _mm512_set1_pd(2.0), brv = _mm512_set1_pd(J.br);
        for (; j < k; j += 8) {
          const __m512d v = _mm512_sub_pd(_mm512_loadu_pd(J.cn + j), _mm512_mul_pd(two, _mm512_cvtps_pd(_mm256_loadu_ps(e + j))));
          const __m512d eb = _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(xn, _mm512_loadu_pd(J.bp + j)), _mm512_loadu_pd(J.bq + j)),
                                           _mm512_mul_pd(brv, _mm512_abs_pd(v)));
          _mm512_storeu_pd(vs.data() + j, v);
          _mm512_storeu_pd(bound.data() + j, eb);
          _mm512_storeu_pd(hi.data() + j, _mm512_add_pd(v, eb));
        }
      }
#endif
      for (; j < k; j++) {
        const double v = J.cn[j] - 2 * (double)e[j];
        const double eb = xnorm * J.bp[j] + J.bq[j] + J.br * std::fabs(v);
        bound[j] = eb;
        vs[j] = v;
        hi[j] = v + eb;
      }
      int best = 0;
      double bestHi = INFINITY;
      for (j = 0; j < k; j++)
        if (hi[j] < bestHi) {
          bestHi = hi[j];
          best = j;
        }
      int contenders = 0;
      for (j = 0; j < k; j++) contenders += vs[j] - bound[j] <= bestHi;
      if (contenders > 1) {
        float bestD = INFINITY;
        for (j = 0; j < k; j++) {
          if (vs[j] - bound[j] > bestHi) continue;
          const float v = gemmDist32(xo, J.c + (size_t)j * d, (float)J.cn[j], *J.blocks);
          if (v < bestD) {
            bestD = v;
            best = j;
          }
        }
      }
      J.labels[i] = best;
    }
  }
}

// Per-call constants of labels.ts (einsum norms, bound factors, K blocks) and the transposed centers.
struct LabelSetup {
  std::vector<double> cn, bp, bq;
  std::vector<int> blocks;
  std::vector<float> ct;
  LabelJob job;
  LabelSetup(const float* x, int d, const int32_t* rows, const float* c, int k, double* xnorms, int32_t* labels)
      : cn(k + 8), bp(k + 8), bq(k + 8), blocks(gemmBlocks(d)) {  // + 8: labelRange reads whole vectors
    const double u = 5.960464477539063e-8;
    const double gamma = (d * u) / (1 - d * u);
    const int nb = (int)blocks.size() - 1;
    const double slack = 1 + 1e-9;
    const double br = 2 * nb * u * slack;
    for (int j = 0; j < k; j++) {
      const float* cj = c + (size_t)j * d;
      cn[j] = einsumRowNorm32(cj, d);
      double s = 0;
      for (int t = 0; t < d; t++) s += (double)cj[t] * (double)cj[t];
      const double cnorm = std::sqrt(s);
      bp[j] = 2 * cnorm * (4 * gamma + 2 * nb * u) * slack;
      bq[j] = 2 * nb * u * cn[j] * slack + 1e-30;
    }
    const int kp = (k + 15) / 16 * 16 + 16;  // one spare vector: the widest tile may read past the last group
    ct.assign((size_t)d * kp, 0.0f);
    for (int j = 0; j < k; j++)
      for (int t = 0; t < d; t++) ct[(size_t)t * kp + j] = c[(size_t)j * d + t];
    job = LabelJob{x, d, rows, c, k, ct.data(), kp, xnorms, labels, cn.data(), bp.data(), bq.data(), br, &blocks};
  }
  LabelSetup(const LabelSetup&) = delete;
};

// One labels call shared with its helper threads: rows in segments taken from a counter, so a helper the scheduler
// starts late finds every segment taken and the caller never waits for it; it then touches only this object (its
// shared_ptr keeps it alive). Each row's label depends on that row alone, so the split changes no result.
struct LabelShared {
  LabelJob job;
  int count, segRows, nseg;
  std::atomic<int> next{0}, done{0};
  std::mutex m;
  std::condition_variable cv;
};

void labelWork(std::shared_ptr<LabelShared> s) {
  for (int g; (g = s->next.fetch_add(1)) < s->nseg;) {
    const int to = std::min(s->count, (g + 1) * s->segRows);
    labelRange(s->job, g * s->segRows, to, to);
    if (s->done.fetch_add(1) + 1 == s->nseg) {
      std::lock_guard<std::mutex> lock(s->m);
      s->cv.notify_all();
    }
  }
}

bool optionalRows(napi_env env, napi_value v, void** data, size_t* len) {
  napi_valuetype rt;
  napi_typeof(env, v, &rt);
  if (rt == napi_null || rt == napi_undefined) {
    *data = nullptr;
    *len = 0;
    return true;
  }
  return typed(env, v, napi_int32_array, data, len);
}

// Row ids in range (rows given) or x long enough (rows null).
bool rowsOk(const int32_t* rows, size_t rl, int count, int d, size_t xl) {
  if (!rows) return xl >= (size_t)count * d;
  if (rl < (size_t)count) return false;
  for (int i = 0; i < count; i++)
    if (rows[i] < 0 || (size_t)(rows[i] + 1) * d > xl) return false;
  return true;
}

// labels(x, d, rows, count, centers, k, xnorms, labels, threads)
napi_value Labels(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 9) return Fail(env, "labels: 9 arguments expected");
  void *xp, *rp, *cp, *np, *lp;
  size_t xl, rl, cl, nl, ll;
  int32_t d, count, k, threads;
  if (!typed(env, argv[0], napi_float32_array, &xp, &xl)) return Fail(env, "labels: x must be a Float32Array");
  napi_get_value_int32(env, argv[1], &d);
  if (!optionalRows(env, argv[2], &rp, &rl)) return Fail(env, "labels: rows must be an Int32Array or null");
  napi_get_value_int32(env, argv[3], &count);
  if (!typed(env, argv[4], napi_float32_array, &cp, &cl)) return Fail(env, "labels: centers must be a Float32Array");
  napi_get_value_int32(env, argv[5], &k);
  if (!typed(env, argv[6], napi_float64_array, &np, &nl)) return Fail(env, "labels: xnorms must be a Float64Array");
  if (!typed(env, argv[7], napi_int32_array, &lp, &ll)) return Fail(env, "labels: labels must be an Int32Array");
  napi_get_value_int32(env, argv[8], &threads);
  if (d <= 0 || k <= 0 || count < 0 || cl < (size_t)k * d || ll < (size_t)count) return Fail(env, "labels: inconsistent sizes");
  const int32_t* rows = (const int32_t*)rp;
  if (!rowsOk(rows, rl, count, d, xl)) return Fail(env, "labels: row index out of range");
  if (nl < xl / d) return Fail(env, "labels: xnorms must hold one entry per row of x");
  const float* c = (const float*)cp;

  LabelSetup setup((const float*)xp, d, rows, c, k, (double*)np, (int32_t*)lp);
  const LabelJob& job = setup.job;
  const int segRows = std::max(64, (count / 32 + MR - 1) / MR * MR);
  const int nseg = (count + segRows - 1) / segRows;
  const int nt = std::max(1, std::min<int>(threads, nseg));
  if (nt == 1) labelRange(job, 0, count, count);
  else {
    auto shared = std::make_shared<LabelShared>();
    shared->job = job;
    shared->count = count;
    shared->segRows = segRows;
    shared->nseg = nseg;
    for (int t = 1; t < nt; t++) std::thread(labelWork, shared).detach();
    labelWork(shared);
    std::unique_lock<std::mutex> lock(shared->m);
    shared->cv.wait(lock, [&] { return shared->done.load() == nseg; });
  }
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

// minibatch-step.ts sqDist32 / inertiaAndAddRows, one row's group sums: gs[g] = (((a0² + a1²) + a2²) + a3²) over
// a = x − c for elements 4g..4g+3 (float32, each operation rounded), g < d / 4.
inline void groupSums(const float* x, const float* c, int d, float* gs) {
  const int n4 = d >> 2;
  int g = 0;
#if defined(__AVX512F__)
  // 16 groups per 64 elements: squares of 4 vectors, transposed within 128-bit lanes so that element e of every
  // group lands in vector E_e, then the same three additions in the same order, then back to group order
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  for (; g + 16 <= n4; g += 16) {
    const int t = 4 * g;
    __m512 q[4];
    for (int m = 0; m < 4; m++) {
      const __m512 a = _mm512_sub_ps(_mm512_loadu_ps(x + t + 16 * m), _mm512_loadu_ps(c + t + 16 * m));
      q[m] = _mm512_mul_ps(a, a);
    }
    const __m512 t0 = _mm512_unpacklo_ps(q[0], q[1]), t1 = _mm512_unpackhi_ps(q[0], q[1]);
    const __m512 t2 = _mm512_unpacklo_ps(q[2], q[3]), t3 = _mm512_unpackhi_ps(q[2], q[3]);
    const __m512 e0 = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
    const __m512 e1 = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
    const __m512 e2 = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
    const __m512 e3 = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
    // lane L, element m holds group 4m + L
    const __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(e0, e1), e2), e3);
    _mm512_storeu_ps(gs + g, _mm512_permutexvar_ps(order, sum));
  }
#endif
  for (; g < n4; g++) {
    const int t = 4 * g;
    const float a0 = x[t] - c[t], a1 = x[t + 1] - c[t + 1], a2 = x[t + 2] - c[t + 2], a3 = x[t + 3] - c[t + 3];
    gs[g] = ((a0 * a0 + a1 * a1) + a2 * a2) + a3 * a3;
  }
}

constexpr int IR = 8;  // rows whose sequential float32 sums are interleaved (independent chains)

// Rows [from, from + nr): their inertia terms added to `inertia` in row order, then cn[l] += x in row order.
inline float inertiaRows(const float* const* xr, const float* const* cr, float* const* cnr, int nr, int d, float* gs,
                         float inertia) {
  const int n4 = d >> 2;
  for (int r = 0; r < nr; r++) groupSums(xr[r], cr[r], d, gs + (size_t)r * n4);
  float ra[IR] = {0, 0, 0, 0, 0, 0, 0, 0};
  if (nr == IR) {
    // eight independent sequential sums (one per row) interleaved
    float r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0;
    const float *g0 = gs, *g1 = gs + n4, *g2 = gs + 2 * n4, *g3 = gs + 3 * n4, *g4 = gs + 4 * n4, *g5 = gs + 5 * n4,
                *g6 = gs + 6 * n4, *g7 = gs + 7 * n4;
    for (int g = 0; g < n4; g++) {
      r0 = r0 + g0[g];
      r1 = r1 + g1[g];
      r2 = r2 + g2[g];
      r3 = r3 + g3[g];
      r4 = r4 + g4[g];
      r5 = r5 + g5[g];
      r6 = r6 + g6[g];
      r7 = r7 + g7[g];
    }
    ra[0] = r0, ra[1] = r1, ra[2] = r2, ra[3] = r3, ra[4] = r4, ra[5] = r5, ra[6] = r6, ra[7] = r7;
  } else
    for (int r = 0; r < nr; r++)
      for (int g = 0; g < n4; g++) ra[r] = ra[r] + gs[(size_t)r * n4 + g];
  for (int r = 0; r < nr; r++) {
    for (int t = 4 * n4; t < d; t++) {
      const float a = xr[r][t] - cr[r][t];
      ra[r] = ra[r] + a * a;
    }
    inertia = inertia + ra[r];
  }
  for (int r = 0; r < nr; r++) {
    const float* x = xr[r];
    float* cn = cnr[r];
    int t = 0;
#if defined(__AVX512F__)
    for (; t + 16 <= d; t += 16) _mm512_storeu_ps(cn + t, _mm512_add_ps(_mm512_loadu_ps(cn + t), _mm512_loadu_ps(x + t)));
#endif
    for (; t < d; t++) cn[t] = cn[t] + x[t];
  }
  return inertia;
}

// --- k-means++ candidate distances (metrics/kmeans/plusplus.ts sqDistRowsToAll) ---------------------------------
// float64: ((−2·s + ‖c‖²) + ‖x‖²) rounded to float32, clipped at 0, where s = x·c summed either as one chain per
// center (groups of four candidates: the JS/wasm dist4 order) or as four partial sums over t mod 4 combined as
// (s0 + s1) + (s2 + s3) (single candidates: sqDistRowToAll). Float products are exact in float64, so FMAs round like
// multiply-then-add.

inline float finishDist(double s, double cc, double xi) {
  const float v = (float)(-2 * s + cc + xi);
  return v > 0 ? v : 0;
}

// Four centers c4 (interleaved c4[t·4 + q], float64) against rows [from, to): out[q][i].
void dist4Rows(const float* x, int d, const double* xx, const double* c4, const double* cc, int from, int to, float* const* out) {
  constexpr int RB = 8;
#if defined(__AVX2__) && defined(__FMA__)
  std::vector<double> xdv((size_t)RB * d);
  double* xd = xdv.data();
#endif
  for (int i0 = from; i0 < to; i0 += RB) {
    const int nr = std::min(RB, to - i0);
    double s[RB][4];
#if defined(__AVX2__) && defined(__FMA__)
    __m256d acc[RB];
    for (int r = 0; r < RB; r++) acc[r] = _mm256_setzero_pd();
    // the tile's rows in float64 first (exact), so each product's broadcast is a plain load
    for (int r = 0; r < RB; r++) {
      const float* xo = x + (size_t)(i0 + std::min(r, nr - 1)) * d;
      double* o = xd + (size_t)r * d;
      int t = 0;
      for (; t + 4 <= d; t += 4) _mm256_storeu_pd(o + t, _mm256_cvtps_pd(_mm_loadu_ps(xo + t)));
      for (; t < d; t++) o[t] = xo[t];
    }
    for (int t = 0; t < d; t++) {
      const __m256d c = _mm256_loadu_pd(c4 + 4 * t);
#pragma GCC unroll 8
      for (int r = 0; r < RB; r++) acc[r] = _mm256_fmadd_pd(_mm256_broadcast_sd(xd + (size_t)r * d + t), c, acc[r]);
    }
    for (int r = 0; r < RB; r++) _mm256_storeu_pd(s[r], acc[r]);
#else
    for (int r = 0; r < nr; r++) {
      const float* xo = x + (size_t)(i0 + r) * d;
      for (int q = 0; q < 4; q++) s[r][q] = 0;
      for (int t = 0; t < d; t++)
        for (int q = 0; q < 4; q++) s[r][q] += (double)xo[t] * c4[4 * t + q];
    }
#endif
    for (int r = 0; r < nr; r++)
      for (int q = 0; q < 4; q++) out[q][i0 + r] = finishDist(s[r][q], cc[q], xx[i0 + r]);
  }
}

// One center c (float64) against rows [from, to), four partial sums per row.
void dist1Rows(const float* x, int d, const double* xx, const double* c, double cc, int from, int to, float* out) {
  constexpr int RB = 8;
  for (int i0 = from; i0 < to; i0 += RB) {
    const int nr = std::min(RB, to - i0);
    double s[RB][4] = {};
    int t = 0;
#if defined(__AVX2__) && defined(__FMA__)
    __m256d acc[RB];
    for (int r = 0; r < RB; r++) acc[r] = _mm256_setzero_pd();
    const float* xr[RB];
    for (int r = 0; r < RB; r++) xr[r] = x + (size_t)(i0 + std::min(r, nr - 1)) * d;
    for (; t + 3 < d; t += 4) {
      const __m256d cv = _mm256_loadu_pd(c + t);
#pragma GCC unroll 8
      for (int r = 0; r < RB; r++) acc[r] = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(xr[r] + t)), cv, acc[r]);
    }
    for (int r = 0; r < RB; r++) _mm256_storeu_pd(s[r], acc[r]);
#endif
    for (int r = 0; r < nr; r++) {
      const float* xo = x + (size_t)(i0 + r) * d;
      int u = t;
      for (; u + 3 < d; u += 4)
        for (int q = 0; q < 4; q++) s[r][q] += (double)xo[u + q] * c[u + q];
      for (; u < d; u++) s[r][0] += (double)xo[u] * c[u];
      out[i0 + r] = finishDist(s[r][0] + s[r][1] + (s[r][2] + s[r][3]), cc, xx[i0 + r]);
    }
  }
}

// candidates(x, n, d, xx, ids, closest, out): out[q·n + i] = distance of row i to row ids[q] (as above: full groups
// of four ids in one pass, the rest one by one), then, when closest is given, out = closest where closest < out.
napi_value Candidates(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 7) return Fail(env, "candidates: 7 arguments expected");
  void *xp, *np, *ip, *cp = nullptr, *op;
  size_t xl, nl, il, cl = 0, ol;
  int32_t n, d;
  if (!typed(env, argv[0], napi_float32_array, &xp, &xl)) return Fail(env, "candidates: x must be a Float32Array");
  napi_get_value_int32(env, argv[1], &n);
  napi_get_value_int32(env, argv[2], &d);
  if (!typed(env, argv[3], napi_float64_array, &np, &nl)) return Fail(env, "candidates: xx must be a Float64Array");
  if (!typed(env, argv[4], napi_int32_array, &ip, &il)) return Fail(env, "candidates: ids must be an Int32Array");
  napi_valuetype ct;
  napi_typeof(env, argv[5], &ct);
  if (ct != napi_null && ct != napi_undefined && !typed(env, argv[5], napi_float32_array, &cp, &cl))
    return Fail(env, "candidates: closest must be a Float32Array or null");
  if (!typed(env, argv[6], napi_float32_array, &op, &ol)) return Fail(env, "candidates: out must be a Float32Array");
  if (n < 0 || d <= 0 || xl < (size_t)n * d || nl < (size_t)n || (cp && cl < (size_t)n) || ol < il * (size_t)n)
    return Fail(env, "candidates: inconsistent sizes");
  const int32_t* ids = (const int32_t*)ip;
  for (size_t q = 0; q < il; q++)
    if (ids[q] < 0 || ids[q] >= n) return Fail(env, "candidates: id out of range");
  const float* x = (const float*)xp;
  const double* xx = (const double*)np;
  float* out = (float*)op;
  const int m = (int)il;
  int g = 0;
  std::vector<double> c4((size_t)4 * d);
  for (; g + 4 <= m; g += 4) {
    double cc[4];
    float* outs[4];
    for (int q = 0; q < 4; q++) {
      const float* cr = x + (size_t)ids[g + q] * d;
      for (int t = 0; t < d; t++) c4[(size_t)4 * t + q] = cr[t];
      cc[q] = xx[ids[g + q]];
      outs[q] = out + (size_t)(g + q) * n;
    }
    dist4Rows(x, d, xx, c4.data(), cc, 0, n, outs);
  }
  for (; g < m; g++) {
    const float* cr = x + (size_t)ids[g] * d;
    for (int t = 0; t < d; t++) c4[t] = cr[t];
    dist1Rows(x, d, xx, c4.data(), xx[ids[g]], 0, n, out + (size_t)g * n);
  }
  if (cp) {
    const float* closest = (const float*)cp;
    for (int q = 0; q < m; q++) {
      float* o = out + (size_t)q * n;
      for (int i = 0; i < n; i++)
        if (closest[i] < o[i]) o[i] = closest[i];
    }
  }
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

// inertiaUpdate(x, d, rows, labels, count, centers, centersNew) -> inertia (float32 value)
napi_value InertiaUpdate(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 7) return Fail(env, "inertiaUpdate: 7 arguments expected");
  void *xp, *rp, *lp, *cp, *np;
  size_t xl, rl, ll, cl, nl;
  int32_t d, count;
  if (!typed(env, argv[0], napi_float32_array, &xp, &xl)) return Fail(env, "inertiaUpdate: x must be a Float32Array");
  napi_get_value_int32(env, argv[1], &d);
  if (!optionalRows(env, argv[2], &rp, &rl)) return Fail(env, "inertiaUpdate: rows must be an Int32Array or null");
  if (!typed(env, argv[3], napi_int32_array, &lp, &ll)) return Fail(env, "inertiaUpdate: labels must be an Int32Array");
  napi_get_value_int32(env, argv[4], &count);
  if (!typed(env, argv[5], napi_float32_array, &cp, &cl)) return Fail(env, "inertiaUpdate: centers must be a Float32Array");
  if (!typed(env, argv[6], napi_float32_array, &np, &nl)) return Fail(env, "inertiaUpdate: centersNew must be a Float32Array");
  if (d <= 0 || count < 0 || ll < (size_t)count || nl != cl) return Fail(env, "inertiaUpdate: inconsistent sizes");
  const int32_t* rows = (const int32_t*)rp;
  if (!rowsOk(rows, rl, count, d, xl)) return Fail(env, "inertiaUpdate: row index out of range");
  const int32_t* labels = (const int32_t*)lp;
  for (int i = 0; i < count; i++)
    if (labels[i] < 0 || (size_t)(labels[i] + 1) * d > cl) return Fail(env, "inertiaUpdate: label out of range");
  const float* x = (const float*)xp;
  const float* c = (const float*)cp;
  float* cn = (float*)np;
  float inertia = 0;
  std::vector<float> gs((size_t)IR * (d >> 2) + 1);
  const float* xr[IR];
  const float* cr[IR];
  float* cnr[IR];
  for (int i0 = 0; i0 < count; i0 += IR) {
    const int nr = std::min(IR, count - i0);
    for (int r = 0; r < nr; r++) {
      const size_t l = (size_t)labels[i0 + r] * d;
      xr[r] = x + (size_t)(rows ? rows[i0 + r] : i0 + r) * d;
      cr[r] = c + l;
      cnr[r] = cn + l;
    }
    inertia = inertiaRows(xr, cr, cnr, nr, d, gs.data(), inertia);
  }
  napi_value out;
  napi_create_double(env, (double)inertia, &out);
  return out;
}

// step(x, d, rows, count, centers, k, xnorms, labels, centersNew, counts) -> batch inertia: one minibatch step after
// the draws, as minibatch.ts runs labels.ts assignLabels then minibatch-step.ts inertiaAndUpdate: each tile's labels,
// then its rows' inertia terms and center additions while the rows are in cache. A center's scaled start
// (old · count) is written when its first row arrives (the same value inertiaAndUpdate writes beforehand for every
// center with rows); centers without rows are copied; then counts += rows and new = sum · float32(1 / count).
napi_value Step(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 10) return Fail(env, "step: 10 arguments expected");
  void *xp, *rp, *cp, *np, *lp, *wp, *kp;
  size_t xl, rl, cl, nl, ll, wl, kl;
  int32_t d, count, k;
  if (!typed(env, argv[0], napi_float32_array, &xp, &xl)) return Fail(env, "step: x must be a Float32Array");
  napi_get_value_int32(env, argv[1], &d);
  if (!optionalRows(env, argv[2], &rp, &rl)) return Fail(env, "step: rows must be an Int32Array or null");
  napi_get_value_int32(env, argv[3], &count);
  if (!typed(env, argv[4], napi_float32_array, &cp, &cl)) return Fail(env, "step: centers must be a Float32Array");
  napi_get_value_int32(env, argv[5], &k);
  if (!typed(env, argv[6], napi_float64_array, &np, &nl)) return Fail(env, "step: xnorms must be a Float64Array");
  if (!typed(env, argv[7], napi_int32_array, &lp, &ll)) return Fail(env, "step: labels must be an Int32Array");
  if (!typed(env, argv[8], napi_float32_array, &wp, &wl)) return Fail(env, "step: centersNew must be a Float32Array");
  if (!typed(env, argv[9], napi_float32_array, &kp, &kl)) return Fail(env, "step: counts must be a Float32Array");
  if (d <= 0 || k <= 0 || count < 0 || cl < (size_t)k * d || wl < (size_t)k * d || kl < (size_t)k || ll < (size_t)count)
    return Fail(env, "step: inconsistent sizes");
  const int32_t* rows = (const int32_t*)rp;
  if (!rowsOk(rows, rl, count, d, xl)) return Fail(env, "step: row index out of range");
  if (nl < xl / d) return Fail(env, "step: xnorms must hold one entry per row of x");
  const float* x = (const float*)xp;
  const float* c = (const float*)cp;
  float* cnew = (float*)wp;
  float* counts = (float*)kp;
  int32_t* labels = (int32_t*)lp;
  LabelSetup setup(x, d, rows, c, k, (double*)np, labels);
  std::vector<float> wsum(k, 0.0f);
  std::vector<float> gs((size_t)IR * (d >> 2) + 1);
  float inertia = 0;
  const float* xr[IR];
  const float* cr[IR];
  float* cnr[IR];
  static_assert(IR == MR, "one label tile = one inertia block");
  for (int i0 = 0; i0 < count; i0 += MR) {
    const int nr = std::min(MR, count - i0);
    labelRange(setup.job, i0, i0 + nr, count);
    for (int r = 0; r < nr; r++) {
      const int l = labels[i0 + r];
      const size_t lo = (size_t)l * d;
      if (!(wsum[l] > 0)) {
        const float cnt = counts[l];
        for (int t = 0; t < d; t++) cnew[lo + t] = c[lo + t] * cnt;
      }
      wsum[l] = wsum[l] + 1.0f;
      xr[r] = x + (size_t)(rows ? rows[i0 + r] : i0 + r) * d;
      cr[r] = c + lo;
      cnr[r] = cnew + lo;
    }
    inertia = inertiaRows(xr, cr, cnr, nr, d, gs.data(), inertia);
  }
  for (int j = 0; j < k; j++) {
    const size_t lo = (size_t)j * d;
    if (!(wsum[j] > 0)) {
      std::memcpy(cnew + lo, c + lo, sizeof(float) * d);
      continue;
    }
    counts[j] = counts[j] + wsum[j];
    const float alpha = 1.0f / counts[j];
    for (int t = 0; t < d; t++) cnew[lo + t] = cnew[lo + t] * alpha;
  }
  napi_value out;
  napi_create_double(env, (double)inertia, &out);
  return out;
}
}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "labels", NAPI_AUTO_LENGTH, Labels, nullptr, &fn);
  napi_set_named_property(env, exports, "labels", fn);
  napi_create_function(env, "inertiaUpdate", NAPI_AUTO_LENGTH, InertiaUpdate, nullptr, &fn);
  napi_set_named_property(env, exports, "inertiaUpdate", fn);
  napi_create_function(env, "step", NAPI_AUTO_LENGTH, Step, nullptr, &fn);
  napi_set_named_property(env, exports, "step", fn);
  napi_create_function(env, "candidates", NAPI_AUTO_LENGTH, Candidates, nullptr, &fn);
  napi_set_named_property(env, exports, "candidates", fn);
#if defined(__AVX512F__)
  napi_value kind;
  napi_create_string_utf8(env, "avx512", NAPI_AUTO_LENGTH, &kind);
#else
  napi_value kind;
  napi_create_string_utf8(env, "generic", NAPI_AUTO_LENGTH, &kind);
#endif
  napi_set_named_property(env, exports, "kernel", kind);
  return exports;
}
