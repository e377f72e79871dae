// Paired scores of the STS and pair-classification evaluators (metrics/similarity.ts pairedAll), row by row:
// sklearn's paired cosine / manhattan / euclidean in float32 exactly as numpy computes them (numpy's SSE einsum
// order, numpy's pairwise sum), mteb's model cosine and the dot product in float64. The same arithmetic as the
// JS code, operation for operation: compiled with -ffp-contract=off (no FMA: numpy's loops round the product
// and the sum apart) and no -ffast-math, float ops on x86-64 SSE round each result to float32 as Math.fround
// does (double rounding of +, -, *, /, sqrt from float64 to float32 is exact), so the bits are the JS code's.
// pairedAll(a, b, rows, cols, cosine, modelCosine, dot, manhattan, euclidean, threads): outputs Float64Array(rows).
#include <node_api.h>
#include "napi_args.h"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

namespace {
using napi_args::Fail;
using napi_args::f32;
using napi_args::f64;

// np.einsum('ij,ij->i') on one float32 row: four 4-lane vectors per 16-wide step folded into the lanes from the
// last vector to the first, a zero-padded tail, then (l0 + l1) + (l2 + l3) (numpy-float32.ts einsumDot32).
inline float einsumDot32(const float* a, const float* b, int n) {
  float l0 = 0.0f, l1 = 0.0f, l2 = 0.0f, l3 = 0.0f;
  int i = 0;
  for (; n - i >= 16; i += 16)
    for (int k = 12; k >= 0; k -= 4) {
      const float* p = a + i + k;
      const float* q = b + i + k;
      l0 = p[0] * q[0] + l0;
      l1 = p[1] * q[1] + l1;
      l2 = p[2] * q[2] + l2;
      l3 = p[3] * q[3] + l3;
    }
  for (; i < n; i += 4) {
    const int m = n - i;
    l0 = a[i] * b[i] + l0;
    if (m > 1) l1 = a[i + 1] * b[i + 1] + l1;
    if (m > 2) l2 = a[i + 2] * b[i + 2] + l2;
    if (m > 3) l3 = a[i + 3] * b[i + 3] + l3;
  }
  return (l0 + l1) + (l2 + l3);
}

// numpy's float32 pairwise sum (pairwise-sum.ts pw32): < 8 values in a row, <= 128 with 8 accumulators, larger
// runs split at a multiple of 8.
float pw32(const float* a, int n) {
  if (n < 8) {
    float res = 0.0f;
    for (int i = 0; i < n; i++) res = res + a[i];
    return res;
  }
  if (n <= 128) {
    float r[8];
    for (int j = 0; j < 8; j++) r[j] = a[j];
    int i = 8;
    const int end = n - n % 8;
    for (; i < end; i += 8)
      for (int j = 0; j < 8; j++) r[j] = r[j] + a[i + j];
    float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res = res + a[i];
    return res;
  }
  int n2 = n / 2;
  n2 -= n2 % 8;
  return pw32(a, n2) + pw32(a + n2, n - n2);
}

// float32 machine epsilon times ten: sklearn's _handle_zeros_in_scale treats smaller norms as zero.
const float NEAR_ZERO_NORM_32 = (float)(10.0 * 1.1920928955078125e-07);

inline void normalizeRow32(const float* src, int n, float* dst) {
  float norm = std::sqrt(einsumDot32(src, src, n));
  if (norm < NEAR_ZERO_NORM_32) norm = 1.0f;
  for (int k = 0; k < n; k++) dst[k] = src[k] / norm;
}

struct Out {
  double *cosine, *modelCosine, *dot, *manhattan, *euclidean;
};

void rows(const float* da, const float* db, int c, int from, int to, const Out& o) {
  std::vector<float> scratch(3 * (size_t)c + 1);
  float* s = scratch.data();
  for (int i = from; i < to; i++) {
    const float* x = da + (size_t)i * c;
    const float* y = db + (size_t)i * c;
    double dot = 0, aa = 0, bb = 0;
    for (int k = 0; k < c; k++) {
      const double u = x[k], v = y[k];
      dot += u * v;
      aa += u * u;
      bb += v * v;
    }
    o.modelCosine[i] = dot / (std::max(std::sqrt(aa), 1e-12) * std::max(std::sqrt(bb), 1e-12));
    o.dot[i] = dot;
    // 1 - sklearn paired_cosine_distances: 1 - 0.5 * row_norms(normalize(x) - normalize(y))^2.
    normalizeRow32(x, c, s);
    normalizeRow32(y, c, s + c);
    for (int k = 0; k < c; k++) s[2 * c + k] = s[k] - s[c + k];
    o.cosine[i] = 1.0f - 0.5f * einsumDot32(s + 2 * c, s + 2 * c, c);
    // sklearn paired_manhattan_distances: np.abs(x - y).sum(axis=-1); 0 + sum turns a -0 into +0, as numpy's does.
    for (int k = 0; k < c; k++) s[k] = std::fabs(x[k] - y[k]);
    o.manhattan[i] = 0.0f + pw32(s, c);
    // sklearn paired_euclidean_distances: row_norms(x - y) = sqrt(einsum).
    for (int k = 0; k < c; k++) s[k] = x[k] - y[k];
    o.euclidean[i] = std::sqrt(einsumDot32(s, s, c));
  }
}

napi_value PairedAll(napi_env env, napi_callback_info info) {
  size_t argc = 10; napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 10) return Fail(env, "pairedAll: 10 arguments expected");
  float *a, *b; size_t aLen, bLen; int32_t n, c, threads;
  if (!f32(env, argv[0], &a, &aLen) || !f32(env, argv[1], &b, &bLen)) return Fail(env, "pairedAll: Float32Array rows expected");
  napi_get_value_int32(env, argv[2], &n); napi_get_value_int32(env, argv[3], &c); napi_get_value_int32(env, argv[9], &threads);
  if (n < 0 || c < 0 || aLen < (size_t)n * c || bLen < (size_t)n * c) return Fail(env, "pairedAll: inconsistent sizes");
  Out o;
  if (!f64(env, argv[4], &o.cosine, n) || !f64(env, argv[5], &o.modelCosine, n) || !f64(env, argv[6], &o.dot, n) ||
      !f64(env, argv[7], &o.manhattan, n) || !f64(env, argv[8], &o.euclidean, n))
    return Fail(env, "pairedAll: Float64Array(rows) outputs expected");
  // Rows are independent: any split gives the same values.
  const int nt = std::max(1, std::min(threads, n / 2048));
  std::vector<std::thread> ts;
  for (int t = 1; t < nt; t++) ts.emplace_back(rows, a, b, c, (int)((int64_t)n * t / nt), (int)((int64_t)n * (t + 1) / nt), std::cref(o));
  rows(a, b, c, 0, (int)((int64_t)n / nt), o);
  for (auto& t : ts) t.join();
  return nullptr;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "pairedAll", NAPI_AUTO_LENGTH, PairedAll, nullptr, &fn);
  napi_set_named_property(env, exports, "pairedAll", fn);
  return exports;
}
