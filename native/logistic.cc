// Fused multinomial logistic-regression data term for mteb-ts (compute/native/logistic.ts, used by
// compute/logistic/ort-dense.ts when built). One call per L-BFGS evaluation, float64 throughout:
//   R = X W + b, per row m = max R, E = exp(R - m), s = sum E, loss += log s + m - R[y],
//   P = (E / s - onehot(y)) * scale, G = Xᵀ P, BS = column sums of P.
// X is read once per call: rows go through in cache blocks (forward, softmax, backward on the same rows while
// they sit in L2), so neither the n × k score matrix nor a second pass over X is needed.
// Determinism: the rows are cut into segments by n alone; each segment's partial sums are accumulated in row
// order and the partials are added in segment order, so the result is bit-for-bit the same for any thread count
// and any scheduling. A synchronous call: JS waits for it anyway (L-BFGS needs the gradient before its next step).
// Helper threads are started per call and detached (see Job).
#include <node_api.h>
#include "napi_args.h"
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace {
using napi_args::Fail;
using napi_args::typed;
// GCC/Clang vector extension: AVX-512 registers with -march=native on AVX-512 machines, pairs of AVX2 or SSE
// registers elsewhere (the same code; without FMA hardware the products round separately, so the last bits differ).
typedef double v8d __attribute__((vector_size(64)));
typedef double v8du __attribute__((vector_size(64), aligned(8)));
inline v8d load(const double* p) { return *(const v8du*)p; }
inline void store(double* p, v8d v) { *(v8du*)p = v; }
inline v8d bcast(double x) { return v8d{x, x, x, x, x, x, x, x}; }

typedef long long v8l __attribute__((vector_size(64)));

// exp(x) for 8 lanes with x <= 0 (logits minus the row maximum): x = k·ln2 + r with |r| <= ln2/2 (Cody-Waite, ln2
// split so k·ln2hi is exact), exp(r) by its Taylor polynomial to degree 13 (truncation < 2^-58 relative) in
// Horner form, times 2^k built in the exponent bits. Within 2 ulp of the exact value (glibc's scalar exp is
// within 1), which moves P by as little as the GEMM's summation order does. Below -708 (results under 2^-1022,
// next to a maximum term of 1 in the row's sum) the lane is 0.
inline v8d vexp(v8d x) {
  const v8d lo = x < -708.0 ? bcast(0.0) : bcast(1.0);
  x = x < -708.0 ? bcast(-708.0) : x;
  const v8d shifter = bcast(0x1.8p52);
  const v8d kf = (x * 1.4426950408889634 + shifter) - shifter;  // round to nearest
  const v8d r = (x - kf * 0x1.62e42fee00000p-1) - kf * 0x1.a39ef35793c76p-33;
  v8d q = bcast(1.0 / 6227020800.0);  // 1/13!
  q = q * r + 1.0 / 479001600.0;
  q = q * r + 1.0 / 39916800.0;
  q = q * r + 1.0 / 3628800.0;
  q = q * r + 1.0 / 362880.0;
  q = q * r + 1.0 / 40320.0;
  q = q * r + 1.0 / 5040.0;
  q = q * r + 1.0 / 720.0;
  q = q * r + 1.0 / 120.0;
  q = q * r + 1.0 / 24.0;
  q = q * r + 1.0 / 6.0;
  q = q * r + 0.5;
  q = q * r + 1.0;
  q = q * r + 1.0;
  const v8l bits = (__builtin_convertvector(kf, v8l) + 1023) << 52;
  v8d scale;
  __builtin_memcpy(&scale, &bits, sizeof scale);
  return q * scale * lo;
}

constexpr int MR = 6;      // rows (forward) or features (backward) per register tile
constexpr int NV = 4;      // 8-lane column vectors per register tile
constexpr int BLOCK = 48;  // rows per cache block (X block 48 × 384 × 8 B = 147 KB beside W and G in L2)
constexpr int MIN_SEGMENT = 256;
constexpr int MAX_SEGMENTS = 16;

struct Problem {
  const double* x;
  int n, d, k, kp;  // kp = k rounded up to 8
  const int32_t* y;
  const double* w;  // d × kp, zero-padded columns
  const double* b;
  double scale;
};

struct Segment {
  int r0, r1;
  double* g;   // d × kp partial of Xᵀ P
  double* bs;  // kp partial column sums of P
  double loss;
};

// r[i, c0 .. c0 + 8·nv) = x[i] · w[:, c] for the nr rows at xb (row stride d); r has row stride kp.
template <int V>
void forwardTile(const Problem& p, const double* xb, int nr, int c0, double* r) {
  v8d acc[MR][V];
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < V; v++) acc[i][v] = v8d{};
  const double* xr[MR];
  for (int i = 0; i < MR; i++) xr[i] = xb + (size_t)std::min(i, nr - 1) * p.d;
  const double* wp = p.w + c0;
  for (int t = 0; t < p.d; t++, wp += p.kp) {
    v8d bv[V];
    for (int v = 0; v < V; v++) bv[v] = load(wp + 8 * v);
    for (int i = 0; i < MR; i++) {
      const v8d a = bcast(xr[i][t]);
      for (int v = 0; v < V; v++) acc[i][v] += a * bv[v];
    }
  }
  for (int i = 0; i < nr; i++)
    for (int v = 0; v < V; v++) store(r + (size_t)i * p.kp + c0 + 8 * v, acc[i][v]);
}

