/**
 * `mteb-ts diff <base> <new> [--threshold 0.5] [--fail-on-regression] [--format table|markdown|json|github]
 *   [--fail-on-missing] [--significance] [-b BENCHMARK] [--metrics] [--bootstrap-samples 1000] [--seed 42]
 *   [--base-predictions DIR] [--new-predictions DIR] [--gold-from-data [--hub-mirror DIR] [--offline]] [--task-file F ...]`
 * <base>/<new>: a model results folder (`<model>/<revision>/`), a revision folder, or a single result file.
 * Exit codes: 0 no regression beyond the threshold (or regressions without --fail-on-regression),
 * 1 a regression with --fail-on-regression, or results missing from <new> with --fail-on-missing, 2 usage or input errors.
 * `--format github` prints markdown and appends it to $GITHUB_STEP_SUMMARY when that variable is set.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { readEnv } from '../../core/env.js';
import type { Qrels } from '../../metrics/ranking.js';
import { type BenchmarkSpec, benchmarkSpec } from '../../results/aggregate.js';
import { collectResults, joinRevisions, type ModelRun } from '../../results/collect.js';
import { type DiffReport, diffRuns, predictionDirs, type DiffOptions as ScoreDiffOptions } from '../../results/diff.js';
import { DIFF_FORMATS, type DiffFormat, formatDiff } from '../../results/format.js';
import { perQueryPath, perSamplePath, predictionsPath, readPredictions } from '../../results/predictions.js';
import { publishedRuns, publishedSpec } from '../../results/published.js';
import { describeRecord } from '../../results/published-cache.js';
import type { FetchOptions } from '../../results/published-fetch.js';
import { registryLookup, type TaskLookup } from '../../results/read.js';
import type { DatasetSource } from '../../tasks/data/source.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { getBenchmark } from '../../tasks/registry.js';
import { findTaskTypeSpec } from '../../tasks/task-types.js';
import { type CliIO, defaultIO } from '../cli-io.js';
import { customTasks } from '../select-tasks.js';
import { reportIssues } from './leaderboard.js';
import type { Verbosity } from './options.js';
import { resultsErrorExit } from './results-error-exit.js';

/** The command-line options (see the row in ./index.ts); base and new are the positional arguments. */
export interface DiffOptions extends Verbosity {
  base: string;
  new: string;
  threshold: number;
  failOnRegression?: boolean;
  failOnMissing?: boolean;
  significance?: boolean;
  format: DiffFormat;
  benchmark?: string;
  metrics?: boolean;
  bootstrapSamples: number;
  seed: number;
  basePredictions?: string;
  newPredictions?: string;
  qrelsFromData?: boolean;
  goldFromData?: boolean;
  hubMirror?: string;
  offline?: boolean;
  report?: string;
  /** Custom task definitions, so their results are typed and --gold-from-data can load their gold labels. */
  taskFile?: string[];
}

/** `mteb-ts diff <base> <new>`. */
export async function handler(o: DiffOptions, io: CliIO): Promise<number> {
  const custom = await customTasks(o.taskFile);
  const byName = new Map(custom.map((t) => [t.name, t]));
  return run(
    {
      ...o,
      lookup: custom.length ? (name) => byName.get(name) ?? registryLookup(name) : undefined,
      failOnRegression: !!o.failOnRegression,
      failOnMissing: !!o.failOnMissing,
      significance: !!o.significance,
      metrics: !!o.metrics,
      // --qrels-from-data is the older name: both load what the dataset layer knows (qrels, gold labels)
      qrelsFromData: !!o.qrelsFromData || !!o.goldFromData,
      offline: !!o.offline,
      verbose: !!o.verbose,
      hubMirror: o.hubMirror ?? readEnv().MTEB_HUB_MIRROR,
    },
    io,
  );
}

/** The diff as a library call (tests pass their own environment, lookup, qrels or benchmark spec). */
export interface DiffArgs {
  base: string;
  new: string;
  threshold?: number;
  failOnRegression?: boolean;
  /** Exit 1 when the new side lacks tasks, splits or subsets the base has. */
  failOnMissing?: boolean;
  /** Count a drop as a regression only when its bootstrap interval lies below zero (see DiffOptions.significance). */
  significance?: boolean;
  format?: DiffFormat;
  /** Restrict to a benchmark's tasks, splits and subsets. */
  benchmark?: string;
  /** Also list every metric's delta (table/markdown). */
  metrics?: boolean;
  bootstrapSamples?: number;
  seed?: number;
  basePredictions?: string;
  newPredictions?: string;
  verbose?: boolean;
  /** Defaults to this process's environment (read through core/env.ts); tests pass their own. */
  env?: Record<string, string | undefined>;
  /**
   * Load qrels and gold labels through the dataset layer (mirror / hub cache): per-query scores from saved runs, and
   * per-sample values from mteb-written predictions of the other types (`--gold-from-data`, also `--qrels-from-data`).
   */
  qrelsFromData?: boolean;
  hubMirror?: string;
  /** With qrelsFromData: only the HF cache and the mirror (like HF_HUB_OFFLINE=1). */
  offline?: boolean;
  lookup?: TaskLookup;
  qrels?: ScoreDiffOptions['qrels'];
  /** Tests: per-sample values joined from predictions and gold labels, instead of loading them (qrelsFromData). */
  goldJoined?: ScoreDiffOptions['goldJoined'];
  /** Tests and embedders: a ready benchmark definition instead of `benchmark` from the registry. */
  benchmarkSpec?: BenchmarkSpec;
  /** Also write a self-contained HTML report (both models' table, per-type charts, the delta chart) here. */
  report?: string;
  /** Tests: where `published:<model>` sides come from (default: the environment). */
  published?: Partial<FetchOptions>;
}

