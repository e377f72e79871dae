/**
 * `npm run bench -- diff-bootstrap`: diff's paired bootstrap of multilabel macro F1 (results/bootstrap.ts
 * pairedMultilabelF1Bootstrap: F1 over all label columns recomputed on every resample, for each experiment of both
 * sides) on synthetic predictions, N rows x L columns x E experiments a side (default 5000 x 20 x 10), 1000 resamples.
 *
 * Baseline measured in the same run: the same bootstrap in numpy + sklearn (RandomState(42).randint per resample,
 * f1_score(average="macro", zero_division=0) on the indicator matrices, as scripts/fixtures/mteb_predictions.py
 * computes the references), run with /usr/bin/python3 for BENCH_DIFF_PY_SAMPLES resamples (default 20) and scaled
 * to 1000; skipped when numpy/sklearn are missing. Ratios > 1 mean mteb-ts is faster. The full-sample difference of
 * both sides must agree (1e-12). Env: BENCH_DIFF_N, BENCH_DIFF_L, BENCH_DIFF_E.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type MultilabelF1Group, pairedMultilabelF1Bootstrap } from '../../results/bootstrap.js';

const N = Number(process.env.BENCH_DIFF_N ?? 5000);
const L = Number(process.env.BENCH_DIFF_L ?? 20);
const E = Number(process.env.BENCH_DIFF_E ?? 10);
const SAMPLES = 1000;
const PY_SAMPLES = Number(process.env.BENCH_DIFF_PY_SAMPLES ?? 20);

function data(): MultilabelF1Group {
  let s = 12345;
  const rand = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const gold = Array.from({ length: N }, () => Array.from({ length: L }, (_, c) => c).filter(() => rand() < 0.1));
  // predictions: each true label kept with probability keep, plus a few false ones
  const side = (keep: number) =>
    Array.from({ length: E }, () =>
      gold.map((row) => Array.from({ length: L }, (_, c) => c).filter((c) => (row.includes(c) ? rand() < keep : rand() < 0.03))),
    );
  return { columns: L, gold, base: side(0.6), new: side(0.7) };
}

function pythonBaseline(g: MultilabelF1Group): { perResample: number; full: number } | undefined {
  const py = '/usr/bin/python3';
  if (spawnSync(py, ['-c', 'import numpy, sklearn'], { encoding: 'utf8' }).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-diff-'));
  try {
    writeFileSync(join(dir, 'data.json'), JSON.stringify(g));
    const script = `
import json, sys, time, warnings
import numpy as np
from sklearn.metrics import f1_score
g = json.load(open(sys.argv[1]))
n, L = len(g["gold"]), g["columns"]
def dense(rows):
    m = np.zeros((n, L), dtype=np.int64)
    for i, r in enumerate(rows):
        m[i, r] = 1
    return m
Y = dense(g["gold"]); B = [dense(p) for p in g["base"]]; N_ = [dense(p) for p in g["new"]]
f1 = lambda y, p: f1_score(y, p, average="macro", zero_division=0)
def diff(idx):
    y = Y[idx]
    return np.mean([f1(y, p[idx]) for p in N_]) - np.mean([f1(y, p[idx]) for p in B])
full = diff(np.arange(n))
rs = np.random.RandomState(42)
t = time.perf_counter()
for _ in range(int(sys.argv[2])):
    diff(rs.randint(0, n, n))
print(json.dumps({"per_resample": (time.perf_counter() - t) / int(sys.argv[2]), "full": float(full)}))
`;
    const r = spawnSync(py, ['-c', script, join(dir, 'data.json'), String(PY_SAMPLES)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) {
      console.warn(`python baseline failed: ${r.stderr.slice(-500)}`);
      return undefined;
    }
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { per_resample: number; full: number };
    return { perResample: out.per_resample, full: out.full };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  console.log(`multilabel F1 bootstrap: ${N} rows x ${L} columns x ${E} experiments a side, ${SAMPLES} resamples`);
  const g = data();
  let best = Number.POSITIVE_INFINITY;
  let full = Number.NaN;
  for (let round = 0; round < 2; round++) {
    const t = performance.now();
    const r = pairedMultilabelF1Bootstrap([g], { samples: SAMPLES });
    best = Math.min(best, (performance.now() - t) / 1000);
    full = r!.mean;
  }
  console.log(`mteb-ts              ${best.toFixed(3)} s (best of 2)`);
  const py = pythonBaseline(g);
  const pySeconds = py ? py.perResample * SAMPLES : null;
  if (py) {
    console.log(`numpy + sklearn      ${pySeconds!.toFixed(3)} s (${PY_SAMPLES} resamples timed, scaled to ${SAMPLES})`);
    console.log(`speed-up vs python   ${(pySeconds! / best).toFixed(1)}x; full-sample delta differs by ${Math.abs(py.full - full).toExponential(1)}`);
    if (Math.abs(py.full - full) > 1e-12) throw new Error(`full-sample delta ${full} differs from sklearn's ${py.full}`);
  } else console.log('python baseline skipped (no /usr/bin/python3 with numpy and sklearn)');
  console.log(
    JSON.stringify({
      bench: 'diff-bootstrap',
      rows: N,
      columns: L,
      experiments: E,
      samples: SAMPLES,
      seconds: best,
      python_seconds: pySeconds,
      speedup_vs_python: pySeconds === null ? null : pySeconds / best,
      full_delta: full,
    }),
  );
}