// g[t0 + j, c0 .. c0 + 8·V) += Σ_i x[i, t0 + j] · pm[i, c] over the nb rows of the block, i ascending.
template <int V>
void backwardTile(const Problem& p, const double* xb, int nb, const double* pm, int t0, int nt, int c0, double* g) {
  v8d acc[MR][V];
  for (int j = 0; j < MR; j++)
    for (int v = 0; v < V; v++) acc[j][v] = v8d{};
  int col[MR];
  for (int j = 0; j < MR; j++) col[j] = t0 + std::min(j, nt - 1);
  for (int i = 0; i < nb; i++) {
    const double* xi = xb + (size_t)i * p.d;
    const double* pi = pm + (size_t)i * p.kp + c0;
    v8d bv[V];
    for (int v = 0; v < V; v++) bv[v] = load(pi + 8 * v);
    for (int j = 0; j < MR; j++) {
      const v8d a = bcast(xi[col[j]]);
      for (int v = 0; v < V; v++) acc[j][v] += a * bv[v];
    }
  }
  for (int j = 0; j < nt; j++) {
    double* gr = g + (size_t)(t0 + j) * p.kp + c0;
    for (int v = 0; v < V; v++) store(gr + 8 * v, load(gr + 8 * v) + acc[j][v]);
  }
}

template <int V>
void forwardCols(const Problem& p, const double* xb, int nb, int c0, double* r) {
  for (int i = 0; i < nb; i += MR) forwardTile<V>(p, xb + (size_t)i * p.d, std::min(MR, nb - i), c0, r + (size_t)i * p.kp);
}

template <int V>
void backwardCols(const Problem& p, const double* xb, int nb, const double* pm, int c0, double* g) {
  for (int t0 = 0; t0 < p.d; t0 += MR) backwardTile<V>(p, xb, nb, pm, t0, std::min(MR, p.d - t0), c0, g);
}

// Column groups of NV vectors, then one group with the remaining 1 .. NV-1 vectors.
template <typename F>
void byColumnGroups(int kp, F&& f) {
  int c0 = 0;
  for (; c0 + 8 * NV <= kp; c0 += 8 * NV) f(std::integral_constant<int, NV>{}, c0);
  switch ((kp - c0) / 8) {
    case 1: f(std::integral_constant<int, 1>{}, c0); break;
    case 2: f(std::integral_constant<int, 2>{}, c0); break;
    case 3: f(std::integral_constant<int, 3>{}, c0); break;
    default: break;
  }
}

