/**
 * `npm run bench -- ml`: MiniBatchKMeans on 20,000 × 384 float32 rows with k = 20, ours vs scikit-learn.
 *
 * Data (written to a temp file and read by the Python child, so both fit the same bytes): 20 blob centres
 * (RandomState(0).random_sample) plus uniform noise, row i in blob i % 20. Both sides run
 * MiniBatchKMeans(n_clusters=20, batch_size=512, init="k-means++", n_init=1, random_state=42).fit(X) (mteb v2
 * settings) and take labels_. Ours follows the local sklearn's RNG generation (sklearnCompat(version)) so the
 * two do the same number of steps; label agreement is printed. The Python child runs with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE removed from its environment. Ratio = ours / the faster of sklearn default-threads and sklearn single-threaded (target <= 1.0). Best of BENCH_KMEANS_REPEAT
 * (default 5: the machine may be shared) runs each, with best CPU time beside wall time; the 1-minute load average
 * is printed with the figures. "ours" uses the native step kernels when built (as the clustering tasks do).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ortDots, ortSessionDots, releaseKmeansSessions } from '../../compute/kmeans/ort-dots.js';
import { loadDenseGemm } from '../../compute/native/dense-gemm.js';
import { loadKMeansStep } from '../../compute/native/kmeans-step.js';
import { type DotBackend, type KMeansCompat, type KMeansStepKernels, miniBatchKMeans, SKLEARN_1_9, sklearnCompat } from '../../metrics/kmeans.js';
import { NumpyRandomState } from '../../metrics/random.js';

const N = 20_000;
const D = 384;
const K = 20;
const BATCH = 512;

function makeData(): Float32Array {
  const rs = new NumpyRandomState(0);
  const C = rs.randomSample(K * D);
  const U = rs.randomSample(N * D);
  const X = new Float32Array(N * D);
  for (let i = 0; i < N; i++) for (let t = 0; t < D; t++) X[i * D + t] = C[(i % K) * D + t]! * 0.5 + U[i * D + t]!;
  return X;
}

const PY = `
import sys, time, json, warnings
import numpy as np, sklearn
from sklearn.cluster import MiniBatchKMeans
warnings.simplefilter("ignore")
n, d, k, batch, repeat = (int(a) for a in sys.argv[2:7])
X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(n, d)
best = best_cpu = 1e9
for _ in range(repeat):
    t0, c0 = time.perf_counter(), time.process_time()
    m = MiniBatchKMeans(n_clusters=k, batch_size=batch, init="k-means++", n_init=1, random_state=42).fit(X)
    best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
np.asarray(m.labels_, dtype=np.int32).tofile(sys.argv[1] + ".labels")
print(json.dumps({"best": best, "best_cpu": best_cpu, "n_steps": int(m.n_steps_), "sklearn": sklearn.__version__}))
`;

async function timeOurs(X: Float32Array, compat: KMeansCompat, repeat: number, dots?: DotBackend, stepKernels?: KMeansStepKernels) {
  let best = Infinity;
  let bestCpu = Infinity;
  let result!: Awaited<ReturnType<typeof miniBatchKMeans>>;
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = await miniBatchKMeans({ rows: N, cols: D, data: X }, { nClusters: K, batchSize: BATCH, randomState: 42, compat, dots, stepKernels });
    best = Math.min(best, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
  }
  return { best, bestCpu, nSteps: result.nSteps, labels: result.labels };
}

export async function main(): Promise<void> {
  const repeat = Number(process.env.BENCH_KMEANS_REPEAT ?? 5);
  const X = makeData();
  const dir = mkdtempSync(join(tmpdir(), 'bench-kmeans-'));
  try {
    const file = join(dir, 'x.f32');
    writeFileSync(file, X);
    const env = { ...process.env };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const runPy = (extraEnv: Record<string, string>) =>
      spawnSync('/usr/bin/python3', ['-c', PY, file, String(N), String(D), String(K), String(BATCH), String(repeat)], {
        env: { ...env, ...extraEnv },
        encoding: 'utf8',
      });
    type SkRun = { best: number; best_cpu: number; n_steps: number; sklearn: string };
    let sk: SkRun | null = null;
    let skOneThread: SkRun | null = null;
    const py = runPy({});
    if (py.status === 0) {
      sk = JSON.parse(py.stdout.trim().split('\n').pop()!) as SkRun;
      // on a loaded 2-core box OpenMP spinning can slow sklearn down; also time it single-threaded and keep the faster
      const py1 = runPy({ OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });
      if (py1.status === 0) skOneThread = JSON.parse(py1.stdout.trim().split('\n').pop()!) as SkRun;
    } else console.log(`sklearn not available (${(py.stderr || py.error?.message || '').trim().split('\n').pop()}); timing ours only`);

    const compat = sk ? sklearnCompat(sk.sklearn) : SKLEARN_1_9;
    const native = loadDenseGemm();
    const step = loadKMeansStep();
    const oursJs = await timeOurs(X, compat, repeat);
    const oursOrt = await timeOurs(X, compat, repeat, ortSessionDots);
    await releaseKmeansSessions();
    // ortDots: the native kernel when built (what the clustering tasks use), else the onnxruntime path again
    const oursDots = native ? await timeOurs(X, compat, repeat, ortDots) : oursOrt;
    // the native step kernels when built (what the clustering tasks use: compute/kmeans/backends.ts)
    const ours = step ? await timeOurs(X, compat, repeat, ortDots, step) : oursDots;
    for (let i = 0; i < N; i++)
      if (oursJs.labels[i] !== ours.labels[i] || oursOrt.labels[i] !== ours.labels[i] || oursDots.labels[i] !== ours.labels[i])
        throw new Error('the backends disagree');
    console.log(
      `MiniBatchKMeans ${N}x${D}, k=${K}, batch ${BATCH}: ours ${ours.best.toFixed(3)} s (${ours.bestCpu.toFixed(3)} CPU-s) ${step ? `with the native step kernels (${step.kernel})` : 'without the native step kernels (not built)'}, ${native ? `${oursDots.best.toFixed(3)} s with native products only, ` : ''}${oursOrt.best.toFixed(3)} s with onnxruntime GEMM, ${oursJs.best.toFixed(3)} s with wasm SIMD dots (${ours.nSteps} steps, compat ${JSON.stringify(compat)}; identical labels on all)`,
    );
    // the machine may be shared: the 1-minute load average says how much to trust the figures
    console.log(
      `load average ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
    let ratio: number | null = null;
    let agreement: number | null = null;
    if (sk) {
      const { readFileSync } = await import('node:fs');
      const buf = readFileSync(`${file}.labels`);
      const skLabels = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      let same = 0;
      for (let i = 0; i < N; i++) if (skLabels[i] === ours.labels[i]) same++;
      agreement = same / N;
      const skBest = Math.min(sk.best, skOneThread?.best ?? Infinity);
      ratio = ours.best / skBest;
      console.log(
        `sklearn ${sk.sklearn}: ${sk.best.toFixed(3)} s (${sk.best_cpu.toFixed(3)} CPU-s) default threads, ${skOneThread ? `${skOneThread.best.toFixed(3)} s (${skOneThread.best_cpu.toFixed(3)} CPU-s)` : 'n/a'} single-threaded (${sk.n_steps} steps); identical labels ${(agreement * 100).toFixed(2)}%`,
      );
      console.log(`ratio ours/sklearn = ${ratio.toFixed(2)} (the faster sklearn run; target <= 1.0, issue #17)`);
    }
    console.log(
      JSON.stringify({
        bench: 'ml-kmeans',
        n: N,
        d: D,
        k: K,
        batch: BATCH,
        ours_s: ours.best,
        ours_cpu_s: ours.bestCpu,
        ours_native_dots_s: native ? oursDots.best : null,
        native_step: step?.kernel ?? null,
        ours_js_s: oursJs.best,
        ours_ort_s: oursOrt.best,
        native: native?.kernel ?? null,
        ours_steps: ours.nSteps,
        sklearn_s: sk?.best ?? null,
        sklearn_1thread_s: skOneThread?.best ?? null,
        sklearn_cpu_s: sk?.best_cpu ?? null,
        sklearn_1thread_cpu_s: skOneThread?.best_cpu ?? null,
        sklearn_steps: sk?.n_steps ?? null,
        sklearn_version: sk?.sklearn ?? null,
        label_agreement: agreement,
        loadavg_1m: loadavg()[0],
        ratio,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
