/**
 * `npm run bench -- scoring`: STS and pair-classification scoring of N pairs x D dims (default 100k x 384) of random
 * float32 vectors, through the real evaluators (tasks/types/sts.ts, pair-classification.ts) with encoding stubbed out.
 *
 * Baselines measured in the same run:
 * - "copy": allocating and copying both vector matrices once (the floor for touching the data);
 * - "mteb (numpy/scipy/sklearn)": the same scoring as mteb v2 does it (sklearn paired_*_distances, scipy
 *   pearsonr/spearmanr, mteb's pure-Python threshold scans, sklearn average_precision_score), run with
 *   /usr/bin/python3 when numpy, scipy and sklearn are importable; skipped otherwise.
 * Ratios > 1 mean mteb-ts is faster. Env: BENCH_SCORING_N, BENCH_SCORING_DIM.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Encoder } from '../../core/encoder.js';
import type { Matrix } from '../../core/matrix.js';
import { DEFAULT_SKLEARN_VERSION, parseSklearnVersion } from '../../core/sklearn-release.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import type { EvalContext } from '../../tasks/types/module.js';
import pair from '../../tasks/types/pair-classification.js';
import sts from '../../tasks/types/sts.js';

const N = Number(process.env.BENCH_SCORING_N ?? 100_000);
const D = Number(process.env.BENCH_SCORING_DIM ?? 384);

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  // xorshift32 -> roughly uniform in [-1, 1): cheap, deterministic
  let s = seed >>> 0 || 1;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return { rows, cols, data };
}

function stubContext(task: TaskMetadata, mats: Matrix[]): EvalContext {
  let k = 0;
  const encoder: Encoder = { name: 'bench', meta: { name: 'bench' }, encode: async () => mats[k++ % mats.length]! };
  return {
    task,
    split: 'test',
    subset: 'default',
    encoder,
    batchSize: 32,
    sklearn: parseSklearnVersion(DEFAULT_SKLEARN_VERSION),
    state: new Map(),
    phase: (_n, fn) => fn(),
    log: () => {},
  };
}

const task = (type: 'STS' | 'PairClassification'): TaskMetadata => ({
  name: `Bench${type}`,
  type,
  description: 'bench',
  dataset: { path: 'bench', revision: 'v1' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: type === 'STS' ? 'cosine_spearman' : 'max_ap',
});

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [(performance.now() - t0) / 1000, out];
}

const PY = String.raw`
import sys, time, numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import average_precision_score
from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances
d = np.load(sys.argv[1]); a, b = d["a"], d["b"]; gold = d["gold"].tolist(); labels = d["labels"]
def best_acc(scores, labels, high):
    rows = sorted(zip(scores, labels), key=lambda x: x[0], reverse=high)
    max_acc, pos, neg = 0, 0, sum(np.array(labels) == 0)
    for i in range(len(rows) - 1):
        if rows[i][1] == 1: pos += 1
        else: neg -= 1
        acc = (pos + neg) / len(labels)
        if acc > max_acc: max_acc = acc
    return max_acc
def best_f1(scores, labels, high):
    rows = sorted(zip(scores, labels), key=lambda x: x[0], reverse=high)
    bf = 0; nex = nc = 0; tot = sum(labels)
    for i in range(len(rows) - 1):
        nex += 1
        if rows[i][1] == 1: nc += 1
        if nc > 0:
            p = nc / nex; r = nc / tot; f = 2 * p * r / (p + r)
            if f > bf: bf = f
    return bf
def sims(a, b):
    an = a / np.linalg.norm(a, axis=1, keepdims=True); bn = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (an * bn).sum(1)
t0 = time.perf_counter()
for s in (1 - paired_cosine_distances(a, b), -paired_manhattan_distances(a, b), -paired_euclidean_distances(a, b), sims(a, b)):
    s = s.tolist(); pearsonr(gold, s); spearmanr(gold, s)
t1 = time.perf_counter()
for s, high in ((sims(a, b), True), (1 - paired_cosine_distances(a, b), True), (paired_manhattan_distances(a, b), False),
                (paired_euclidean_distances(a, b), False), (np.asarray([np.dot(a[i], b[i]) for i in range(len(a))]), True)):
    s = s.tolist(); best_acc(s, labels, high); best_f1(s, labels, high)
    average_precision_score(labels, np.array(s) * (1 if high else -1))
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
`;

function pythonBaseline(a: Matrix, b: Matrix, gold: Float64Array, labels: Uint8Array): { sts: number; pair: number } | undefined {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return undefined;
  const probe = spawnSync(py, ['-c', 'import numpy, scipy, sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'mteb-ts-bench-'));
  try {
    // .npy files assembled by hand; the python side loads them via a tiny npz-free wrapper
    const npy = (arr: Float32Array | Float64Array | Uint8Array, shape: number[], descr: string) => {
      let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
      const pad = 64 - ((10 + header.length + 1) % 64);
      header += ' '.repeat(pad % 64) + '\n';
      const h = Buffer.alloc(10);
      h.write('\x93NUMPY', 0, 'latin1');
      h[6] = 1;
      h[7] = 0;
      h.writeUInt16LE(header.length, 8);
      return Buffer.concat([h, Buffer.from(header, 'latin1'), Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)]);
    };
    writeFileSync(join(dir, 'a.npy'), npy(a.data, [a.rows, a.cols], '<f4'));
    writeFileSync(join(dir, 'b.npy'), npy(b.data, [b.rows, b.cols], '<f4'));
    writeFileSync(join(dir, 'gold.npy'), npy(gold, [gold.length], '<f8'));
    writeFileSync(join(dir, 'labels.npy'), npy(labels, [labels.length], '|u1'));
    const loader = `import numpy as np, sys\nclass L(dict):\n  pass\nd = {k: np.load(sys.argv[1] + "/" + k + ".npy") for k in ("a","b","gold","labels")}\nnp.load = lambda p: d\n`;
    const script = loader + PY.replace('labels = d["labels"]', 'labels = d["labels"].astype(int)');
    const r = spawnSync(py, ['-c', script, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) {
      console.warn(`python baseline failed: ${r.stderr.slice(-500)}`);
      return undefined;
    }
    const [s, p] = r.stdout.trim().split(/\s+/).map(Number);
    return { sts: s!, pair: p! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  console.log(`scoring ${N.toLocaleString('en')} pairs x ${D} dims (random float32)`);
  const a = randomMatrix(N, D, 1);
  const b = randomMatrix(N, D, 2);
  const gold = Float64Array.from({ length: N }, (_, i) => ((i * 2654435761) % 5001) / 1000);
  const labels = Uint8Array.from({ length: N }, (_, i) => ((i * 40503) >>> 3) & 1);

  const [copyS] = await time(() => {
    const c1 = new Float32Array(a.data);
    const c2 = new Float32Array(b.data);
    return c1[0]! + c2[0]!;
  });

  const stsTask = task('STS');
  const stsData = { sentence1: new Array<string>(N).fill(''), sentence2: new Array<string>(N).fill(''), gold };
  const [stsS, stsScores] = await time(() => sts.evaluate(stsData, stubContext(stsTask, [a, b])));
  const pairTask = task('PairClassification');
  const pairData = { sentence1: new Array<string>(N).fill(''), sentence2: new Array<string>(N).fill(''), labels };
  const [pairS, pairScores] = await time(() => pair.evaluate(pairData, stubContext(pairTask, [a, b])));

  console.log(`copy baseline        ${copyS.toFixed(3)} s`);
  console.log(
    `STS scoring          ${stsS.toFixed(3)} s  ${(N / stsS).toFixed(0)} pairs/s  (${(stsS / copyS).toFixed(1)}x copy time)  cosine_spearman=${(stsScores.cosine_spearman as number).toFixed(4)}`,
  );
  console.log(
    `pair scoring         ${pairS.toFixed(3)} s  ${(N / pairS).toFixed(0)} pairs/s  (${(pairS / copyS).toFixed(1)}x copy time)  max_ap=${(pairScores.max_ap as number).toFixed(4)}`,
  );

  const py = pythonBaseline(a, b, gold, labels);
  if (py) {
    console.log(`mteb-style python    STS ${py.sts.toFixed(3)} s, pair ${py.pair.toFixed(3)} s`);
    console.log(`speed-up vs python   STS ${(py.sts / stsS).toFixed(2)}x, pair ${(py.pair / pairS).toFixed(2)}x`);
  } else console.log('mteb-style python baseline skipped (no /usr/bin/python3 with numpy/scipy/sklearn)');

  console.log(
    JSON.stringify({
      bench: 'scoring-sts-pair',
      pairs: N,
      dim: D,
      copy_s: copyS,
      sts_s: stsS,
      sts_pairs_per_s: N / stsS,
      pair_s: pairS,
      pair_pairs_per_s: N / pairS,
      python_sts_s: py?.sts ?? null,
      python_pair_s: py?.pair ?? null,
      speedup_vs_python_sts: py ? py.sts / stsS : null,
      speedup_vs_python_pair: py ? py.pair / pairS : null,
    }),
  );
}
