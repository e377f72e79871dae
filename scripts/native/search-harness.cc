// Times the search kernel without Node (CPU time of the whole process, so a shared machine distorts it far less
// than wall time) and prints a hash of the final lists, so two builds or two versions of native/topk_gemm.cc can be
// compared for speed and for bit identity in one go (the figures in docs/performance.md's search section):
//
//   g++ -O3 -march=native -std=c++17 -ffp-contract=fast -fno-fast-math -pthread \
//       -DKERNEL_SRC='"../../native/topk_gemm.cc"' scripts/native/search-harness.cc -o /tmp/search-harness
//   /tmp/search-harness <queries> <docs> <dim> <k> <threads> <repeats> [chunk]
//
// Data: xorshift32 uniform(-1, 1), queries normalized as compute/search/normalize.ts does; cosine; the corpus is
// fed in chunks (default 50,000 rows, mteb's), then sortLists. Best of <repeats>.
#define TOPK_GEMM_NO_NAPI
#include KERNEL_SRC
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace {
double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}
double wallSeconds() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s queries docs dim k threads repeats [chunk]\n", argv[0]);
    return 2;
  }
  const int nq = std::atoi(argv[1]), nd = std::atoi(argv[2]), dim = std::atoi(argv[3]), k = std::atoi(argv[4]);
  const int threads = std::atoi(argv[5]), repeats = std::atoi(argv[6]), chunk = argc > 7 ? std::atoi(argv[7]) : 50000;
  std::vector<float> Q((size_t)nq * dim), D((size_t)nd * dim);
  uint32_t x = 12345;
  auto rnd = [&] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return (float)((double)x / 2147483648.0 - 1.0);
  };
  for (auto& v : Q) v = rnd();
  for (auto& v : D) v = rnd();
  for (int i = 0; i < nq; i++) {
    double s = 0;
    for (int t = 0; t < dim; t++) s += (double)Q[(size_t)i * dim + t] * Q[(size_t)i * dim + t];
    const float n = (float)std::max(std::sqrt(s), 1e-12);
    for (int t = 0; t < dim; t++) Q[(size_t)i * dim + t] /= n;
  }
  std::vector<float> S((size_t)nq * k);
  std::vector<int32_t> I((size_t)nq * k);
  double bestWall = 1e30, bestCpu = 1e30;
  for (int r = 0; r < repeats; r++) {
    std::fill(S.begin(), S.end(), -INFINITY);
    std::fill(I.begin(), I.end(), -1);
    const double w0 = wallSeconds(), c0 = cpuSeconds();
    for (int s = 0; s < nd; s += chunk) {
      const int rows = std::min(chunk, nd - s);
      scoreBlockCore(Q.data(), nq, dim, D.data() + (size_t)s * dim, rows, s, true, S.data(), I.data(), k, threads);
    }
    sortListsCore(S.data(), I.data(), nq, k, threads);
    bestWall = std::min(bestWall, wallSeconds() - w0);
    bestCpu = std::min(bestCpu, cpuSeconds() - c0);
  }
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the scores' and indices' bytes
  auto mix = [&](const void* p, size_t n) {
    for (size_t i = 0; i < n; i++) {
      h ^= ((const unsigned char*)p)[i];
      h *= 1099511628211ull;
    }
  };
  mix(S.data(), S.size() * 4);
  mix(I.data(), I.size() * 4);
  const double macs = (double)nq * nd * dim;
  std::printf("wall %.4f s (%.1f GMAC/s), cpu %.4f s (%.1f GMAC per CPU-s), lists hash %016llx\n", bestWall, macs / bestWall / 1e9,
              bestCpu, macs / bestCpu / 1e9, (unsigned long long)h);
  return 0;
}
