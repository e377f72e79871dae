/**
 * `npm run bench -- suite`: the whole pipeline (catalog, data loading, encoding, scoring, result files) through
 * the runner, on every task whose dataset ../shared/hub holds at the task's revision, with given vectors:
 *   1. a warm-up run encodes every text with hash_embed(text, 64) (scripts/reference/hash_embeddings.py, the
 *      tests' embedding) and records them as a precomputed: folder;
 *   2. timed runs with `precomputed:<that folder>` (what `-m precomputed:<dir>` does): the core set (the STS
 *      tasks, TwitterURLCorpus, Banking77, Emotion, ClusTREC-Covid), best of BENCH_SUITE_REPEAT (default 2),
 *      then every held task once; each run in a child process, so its peak RSS is its own;
 *   3. the same scoring of the core set done with numpy/scipy/scikit-learn by scripts/bench/suite_reference.py
 *      on the same vectors (best of the same count per task), when /usr/bin/python3 has them, with scikit-learn
 *      default-threaded and single-threaded (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1); the ratio takes the faster.
 * Tasks the mirror holds only partly (some subsets) run on the subsets it holds.
 * Classification and clustering follow the local scikit-learn release on both sides. Prints wall time, peak RSS
 * and the time per phase (load, encode, score, write); the machine may be shared, so the load average is printed
 * with the figures. JSON line last. Env: MTEB_HUB_MIRROR (default ../shared/hub), BENCH_SUITE_REPEAT.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SKLEARN_VERSION } from '../../core/sklearn-release.js';
import { getTasks } from '../../tasks/registry.js';

const here = dirname(fileURLToPath(import.meta.url));
const CORE = [
  'STSBenchmark',
  'SICK-R',
  'STS12',
  'STS13',
  'STS14',
  'STS15',
  'STS16',
  'BIOSSES',
  'TwitterURLCorpus',
  'Banking77Classification',
  'EmotionClassification',
  'ClusTREC-Covid',
];

interface RunResult {
  wall: number;
  catalogSeconds: number;
  phases: { load: number; encode: number; score: number; write: number };
  peakBytes: number;
  tasks: string[];
  failures: { task: string; error: string }[];
  perTask: Record<string, { load: number; encode: number; score: number; write: number }>;
}
type PyPhases = { load: number; encode: number; score: number; main_score: number };

/**
 * Tasks whose dataset folder in the mirror holds the task's own revision, as `name` or `name:subset|subset` when
 * the mirror holds only some of the task's subsets (one data/<subset> folder each, spaces as underscores).
 */
function heldTasks(hub: string): string[] {
  const specs: string[] = [];
  for (const t of getTasks({ excludeSuperseded: false })) {
    const repo = join(hub, 'datasets', ...t.dataset.path.split('/'));
    const meta = join(repo, '.mirror.json');
    if (!existsSync(meta)) continue;
    const { revision } = JSON.parse(readFileSync(meta, 'utf8')) as { revision?: string };
    if (revision !== t.dataset.revision) continue;
    const data = join(repo, 'data');
    const dirs = existsSync(data) ? readdirSync(data).filter((d) => statSync(join(data, d)).isDirectory()) : [];
    const subsets = Object.keys(t.subsets);
    const held = subsets.filter((s) => dirs.includes(s) || dirs.includes(s.replace(/ /g, '_')));
    specs.push(held.length > 0 && held.length < subsets.length ? `${t.name}:${held.join('|')}` : t.name);
  }
  return specs;
}

function child(hub: string, sklearn: string, tasks: string[], model: string, record?: string): RunResult {
  const args = ['--import', 'tsx', join(here, '_suite-run.ts'), hub, sklearn, tasks.join(','), model, ...(record ? [record] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 << 20 });
  const last = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !last?.startsWith('{')) throw new Error(`suite run failed (exit ${r.status}): ${(r.stderr || r.stdout || '').slice(-2000)}`);
  return JSON.parse(last) as RunResult;
}

function python(args: string[], threads?: 1): { stdout: string; ok: boolean; err: string } {
  const env = { ...process.env };
  // single-threaded: OpenMP (k-means) and BLAS limited to one thread, which a loaded machine may favour
  if (threads === 1) Object.assign(env, { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });
  // numpy's OpenBLAS picks its kernel itself, as in a plain python session
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', env, timeout: 3_600_000, maxBuffer: 64 << 20 });
  return { stdout: r.stdout ?? '', ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim().split('\n').pop() ?? '' };
}

const s = (x: number) => `${x.toFixed(2)} s`;
const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

function printRun(label: string, r: RunResult): void {
  const p = r.phases;
  console.log(
    `${label}: ${r.tasks.length} tasks in ${s(r.wall)} wall, peak RSS ${mib(r.peakBytes)}; load ${s(p.load)}, encode ${s(p.encode)}, ` +
      `score ${s(p.score)}, write ${s(p.write)}; catalog ${(r.catalogSeconds * 1000).toFixed(0)} ms` +
      (r.failures.length ? `; ${r.failures.length} failed: ${r.failures.map((f) => `${f.task} (${f.error.slice(0, 80)})`).join('; ')}` : ''),
  );
}