export async function run(args: DiffArgs, io: CliIO = defaultIO()): Promise<number> {
  const format = args.format ?? 'table';
  if (!DIFF_FORMATS.includes(format)) {
    io.stderr(`error: unknown --format ${format} (choose ${DIFF_FORMATS.join(', ')})`);
    return 2;
  }
  if (!args.base || !args.new) {
    io.stderr('error: usage: mteb-ts diff <base> <new>');
    return 2;
  }
  const threshold = args.threshold ?? 0.5;
  if (!Number.isFinite(threshold) || threshold < 0) {
    io.stderr(`error: --threshold must be a non-negative number of points, got ${args.threshold}`);
    return 2;
  }
  const lookup = args.lookup ?? registryLookup;
  let report: DiffReport;
  let sides: { base: ModelRun; next: ModelRun } | undefined;
  try {
    const base = await loadSide(args.base, 'base', lookup, io, args);
    const next = await loadSide(args.new, 'new', lookup, io, args);
    if (!base || !next) return 2;
    sides = { base, next };
    const spec = args.benchmarkSpec ?? (args.benchmark ? benchmarkSpec(getBenchmark(args.benchmark)) : undefined);
    const tasks: Map<string, TaskMetadata> | undefined = spec?.metadata;
    let qrels = args.qrels;
    let goldJoined = args.goldJoined;
    if (args.qrelsFromData && (!qrels || !goldJoined)) {
      const { createDatasetSource } = await import('../../tasks/data/source.js');
      const { dataOptionsFrom } = await import('./options.js');
      const source = createDatasetSource(dataOptionsFrom({ hubMirror: args.hubMirror, offline: args.offline }, io));
      const taskLookup = (n: string) => tasks?.get(n) ?? lookup(n);
      qrels ??= await preloadQrels(base, next, taskLookup, args, io, source);
      if (!goldJoined) {
        const { preloadGoldJoins } = await import('./diff-gold.js');
        goldJoined = await preloadGoldJoins(
          { base, next, basePredictions: args.basePredictions, newPredictions: args.newPredictions },
          taskLookup,
          source,
          (m) => io.stderr(`warning: ${m}`),
        );
      }
    }
    report = diffRuns(base, next, {
      threshold,
      lookup,
      benchmark: spec,
      bootstrapSamples: args.bootstrapSamples,
      seed: args.seed,
      basePredictions: args.basePredictions,
      newPredictions: args.newPredictions,
      qrels,
      goldJoined,
      significance: args.significance,
    });
  } catch (e) {
    return resultsErrorExit(io, e, !!args.verbose);
  }
  if (args.report) {
    const { writeFileSync } = await import('node:fs');
    const { renderHtmlReport } = await import('../../results/report-html.js');
    const { aggregateBenchmark } = await import('../../results/aggregate.js');
    const spec = args.benchmarkSpec ?? (args.benchmark ? benchmarkSpec(getBenchmark(args.benchmark)) : undefined) ?? specFromDiff(report, lookup);
    const lb = aggregateBenchmark([sides!.base, sides!.next], spec);
    writeFileSync(
      args.report,
      renderHtmlReport(lb, { diff: report, title: `mteb-ts diff: ${report.base.model} -> ${report.new.model}`, generated: new Date().toISOString() }),
    );
    io.stderr(`wrote ${args.report}`);
  }
  const text = formatDiff(report, format, { metrics: args.metrics, failOnMissing: args.failOnMissing });
  io.stdout(text);
  if (format === 'github') {
    const summary = readEnv(args.env).GITHUB_STEP_SUMMARY;
    if (summary) appendFileSync(summary, `${text}\n\n`);
    else io.stderr('note: GITHUB_STEP_SUMMARY is not set; the summary was printed only');
  }
  const regressed = report.regressions.length > 0 || report.aggregate.regression;
  const missing = [...report.missing, ...report.incomplete];
  if (args.failOnMissing && missing.length) io.stderr(`error: the new run lacks results the base has: ${missing.join(', ')} (--fail-on-missing)`);
  return (regressed && args.failOnRegression) || (missing.length && args.failOnMissing) ? 1 : 0;
}