// Softmax, loss and P for one block's rows, in place in r (row stride kp; pad columns are left as they are: 0).
double softmaxRows(const Problem& p, int row0, int nb, double* r, double* bs) {
  double loss = 0;
  for (int i = 0; i < nb; i++) {
    double* ri = r + (size_t)i * p.kp;
    for (int c = 0; c < p.k; c++) ri[c] += p.b[c];
    double mx = ri[0];
    for (int c = 1; c < p.k; c++) mx = ri[c] > mx ? ri[c] : mx;
    const int yi = p.y[row0 + i];
    const double ry = ri[yi];
    for (int c = 0; c < p.k; c++) ri[c] -= mx;
    for (int c = 0; c < p.kp; c += 8) store(ri + c, vexp(load(ri + c)));
    for (int c = p.k; c < p.kp; c++) ri[c] = 0;  // pad columns: exp(0) above, must stay out of P
    double s = 0;
    for (int c = 0; c < p.k; c++) s += ri[c];
    loss += std::log(s) + mx - ry;
    for (int c = 0; c < p.k; c++) ri[c] = (ri[c] / s - (c == yi ? 1.0 : 0.0)) * p.scale;
    for (int c = 0; c < p.k; c++) bs[c] += ri[c];
  }
  return loss;
}

void runSegment(const Problem& p, Segment& s, double* r) {
  std::memset(s.g, 0, sizeof(double) * (size_t)p.d * p.kp);
  std::memset(s.bs, 0, sizeof(double) * (size_t)p.kp);
  std::memset(r, 0, sizeof(double) * (size_t)BLOCK * p.kp);
  double loss = 0;
  for (int r0 = s.r0; r0 < s.r1; r0 += BLOCK) {
    const int nb = std::min(BLOCK, s.r1 - r0);
    const double* xb = p.x + (size_t)r0 * p.d;
    byColumnGroups(p.kp, [&](auto V, int c0) { forwardCols<decltype(V)::value>(p, xb, nb, c0, r); });
    loss += softmaxRows(p, r0, nb, r, s.bs);
    byColumnGroups(p.kp, [&](auto V, int c0) { backwardCols<decltype(V)::value>(p, xb, nb, r, c0, s.g); });
  }
  s.loss = loss;
}

// One call's work, shared with its helper threads. A helper that starts after every segment is taken finds nothing
// to do and touches only this object (its shared_ptr keeps it alive), so the caller never waits for a thread the
// scheduler has not run yet: on a loaded machine that wait costs a time slice per call.
struct Job {
  Problem p;
  std::vector<Segment> segs;
  std::atomic<int> next{0}, done{0};
  std::mutex m;
  std::condition_variable cv;
};

void work(std::shared_ptr<Job> job, double* r) {
  const int nseg = (int)job->segs.size();
  for (int s; (s = job->next.fetch_add(1)) < nseg;) {
    runSegment(job->p, job->segs[s], r);
    if (job->done.fetch_add(1) + 1 == nseg) {
      std::lock_guard<std::mutex> lock(job->m);
      job->cv.notify_all();
    }
  }
}

// Reused between calls (per addon instance): the buffers keep their size, so a fit allocates once.
struct Workspace {
  std::vector<double> w, seg, blocks;
};

void finalizeWorkspace(napi_env, void* data, void*) { delete static_cast<Workspace*>(data); }