export async function main(): Promise<void> {
  const hub = resolve(process.env.MTEB_HUB_MIRROR ?? join(here, '../../../shared/hub'));
  if (!existsSync(join(hub, 'datasets'))) {
    console.log(`suite bench skipped: no dataset mirror at ${hub} (set MTEB_HUB_MIRROR)`);
    console.log(JSON.stringify({ bench: 'suite', skipped: true }));
    return;
  }
  const repeat = Math.max(1, Number(process.env.BENCH_SUITE_REPEAT ?? 2));
  const probe = python(['-c', 'import numpy, scipy, sklearn; print(sklearn.__version__)']);
  const sklearn = probe.ok ? probe.stdout.trim() : DEFAULT_SKLEARN_VERSION;
  const all = heldTasks(hub);
  const core = CORE.filter((n) => all.includes(n));
  const partial = all.filter((n) => n.includes(':')).map((n) => n.split(':')[0]);
  console.log(
    `suite: ${all.length} tasks held by ${hub}; core set ${core.length}${partial.length ? `; partly mirrored (held subsets only): ${partial.join(', ')}` : ''}; sklearn ${sklearn}${probe.ok ? '' : ' (default; python baseline unavailable)'}; load ${load()}`,
  );

  const vectors = mkdtempSync(join(tmpdir(), 'mteb-bench-vectors-'));
  try {
    const warm = child(hub, sklearn, all, 'hash', vectors);
    printRun('warm-up (hash_embed on the fly, records the vectors)', warm);
    const model = `precomputed:${vectors}`;
    let best: RunResult | undefined;
    for (let i = 0; i < repeat; i++) {
      const r = child(hub, sklearn, core, model);
      if (!best || r.wall < best.wall) best = r;
    }
    printRun(`core set, precomputed vectors, best of ${repeat} (load ${load()})`, best!);
    const full = child(hub, sklearn, all, model);
    printRun(`every held task, precomputed vectors (load ${load()})`, full);

    let py: Record<string, PyPhases> | undefined;
    let py1: Record<string, PyPhases> | undefined;
    const runPy = (threads?: 1) => {
      const r = python([join(here, 'suite_reference.py'), hub, vectors, String(repeat)], threads);
      if (r.ok) return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { tasks: Record<string, PyPhases> }).tasks;
      console.log(`python baseline failed: ${r.err}`);
      return undefined;
    };
    if (probe.ok) {
      py = runPy();
      py1 = runPy(1);
    }
    let ratio: number | null = null;
    if (py && py1) {
      // per task, the faster of sklearn default-threaded and single-threaded
      let pyScore = 0;
      console.log(`scoring per task, core set (ours best of ${repeat} runs; python best of ${repeat} per task; load ${load()}):`);
      console.log(`  ${'task'.padEnd(24)} ${'ours'.padStart(8)} ${'py default'.padStart(10)} ${'py 1 thread'.padStart(11)}`);
      for (const name of Object.keys(py)) {
        const a = py[name]!.score;
        const b = py1[name]?.score ?? Infinity;
        pyScore += Math.min(a, b);
        const ours = best!.perTask[name]?.score;
        console.log(`  ${name.padEnd(24)} ${(ours === undefined ? 'n/a' : s(ours)).padStart(8)} ${s(a).padStart(10)} ${s(b).padStart(11)}`);
      }
      const sum = (t: Record<string, PyPhases>, k: keyof PyPhases) => Object.values(t).reduce((x, r) => x + r[k], 0);
      ratio = best!.phases.score / pyScore;
      console.log(
        `python (numpy/scipy/scikit-learn ${sklearn}), core set: load ${s(sum(py, 'load'))}, encode (vector lookup) ${s(sum(py, 'encode'))}, ` +
          `score ${s(sum(py, 'score'))} default threads / ${s(sum(py1, 'score'))} single-threaded / ${s(pyScore)} the faster per task`,
      );
      console.log(`scoring ours/python (the faster per task), core set: ${ratio.toFixed(2)}x (lower is faster)`);
    }
    const pick = (r: RunResult) => ({
      wall_s: r.wall,
      peak_rss_bytes: r.peakBytes,
      catalog_s: r.catalogSeconds,
      phases_s: r.phases,
      tasks: r.tasks.length,
      failed: r.failures.map((f) => f.task),
    });
    console.log(
      JSON.stringify({
        bench: 'suite',
        load_avg: loadavg(),
        repeat,
        sklearn,
        core: pick(best!),
        all: pick(full),
        python_core: py ?? null,
        python_core_1thread: py1 ?? null,
        ours_core_per_task: best!.perTask,
        score_ratio_vs_python: ratio,
      }),
    );
  } finally {
    rmSync(vectors, { recursive: true, force: true });
  }
}