/** Collects one side; it must resolve to exactly one model (revisions are joined like mteb). `published:<model>` reads the published results. */
async function loadSide(p: string, label: string, lookup: TaskLookup, io: CliIO, args: DiffArgs): Promise<ModelRun | undefined> {
  const verbose = !!args.verbose;
  const model = publishedSpec(p);
  if (model !== undefined) {
    if (!model) {
      io.stderr(`error: ${label}: name one published model, e.g. published:sentence-transformers/all-MiniLM-L6-v2`);
      return undefined;
    }
    const got = await publishedRuns({
      models: [model],
      lookup,
      source: args.published,
      log: verbose ? (m) => io.stderr(m) : undefined,
      warn: (m) => io.stderr(`warning: ${m}`),
    });
    reportIssues(io, got.issues, verbose);
    const u = got.unmatched[0];
    if (u || !got.runs.length) {
      io.stderr(
        `error: ${label}: no published results for model "${model}"${u?.suggestions.length ? ` (did you mean ${u.suggestions.join(', ')}?)` : ''} in ${got.outcome.paths.cachedResults}`,
      );
      return undefined;
    }
    io.stderr(`${label}: published results of ${got.runs[0]!.model} at ${got.runs[0]!.revision} (${describeRecord(got.outcome.record)})`);
    return got.runs[0];
  }
  const c = collectResults([p], { lookup });
  reportIssues(io, c.issues, verbose);
  const runs = joinRevisions(c.runs);
  if (!runs.length) {
    io.stderr(`error: no readable result files for ${label} (${p})`);
    return undefined;
  }
  if (runs.length > 1) {
    io.stderr(
      `error: ${label} (${p}) holds results of ${runs.length} models (${runs.map((r) => r.model).join(', ')}); point it at one model's folder`,
    );
    return undefined;
  }
  return runs[0];
}

/**
 * Qrels for the retrieval/reranking tasks whose runs both sides saved (and that lack per-query sidecars),
 * loaded through the dataset layer exactly as the evaluator loads them.
 */
async function preloadQrels(
  base: ModelRun,
  next: ModelRun,
  lookup: TaskLookup,
  args: DiffArgs,
  io: CliIO,
  source: DatasetSource,
): Promise<ScoreDiffOptions['qrels']> {
  const { loadContext } = await import('../task-data.js');
  const { loadRetrievalData } = await import('../../tasks/types/retrieval-data.js');
  const found = (run: ModelRun, override: string | undefined, task: string, file: (d: string, t: string) => string) =>
    predictionDirs(run, override)
      .map((d) => file(d, task))
      .find((f) => existsSync(f));
  const cache = new Map<string, Qrels>();
  for (const task of [...base.results.keys()].filter((t) => next.results.has(t))) {
    const meta = lookup(task);
    const ranking = meta && findTaskTypeSpec(meta.type)?.ranking;
    // InstructionReranking's main score is p-MRR, which diff-gold.ts rebuilds from qrel_diff
    if (!meta || !ranking || meta.type === 'InstructionReranking') continue;
    const pa = found(base, args.basePredictions, task, predictionsPath);
    const pb = found(next, args.newPredictions, task, predictionsPath);
    if (!pa || !pb) continue;
    const has = (file: (d: string, t: string) => string) =>
      found(base, args.basePredictions, task, file) && found(next, args.newPredictions, task, file);
    if (has(perQueryPath) || has(perSamplePath)) continue;
    for (const key of readPredictions(pa).keys()) {
      const [split, subset] = key.split('\u0000') as [string, string];
      try {
        const data = await loadRetrievalData(loadContext(meta, split, subset, source), { requireTopRanked: ranking.requireTopRanked });
        cache.set(`${task}\u0000${key}`, data.qrels);
      } catch (e) {
        io.stderr(
          `warning: no qrels for ${task} ${split}/${subset}, skipping its per-query bootstrap: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
        );
      }
    }
  }
  return (task, split, subset) => cache.get(`${task}\u0000${split}\u0000${subset}`);
}

/** Without a benchmark the report covers the diffed tasks the registry knows (their type is needed for charts). */
function specFromDiff(report: DiffReport, lookup: TaskLookup): BenchmarkSpec {
  const metadata = new Map<string, TaskMetadata>();
  for (const t of report.tasks) {
    const m = lookup(t.task);
    if (m) metadata.set(t.task, m);
  }
  return { name: 'diff', tasks: [...metadata.values()].map((m) => ({ name: m.name, type: m.type })), metadata, aggregates: {} };
}
