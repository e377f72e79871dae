// Native MiniBatchKMeans step kernels for mteb-ts (compute/kmeans/native-step.ts). Each one performs the same IEEE
// operations in the same order as its JS counterpart in metrics/kmeans/, reading the batch rows of x through their
// row ids (no gathered copy):
// - labels: metrics/kmeans/labels.ts assignLabels (float32 estimates from gemm_tile.h, the rigorous bound, exact
//   float32 re-decision of near-ties with the OpenBLAS order) plus the row norms (labels.ts norm2), cached per
//   row id; rows split between threads only when every row id occurs once;
// - inertiaUpdate: the batch inertia and center additions of metrics/kmeans/minibatch-step.ts inertiaAndAddRows.
// Built with -ffp-contract=off: every float32 product and sum here is rounded on its own, as in JS (Math.fround)
// and WebAssembly; the estimate tile uses explicit FMAs (any order is fine there: the bound covers it).
#include <node_api.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include "gemm_tile.h"

namespace {
constexpr int MR = 8;  // rows per register tile

// labels.ts norm2: float64, four partial sums over t mod 4, tail into the first, then (s0 + s1) + (s2 + s3).
double norm2(const float* x, int d) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int t = 0;
  for (; t + 3 < d; t += 4) {
    const double v0 = x[t], v1 = x[t + 1], v2 = x[t + 2], v3 = x[t + 3];
    s0 += v0 * v0;
    s1 += v1 * v1;
    s2 += v2 * v2;
    s3 += v3 * v3;
  }
  for (; t < d; t++) s0 += (double)x[t] * (double)x[t];
  return std::sqrt(s0 + s1 + (s2 + s3));
}

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

void labelRange(const LabelJob& J, int from, int to) {
  const int k = J.k, d = J.d;
  std::vector<float> est((size_t)MR * (k + 32));
  std::vector<double> vs(k), bound(k);
  alignas(64) float acc[MR * 32];
  for (int i0 = from; i0 < to; i0 += MR) {
    const int nr = std::min(MR, to - i0);
    XRows b;
    for (int r = 0; r < MR; r++) {
      const int i = i0 + std::min(r, nr - 1);
      b.xr[r] = J.x + (size_t)(J.rows ? J.rows[i] : i) * d;
    }
    int j0 = 0;
    for (; j0 + 16 < k; j0 += 32) {
      gemm_tile::tile<MR, 2>(J.ct + j0, (size_t)J.kp, d, b, acc);
      const int nc = std::min(32, k - j0);
      for (int r = 0; r < nr; r++) std::memcpy(est.data() + (size_t)r * k + j0, acc + r * 32, sizeof(float) * nc);
    }
    if (j0 < k) {
      gemm_tile::tile<MR, 1>(J.ct + j0, (size_t)J.kp, d, b, acc);
      const int nc = k - j0;
      for (int r = 0; r < nr; r++) std::memcpy(est.data() + (size_t)r * k + j0, acc + r * 16, sizeof(float) * nc);
    }
    for (int r = 0; r < nr; r++) {
      const int i = i0 + r;
      const int id = J.rows ? J.rows[i] : i;
      const float* xo = J.x + (size_t)id * d;
      double xnorm = J.xnorms[id];
      if (xnorm != xnorm) J.xnorms[id] = xnorm = norm2(xo, d);
      const float* e = est.data() + (size_t)r * k;
      int best = 0;
      double bestHi = INFINITY;
      for (int j = 0; j < k; j++) {
        const double v = J.cn[j] - 2 * (double)e[j];
        const double eb = xnorm * J.bp[j] + J.bq[j] + J.br * std::fabs(v);
        bound[j] = eb;
        vs[j] = v;
        if (v + eb < bestHi) {
          bestHi = v + eb;
          best = j;
        }
      }
      int contenders = 0;
      for (int j = 0; j < k; j++)
        if (vs[j] - bound[j] <= bestHi) contenders++;
      if (contenders > 1) {
        float bestD = INFINITY;
        for (int j = 0; j < k; j++) {
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

bool typed(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* len) {
  napi_typedarray_type t;
  napi_value ab;
  size_t off;
  return napi_get_typedarray_info(env, v, &t, len, data, &ab, &off) == napi_ok && t == want;
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

napi_value Fail(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
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

  // per-call constants of labels.ts
  std::vector<double> cn(k), bp(k), bq(k);
  const std::vector<int> blocks = gemmBlocks(d);
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
  const int kp = (k + 15) / 16 * 16 + 16;  // one spare vector: tile<2> may read past the last group
  std::vector<float> ct((size_t)d * kp, 0.0f);
  for (int j = 0; j < k; j++)
    for (int t = 0; t < d; t++) ct[(size_t)t * kp + j] = c[(size_t)j * d + t];
  LabelJob job{(const float*)xp, d, rows, c, k, ct.data(), kp, (double*)np, (int32_t*)lp, cn.data(), bp.data(), bq.data(), br, &blocks};
  // rows given may repeat (xnorms writes): one thread then
  const int nt = rows ? 1 : std::max(1, std::min<int>(threads, count / (MR * 16)));
  if (nt == 1) labelRange(job, 0, count);
  else {
    std::vector<std::thread> ts;
    auto cut = [&](int t) { return (int)((int64_t)count * t / nt) / MR * MR; };
    for (int t = 1; t < nt; t++) ts.emplace_back(labelRange, std::cref(job), cut(t), t + 1 == nt ? count : cut(t + 1));
    labelRange(job, 0, cut(1));
    for (auto& t : ts) t.join();
  }
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

// minibatch-step.ts sqDist32 and inertiaAndAddRows for one row: float32, groups of 4 as (((a0² + a1²) + a2²) + a3²)
// added to the row sum, then the tail; cn[l] += x elementwise.
inline float rowInertiaAdd(const float* x, const float* c, float* cn, int d) {
  float ra = 0;
  const int n4 = d >> 2;
  int t = 0;
  for (int q = 0; q < n4; q++, t += 4) {
    const float a0 = x[t] - c[t], a1 = x[t + 1] - c[t + 1], a2 = x[t + 2] - c[t + 2], a3 = x[t + 3] - c[t + 3];
    ra = ra + (((a0 * a0 + a1 * a1) + a2 * a2) + a3 * a3);
  }
  for (; t < d; t++) {
    const float a = x[t] - c[t];
    ra = ra + a * a;
  }
  for (t = 0; t < d; t++) cn[t] = cn[t] + x[t];
  return ra;
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
  for (int i = 0; i < count; i++) {
    const size_t l = (size_t)labels[i] * d;
    inertia = inertia + rowInertiaAdd(x + (size_t)(rows ? rows[i] : i) * d, c + l, cn + l, d);
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
