/**
 * `mteb-ts leaderboard [-b "MTEB(eng, v1)"] --results <dir> [<dir> ...] [--task-file f] [--format table|markdown|csv|json|html] [--output file]`
 * Without -b: every task in the results that the registry or --task-file knows (custom tasks get a leaderboard).
 * Exit codes: 0 ok (missing tasks are reported, not fatal), 2 usage or input errors (unknown benchmark,
 * no readable results).
 */
import { writeFileSync } from 'node:fs';
import { MtebError } from '../../core/errors.js';
import { getBenchmark } from '../../tasks/registry.js';
import { aggregateBenchmark, benchmarkSpec, specFromResults, type BenchmarkSpec, type Leaderboard } from '../../results/aggregate.js';
import { collectResults, joinRevisions, type Issue } from '../../results/collect.js';
import { formatLeaderboard, LEADERBOARD_FORMATS, type LeaderboardFormat } from '../../results/format.js';
import { filterRuns, type ModelFilter } from '../../results/model-filter.js';
import type { ZeroShotSetting } from '../../results/model-filter-settings.js';
import { registryLookup, type TaskLookup } from '../../results/read.js';
import { defaultIO, type CliIO } from '../cli-io.js';
import { printError } from '../cli-report.js';
import { customTasks } from '../select-tasks.js';
import type { Verbosity } from './options.js';

/** The command-line options (see the row in ./index.ts). */
export interface LeaderboardOptions extends Verbosity {
  benchmark?: string;
  results?: string[];
  format: LeaderboardFormat;
  output?: string;
  revisions?: boolean;
  taskFile?: string[];
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
  return run({ benchmark: o.benchmark ?? '', results: o.results ?? [], format: o.format, output: o.output, revisions: !!o.revisions, verbose: !!o.verbose, lookup, filter, highlight: o.highlight }, io);
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
  try {
    const given = args.spec ?? (args.benchmark ? benchmarkSpec(getBenchmark(args.benchmark)) : undefined);
    const collected = collectResults(args.results, { lookup: args.lookup });
    issues = collected.issues;
    if (!collected.runs.length) {
      reportIssues(io, issues, true);
      io.stderr(`error: no readable result files under ${args.results.join(', ')}`);
      return 2;
    }
    let runs = args.revisions ? collected.runs : joinRevisions(collected.runs);
    spec = given ?? specFromResults(runs, args.lookup ?? registryLookup);
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
    if (e instanceof MtebError) {
      printError(io, e, !!args.verbose);
      return 2;
    }
    throw e;
  }
  // Bad files of tasks this benchmark does not use are only counted (listed with --verbose).
  const used = new Set(lb.tasks.flatMap((t) => [t.name, ...(spec.aggregates[t.name] ?? [])]));
  reportIssues(io, issues.map((i) => (i.level === 'error' && i.task && !used.has(i.task) ? { ...i, level: 'warning' as const } : i)), !!args.verbose);
  if (args.highlight && !lb.rows.some((r) => r.model === args.highlight || `${r.model}@${r.revision}` === args.highlight)) {
    io.stderr(`error: --highlight ${args.highlight} is not among the models (${lb.rows.map((r) => r.model).join(', ')})`);
    return 2;
  }
  const text = formatLeaderboard(lb, format, { generated: new Date().toISOString(), highlight: args.highlight });
  if (args.output) {
    writeFileSync(args.output, text.endsWith('\n') ? text : `${text}\n`);
    io.stderr(`wrote ${args.output}`);
  } else io.stdout(text);
  const missing = lb.rows.reduce((a, r) => a + r.missing.length, 0);
  if (missing) io.stderr(`note: ${missing} task result${missing > 1 ? 's are' : ' is'} missing across ${lb.rows.filter((r) => r.missing.length).length} model(s); see the "missing" list`);
  return 0;
}

export function reportIssues(io: CliIO, issues: readonly Issue[], verbose: boolean): void {
  const errors = issues.filter((i) => i.level === 'error');
  const warnings = issues.filter((i) => i.level === 'warning');
  for (const i of errors) io.stderr(`error: ${i.message}`);
  if (verbose) for (const i of warnings) io.stderr(`warning: ${i.message}`);
  else if (warnings.length) io.stderr(`${warnings.length} warning(s) about result files not used here (e.g. tasks unknown to the registry or outside the benchmark); use --verbose to list them`);
}
