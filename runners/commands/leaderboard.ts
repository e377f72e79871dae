/**
 * `mteb-ts leaderboard [-b "MTEB(eng, v1)"] --results <dir> [<dir> ...] [--task-file f] [--format table|markdown|csv|json|html] [--output file]`
 * Without -b: every task in the results that the registry or --task-file knows (custom tasks get a leaderboard).
 * Exit codes: 0 ok (missing tasks are reported, not fatal), 2 usage or input errors (unknown benchmark,
 * no readable results).
 */
import { writeFileSync } from 'node:fs';
import { aggregateBenchmark, type BenchmarkSpec, benchmarkSpec, type Leaderboard, specFromResults } from '../../results/aggregate.js';
import { collectResults, type Issue, joinRevisions, type ModelRun } from '../../results/collect.js';
import { formatLeaderboard, LEADERBOARD_FORMATS, type LeaderboardFormat } from '../../results/format.js';
import { filterRuns, type ModelFilter } from '../../results/model-filter.js';
import type { ZeroShotSetting } from '../../results/model-filter-settings.js';
import { publishedRuns, publishedSpec } from '../../results/published.js';
import { describeRecord } from '../../results/published-cache.js';
import type { FetchOptions } from '../../results/published-fetch.js';
import { registryLookup, type TaskLookup } from '../../results/read.js';
import { getBenchmark } from '../../tasks/registry.js';
import { type CliIO, defaultIO } from '../cli-io.js';
import { customTasks } from '../select-tasks.js';
import type { Verbosity } from './options.js';
import { resultsErrorExit } from './results-error-exit.js';

/** The command-line options (see the row in ./index.ts). */
export interface LeaderboardOptions extends Verbosity {
  benchmark?: string;
  results?: string[];
  format: LeaderboardFormat;
  output?: string;
  revisions?: boolean;
  taskFile?: string[];
  models?: string[];
  top?: number;
  zeroShot?: ZeroShotSetting;
  /** Parsed from "500M", "1.5B" or a plain count. */
  maxParams?: number;
  openWeights?: boolean;
  highlight?: string;
}

/** `mteb-ts leaderboard`. */
export async function handler(o: LeaderboardOptions, io: CliIO): Promise<number> {
  const custom = await customTasks(o.taskFile);
  const byName = new Map(custom.map((t) => [t.name, t]));
  const lookup: TaskLookup | undefined = custom.length ? (name) => byName.get(name) ?? registryLookup(name) : undefined;
  const filter: ModelFilter = { zeroShot: o.zeroShot, maxParameters: o.maxParams, openWeights: o.openWeights };
  return run(
    {
      benchmark: o.benchmark ?? '',
      results: o.results ?? [],
      format: o.format,
      output: o.output,
      revisions: !!o.revisions,
      verbose: !!o.verbose,
      lookup,
      models: o.models,
      top: o.top,
      filter,
      highlight: o.highlight,
    },
    io,
  );
}

/** The leaderboard as a library call (tests and embedders pass a ready spec or lookup). */
export interface LeaderboardArgs {
  benchmark: string;
  results: string[];
  format?: LeaderboardFormat;
  /** Write the rendered output here instead of stdout (html defaults to stdout too). */
  output?: string;
  /** Keep each model revision as its own row (default: join revisions like mteb). */
  revisions?: boolean;
  verbose?: boolean;
  /** Tests and embedders: a ready benchmark definition / task lookup instead of the registry. */
  spec?: BenchmarkSpec;
  lookup?: TaskLookup;
  /** Published results (`published`, `published:<model>` in `results`): keep only these models. */
  models?: string[];
  /** Published results: keep the N best-ranked published models on this benchmark. */
  top?: number;
  /** Tests: where the published results come from (default: the environment). */
  published?: Partial<FetchOptions>;
  /** Keep only some models (zero-shot, size, open weights), as mteb's leaderboard filters do. */
  filter?: ModelFilter;
  /** html: the model set against the field first (org/name or org/name@revision). */
  highlight?: string;
}