// multinomial(x, n, d, w, b, y, k, scale, gw, bsum, threads) -> Σ_i (log Σ_c exp R_ic - R_iy) · scale;
// writes gw (d × k, row-major) and bsum (k).
napi_value Multinomial(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 11) return Fail(env, "multinomial: 11 arguments expected");
  void *xp, *wp, *bp, *yp, *gp, *sp;
  size_t xl, wl, bl, yl, gl, sl;
  int32_t n, d, k, threads;
  double scale;
  if (!typed(env, argv[0], napi_float64_array, &xp, &xl)) return Fail(env, "multinomial: x must be a Float64Array");
  napi_get_value_int32(env, argv[1], &n);
  napi_get_value_int32(env, argv[2], &d);
  if (!typed(env, argv[3], napi_float64_array, &wp, &wl)) return Fail(env, "multinomial: w must be a Float64Array");
  if (!typed(env, argv[4], napi_float64_array, &bp, &bl)) return Fail(env, "multinomial: b must be a Float64Array");
  if (!typed(env, argv[5], napi_int32_array, &yp, &yl)) return Fail(env, "multinomial: y must be an Int32Array");
  napi_get_value_int32(env, argv[6], &k);
  napi_get_value_double(env, argv[7], &scale);
  if (!typed(env, argv[8], napi_float64_array, &gp, &gl)) return Fail(env, "multinomial: gw must be a Float64Array");
  if (!typed(env, argv[9], napi_float64_array, &sp, &sl)) return Fail(env, "multinomial: bsum must be a Float64Array");
  napi_get_value_int32(env, argv[10], &threads);
  if (n <= 0 || d <= 0 || k <= 0 || xl < (size_t)n * d || wl < (size_t)d * k || bl < (size_t)k || yl < (size_t)n ||
      gl < (size_t)d * k || sl < (size_t)k)
    return Fail(env, "multinomial: inconsistent sizes");
  const int32_t* y = (const int32_t*)yp;
  for (int i = 0; i < n; i++)
    if (y[i] < 0 || y[i] >= k) return Fail(env, "multinomial: label out of range");

  Workspace* ws = nullptr;
  napi_get_instance_data(env, (void**)&ws);
  if (!ws) {
    ws = new Workspace();
    napi_set_instance_data(env, ws, finalizeWorkspace, nullptr);
  }
  const int kp = (k + 7) / 8 * 8;
  const size_t gsize = (size_t)d * kp + kp;  // one segment's G and BS
  const int segRows = std::max(MIN_SEGMENT, (n + MAX_SEGMENTS - 1) / MAX_SEGMENTS);
  const int nseg = (n + segRows - 1) / segRows;
  const int nt = std::max(1, std::min<int>(threads, nseg));
  ws->w.assign((size_t)d * kp, 0.0);
  const double* w = (const double*)wp;
  for (int t = 0; t < d; t++) std::memcpy(ws->w.data() + (size_t)t * kp, w + (size_t)t * k, sizeof(double) * k);
  if (ws->seg.size() < gsize * nseg) ws->seg.resize(gsize * nseg);
  if (ws->blocks.size() < (size_t)BLOCK * kp * nt) ws->blocks.resize((size_t)BLOCK * kp * nt);

  auto job = std::make_shared<Job>();
  job->p = Problem{(const double*)xp, n, d, k, kp, y, ws->w.data(), (const double*)bp, scale};
  job->segs.resize(nseg);
  for (int s = 0; s < nseg; s++) {
    double* g = ws->seg.data() + gsize * s;
    job->segs[s] = Segment{s * segRows, std::min(n, (s + 1) * segRows), g, g + (size_t)d * kp, 0.0};
  }
  for (int t = 1; t < nt; t++) std::thread(work, job, ws->blocks.data() + (size_t)BLOCK * kp * t).detach();
  work(job, ws->blocks.data());
  {
    std::unique_lock<std::mutex> lock(job->m);
    job->cv.wait(lock, [&] { return job->done.load() == nseg; });
  }
  const std::vector<Segment>& segs = job->segs;

  // Partials in segment order.
  double* gw = (double*)gp;
  double* bsum = (double*)sp;
  double loss = segs[0].loss;
  for (int t = 0; t < d; t++) std::memcpy(gw + (size_t)t * k, segs[0].g + (size_t)t * kp, sizeof(double) * k);
  std::memcpy(bsum, segs[0].bs, sizeof(double) * k);
  for (int s = 1; s < nseg; s++) {
    loss += segs[s].loss;
    for (int t = 0; t < d; t++) {
      const double* src = segs[s].g + (size_t)t * kp;
      double* dst = gw + (size_t)t * k;
      for (int c = 0; c < k; c++) dst[c] += src[c];
    }
    for (int c = 0; c < k; c++) bsum[c] += segs[s].bs[c];
  }
  napi_value out;
  napi_create_double(env, loss * scale, &out);
  return out;
}
}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "multinomial", NAPI_AUTO_LENGTH, Multinomial, nullptr, &fn);
  napi_set_named_property(env, exports, "multinomial", fn);
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
