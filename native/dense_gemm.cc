// Small dense products for mteb-ts's k-means label steps (compute/kmeans/ort-dots.ts):
// dotsNT(x, d, rows, count, centers, k, out, threads): out[i*k + j] = x[r_i] · centers[j] in float32, where
// r_i = rows[i] (Int32Array) or i (rows null). The products only estimate distances: metrics/kmeans/labels.ts
// decides every near-tie with its exact float32 emulation, and its error bound holds for any accumulation order,
// so FMA contraction and this kernel's order change no label. A synchronous call: the k-means steps are
// 512 x 20 x 384 products, where a session run's fixed cost is larger than the product. The register tile
// (8 rows x up to 32 centers) is gemm_tile.h's, shared with the search kernel.
#include <node_api.h>
#include "napi_args.h"
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include "gemm_tile.h"

namespace {
using napi_args::Fail;
using napi_args::typed;
constexpr int MR = 8;  // rows per register tile

// centers transposed and zero-padded: ct[t * kp + j], kp = k rounded up to 16
struct Job { const float* x; int d; const int32_t* rows; const float* ct; int k; int kp; float* out; };

inline const float* rowPtr(const Job& j, int i) { return j.x + (size_t)(j.rows ? j.rows[i] : i) * j.d; }

// Rows of x for gemm_tile::tile (the broadcast side).
struct XRows {
  const float* xr[MR];
  __attribute__((always_inline)) float block(int r, int t, int dd) const { return xr[r][t + dd]; }
  __attribute__((always_inline)) float tail(int r, int t) const { return xr[r][t]; }
};

template <int NV>
void tile(const Job& j, int i0, int nr, int j0) {
  XRows b;
  for (int r = 0; r < MR; r++) b.xr[r] = rowPtr(j, i0 + std::min(r, nr - 1));
  alignas(64) float acc[MR * NV * 16];
  gemm_tile::tile<MR, NV>(j.ct + j0, (size_t)j.kp, j.d, b, acc);
  const int nc = std::min(16 * NV, j.k - j0);
  for (int r = 0; r < nr; r++) std::memcpy(j.out + (size_t)(i0 + r) * j.k + j0, acc + r * NV * 16, sizeof(float) * nc);
}

void range(const Job& j, int from, int to) {
  for (int i0 = from; i0 < to; i0 += MR) {
    const int nr = std::min(MR, to - i0);
    int j0 = 0;
    for (; j0 + 16 < j.k; j0 += 32) tile<2>(j, i0, nr, j0);
    if (j0 < j.k) tile<1>(j, i0, nr, j0);
  }
}

napi_value DotsNT(napi_env env, napi_callback_info info) {
  size_t argc = 8; napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 8) return Fail(env, "dotsNT: 8 arguments expected");
  void *xp, *cp, *op, *rp = nullptr; size_t xl, cl, ol, rl = 0;
  int32_t d, count, k, threads;
  if (!typed(env, argv[0], napi_float32_array, &xp, &xl)) return Fail(env, "dotsNT: x must be a Float32Array");
  napi_get_value_int32(env, argv[1], &d);
  napi_valuetype rt; napi_typeof(env, argv[2], &rt);
  if (rt != napi_null && rt != napi_undefined && !typed(env, argv[2], napi_int32_array, &rp, &rl)) return Fail(env, "dotsNT: rows must be an Int32Array or null");
  napi_get_value_int32(env, argv[3], &count);
  if (!typed(env, argv[4], napi_float32_array, &cp, &cl)) return Fail(env, "dotsNT: centers must be a Float32Array");
  napi_get_value_int32(env, argv[5], &k);
  if (!typed(env, argv[6], napi_float32_array, &op, &ol)) return Fail(env, "dotsNT: out must be a Float32Array");
  napi_get_value_int32(env, argv[7], &threads);
  if (d <= 0 || k <= 0 || count < 0 || cl < (size_t)k * d || ol < (size_t)count * k) return Fail(env, "dotsNT: inconsistent sizes");
  const int32_t* rows = (const int32_t*)rp;
  if (rows) {
    if (rl < (size_t)count) return Fail(env, "dotsNT: fewer rows than count");
    for (int i = 0; i < count; i++)
      if (rows[i] < 0 || (size_t)(rows[i] + 1) * d > xl) return Fail(env, "dotsNT: row index out of range");
  } else if (xl < (size_t)count * d) return Fail(env, "dotsNT: x is shorter than count rows");
  const int kp = (k + 15) / 16 * 16 + 16;  // one spare vector: tile<2> may read past the last group
  std::vector<float> ct((size_t)d * kp, 0.0f);
  const float* c = (const float*)cp;
  for (int jj = 0; jj < k; jj++)
    for (int t = 0; t < d; t++) ct[(size_t)t * kp + jj] = c[(size_t)jj * d + t];
  Job job{(const float*)xp, d, rows, ct.data(), k, kp, (float*)op};
  const int nt = std::max(1, std::min<int>(threads, count / (MR * 16)));
  if (nt == 1) range(job, 0, count);
  else {
    std::vector<std::thread> ts;
    auto cut = [&](int t) { return (int)((int64_t)count * t / nt) / MR * MR; };
    for (int t = 1; t < nt; t++) ts.emplace_back(range, std::cref(job), cut(t), t + 1 == nt ? count : cut(t + 1));
    range(job, 0, cut(1));
    for (auto& t : ts) t.join();
  }
  napi_value undef; napi_get_undefined(env, &undef);
  return undef;
}
}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "dotsNT", NAPI_AUTO_LENGTH, DotsNT, nullptr, &fn);
  napi_set_named_property(env, exports, "dotsNT", fn);
#if defined(__AVX512F__)
  napi_value kind; napi_create_string_utf8(env, "avx512", NAPI_AUTO_LENGTH, &kind);
#else
  napi_value kind; napi_create_string_utf8(env, "generic", NAPI_AUTO_LENGTH, &kind);
#endif
  napi_set_named_property(env, exports, "kernel", kind);
  return exports;
}
