// The plain logistic-regression products of metrics/logistic-regression.ts jsDenseProducts in C++, with the JS
// code's bits: the same loops in the same order (each output a sequential float64 sum, terms with x = 0 skipped),
// compiled with -ffp-contract=off and no -ffast-math. compute/logistic/ort-dense.ts uses them for the small fits
// that stay off the fused kernel (native/logistic.cc rounds differently, so switching those fits to it would move
// coefficients in the last bits); vectorised across the k outputs only, which changes no sum.
// forward(X, n, d, W, k, out): out (n × k) = X W;  backward(X, n, d, P, k, out): out (d × k) = Xᵀ P.
#include <node_api.h>
#include "napi_args.h"
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {
using napi_args::Fail;
using napi_args::f64;

void forward(const double* X, int n, int d, const double* W, int k, double* out) {
  std::memset(out, 0, (size_t)n * k * sizeof(double));
  for (int i = 0; i < n; i++) {
    double* o = out + (size_t)i * k;
    const double* x = X + (size_t)i * d;
    for (int j = 0; j < d; j++) {
      const double xij = x[j];
      if (xij == 0) continue;
      const double* w = W + (size_t)j * k;
      for (int q = 0; q < k; q++) o[q] = o[q] + xij * w[q];
    }
  }
}

void backward(const double* X, int n, int d, const double* P, int k, double* out) {
  std::memset(out, 0, (size_t)d * k * sizeof(double));
  for (int i = 0; i < n; i++) {
    const double* p = P + (size_t)i * k;
    const double* x = X + (size_t)i * d;
    for (int j = 0; j < d; j++) {
      const double xij = x[j];
      if (xij == 0) continue;
      double* g = out + (size_t)j * k;
      for (int q = 0; q < k; q++) g[q] = g[q] + xij * p[q];
    }
  }
}

// (X, n, d, M, k, out): M is W (d × k) for forward, P (n × k) for backward.
template <bool Forward>
napi_value Product(napi_env env, napi_callback_info info) {
  size_t argc = 6; napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 6) return Fail(env, "lr_plain: 6 arguments expected");
  int32_t n, d, k;
  napi_get_value_int32(env, argv[1], &n); napi_get_value_int32(env, argv[2], &d); napi_get_value_int32(env, argv[4], &k);
  if (n < 0 || d < 0 || k < 0) return Fail(env, "lr_plain: negative size");
  double *X, *M, *out;
  if (!f64(env, argv[0], &X, (size_t)n * d) || !f64(env, argv[3], &M, (size_t)(Forward ? d : n) * k) ||
      !f64(env, argv[5], &out, (size_t)(Forward ? n : d) * k))
    return Fail(env, "lr_plain: Float64Array of the right size expected");
  if (Forward) forward(X, n, d, M, k, out);
  else backward(X, n, d, M, k, out);
  return nullptr;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "forward", NAPI_AUTO_LENGTH, Product<true>, nullptr, &fn);
  napi_set_named_property(env, exports, "forward", fn);
  napi_create_function(env, "backward", NAPI_AUTO_LENGTH, Product<false>, nullptr, &fn);
  napi_set_named_property(env, exports, "backward", fn);
  return exports;
}