export async function run(args: LeaderboardArgs, io: CliIO = defaultIO()): Promise<number> {
  const format = args.format ?? 'table';
  if (!LEADERBOARD_FORMATS.includes(format)) {
    io.stderr(`error: unknown --format ${format} (choose ${LEADERBOARD_FORMATS.join(', ')})`);
    return 2;
  }
  if (!args.results?.length) {
    io.stderr('error: give at least one --results folder');
    return 2;
  }
  let lb: Leaderboard;
  let issues: Issue[];
  let spec: BenchmarkSpec;
  // Mixed with published results, "my model" (the one the html report sets against the field) is a local one.
  let localModels: Set<string> | undefined;
  try {
    const given = args.spec ?? (args.benchmark ? benchmarkSpec(getBenchmark(args.benchmark)) : undefined);
    const folders = args.results.filter((r) => publishedSpec(r) === undefined);
    const wanted = args.results.map(publishedSpec).filter((m): m is string => m !== undefined);
    const collected = folders.length ? collectResults(folders, { lookup: args.lookup }) : { runs: [], issues: [] };
    issues = collected.issues;
    let runs = args.revisions ? collected.runs : joinRevisions(collected.runs);
    if (wanted.length && !given && !runs.length && wanted.includes('')) {
      io.stderr('error: give a benchmark (-b) to rank all published models, or name them: published:<model>');
      return 2;
    }
    // Without -b the tasks are those of the local results (else of the named published models).
    let published: { runs: ModelRun[]; issues: Issue[] } | undefined;
    if (wanted.length) {
      published = await publishedFor(
        wanted,
        args,
        given ?? (runs.length ? specFromResults(runs, args.lookup ?? registryLookup) : undefined),
        runs,
        io,
      );
      if (!published) return 2;
    } else if (args.models?.length || args.top) {
      io.stderr('note: --models and --top select published results; add --results published');
    }
    if (!runs.length && !published?.runs.length) {
      reportIssues(io, issues, true);
      io.stderr(`error: no readable result files under ${args.results.join(', ')}`);
      return 2;
    }
    const local = runs;
    if (published) localModels = new Set(local.map((r) => r.model));
    if (published) {
      issues = [...issues, ...published.issues];
      runs = [...runs, ...published.runs];
    }
    spec = given ?? specFromResults(local.length ? local : runs, args.lookup ?? registryLookup);
    if (!spec.tasks.length) {
      reportIssues(io, issues, true);
      io.stderr('error: none of the result files is of a task the registry knows; give -b <benchmark>, or --task-file for custom tasks');
      return 2;
    }
    if (args.filter && (args.filter.zeroShot || args.filter.maxParameters !== undefined || args.filter.openWeights)) {
      const { runs: kept, dropped } = filterRuns(runs, spec, args.filter);
      if (dropped.length) {
        io.stderr(`${dropped.length} model(s) left out by the filters${args.verbose ? ':' : ' (--verbose lists them)'}`);
        if (args.verbose) for (const d of dropped) io.stderr(`  ${d.model}: ${d.reason}`);
      }
      if (!kept.length) {
        io.stderr('error: no model passes the filters');
        return 2;
      }
      runs = kept;
    }
    lb = aggregateBenchmark(runs, spec);
  } catch (e) {
    return resultsErrorExit(io, e, !!args.verbose);
  }
  // Bad files of tasks this benchmark does not use are only counted (listed with --verbose).
  const used = new Set(lb.tasks.flatMap((t) => [t.name, ...(spec.aggregates[t.name] ?? [])]));
  reportIssues(
    io,
    issues.map((i) => (i.level === 'error' && i.task && !used.has(i.task) ? { ...i, level: 'warning' as const } : i)),
    !!args.verbose,
  );
  if (args.highlight && !lb.rows.some((r) => r.model === args.highlight || `${r.model}@${r.revision}` === args.highlight)) {
    io.stderr(`error: --highlight ${args.highlight} is not among the models (${lb.rows.map((r) => r.model).join(', ')})`);
    return 2;
  }
  const highlight = args.highlight ?? (localModels ? lb.rows.find((r) => localModels.has(r.model))?.model : undefined);
  const text = formatLeaderboard(lb, format, { generated: new Date().toISOString(), highlight });
  if (args.output) {
    writeFileSync(args.output, text.endsWith('\n') ? text : `${text}\n`);
    io.stderr(`wrote ${args.output}`);
  } else io.stdout(text);
  const missing = lb.rows.reduce((a, r) => a + r.missing.length, 0);
  if (missing)
    io.stderr(
      `note: ${missing} task result${missing > 1 ? 's are' : ' is'} missing across ${lb.rows.filter((r) => r.missing.length).length} model(s); see the "missing" list`,
    );
  return 0;
}

export function reportIssues(io: CliIO, issues: readonly Issue[], verbose: boolean): void {
  const errors = issues.filter((i) => i.level === 'error');
  const warnings = issues.filter((i) => i.level === 'warning');
  for (const i of errors) io.stderr(`error: ${i.message}`);
  if (verbose) for (const i of warnings) io.stderr(`warning: ${i.message}`);
  else if (warnings.length)
    io.stderr(
      `${warnings.length} warning(s) about result files not used here (e.g. tasks unknown to the registry or outside the benchmark); use --verbose to list them`,
    );
}

/**
 * The published runs to rank next to the local ones. `published` alone means every published model (narrowed by
 * --models); `published:<model>` names one. --top N keeps the N published models ranked best on this benchmark
 * (ranked among the published ones; the final table ranks the kept models together with the local ones).
 * A published model that is also in a local folder is shown as `<name> (published)`.
 */
async function publishedFor(
  wanted: string[],
  args: LeaderboardArgs,
  spec: BenchmarkSpec | undefined,
  local: readonly ModelRun[],
  io: CliIO,
): Promise<{ runs: ModelRun[]; issues: Issue[] } | undefined> {
  const all = wanted.includes('');
  const models = all ? args.models : [...wanted, ...(args.models ?? [])];
  const got = await publishedRuns({
    models,
    lookup: args.lookup,
    source: args.published,
    log: args.verbose ? (m) => io.stderr(m) : undefined,
    warn: (m) => io.stderr(`warning: ${m}`),
  });
  for (const u of got.unmatched)
    io.stderr(`warning: no published results for model "${u.name}"${u.suggestions.length ? ` (did you mean ${u.suggestions.join(', ')}?)` : ''}`);
  let runs = got.runs;
  if (!runs.length) {
    io.stderr(`error: no published results match${models?.length ? ` ${models.join(', ')}` : ''} (${got.outcome.paths.cachedResults})`);
    return undefined;
  }
  if (spec) {
    // Published models with no score on this benchmark are left out (mteb's leaderboard does not list them either).
    const ranked = aggregateBenchmark(runs, spec).rows.filter((r) => Object.values(r.perTask).some((t) => t.score !== null));
    const keep = new Set((args.top === undefined ? ranked : ranked.slice(0, args.top)).map((r) => r.model));
    runs = runs.filter((r) => keep.has(r.model));
  }
  const localNames = new Set(local.map((r) => r.model));
  runs = runs.map((r) => (localNames.has(r.model) ? { ...r, model: `${r.model} (published)` } : r));
  io.stderr(`published results: ${runs.length} model(s) from ${got.outcome.paths.cachedResults} (${describeRecord(got.outcome.record)})`);
  return { runs, issues: got.issues.map((i) => ({ ...i, level: 'warning' as const })) };
}
