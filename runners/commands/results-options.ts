/**
 * Declarative option tables for `leaderboard` and `diff`, in the same shape as runners/cli.ts's OPTIONS
 * entries, plus converters from commander's parsed options to the commands' argument objects.
 * The CLI wires them as:
 *   OPTIONS.leaderboard = LEADERBOARD_OPTIONS; OPTIONS.diff = DIFF_OPTIONS;
 *   program.command('leaderboard') ... .action(async (o) => (code = await (await import('./commands/leaderboard.js')).run(leaderboardArgs(o), io)))
 *   program.command('diff').argument('<base>').argument('<new>') ... .action(async (b, n, o) => (code = await (await import('./commands/diff.js')).run(diffArgs(b, n, o), io)))
 */
import { ConfigError } from '../../core/errors.js';
import type { DiffArgs } from './diff.js';
import type { LeaderboardArgs } from './leaderboard.js';

export interface ResultsOptSpec {
  flags: string;
  description: string;
  default?: unknown;
  choices?: readonly string[];
  parse?: (value: string, previous: unknown) => unknown;
}

const list = (v: string, prev: unknown) => [...((prev as string[] | undefined) ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number, got "${v}"`);
  return n;
};
const integer = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
};

export const LEADERBOARD_FORMATS = ['table', 'markdown', 'csv', 'json', 'html'] as const;
export const DIFF_FORMATS = ['table', 'markdown', 'json', 'github'] as const;

export const LEADERBOARD_OPTIONS: ResultsOptSpec[] = [
  { flags: '-b, --benchmark <name>', description: 'benchmark to aggregate, e.g. "MTEB(eng, v1)" (see `list benchmarks`)' },
  { flags: '--results <dir...>', description: 'result folders (<model>/<revision>/<Task>.json below them), files also accepted', parse: list },
  { flags: '--format <format>', description: 'output format', default: 'table', choices: LEADERBOARD_FORMATS },
  { flags: '-o, --output <file>', description: 'write the output to this file instead of stdout' },
  { flags: '--revisions', description: "keep each model revision as its own row (default: join revisions like mteb)" },
  { flags: '-v, --verbose', description: 'list every warning about result files' },
];

export const DIFF_OPTIONS: ResultsOptSpec[] = [
  { flags: '--threshold <points>', description: 'a task regresses when its main score drops by more than this many points (×100)', default: 0.5, parse: nonNegative('--threshold') },
  { flags: '--fail-on-regression', description: 'exit with code 1 when something regressed beyond the threshold' },
  { flags: '--format <format>', description: 'output format (github also appends to $GITHUB_STEP_SUMMARY)', default: 'table', choices: DIFF_FORMATS },
  { flags: '-b, --benchmark <name>', description: "restrict to a benchmark's tasks/splits/subsets; the aggregate line uses its task scores" },
  { flags: '--metrics', description: 'list the delta of every metric, not only main scores' },
  { flags: '--bootstrap-samples <n>', description: 'bootstrap resamples', default: 1000, parse: integer('--bootstrap-samples', 1) },
  { flags: '--seed <n>', description: 'bootstrap seed (numpy RandomState stream)', default: 42, parse: integer('--seed', 0) },
  { flags: '--base-predictions <dir>', description: 'predictions folder of <base> (default <base run>/predictions)' },
  { flags: '--new-predictions <dir>', description: 'predictions folder of <new> (default <new run>/predictions)' },
  { flags: '--qrels-from-data', description: 'load qrels through the dataset layer to score saved runs per query' },
  { flags: '--hub-mirror <dir>', description: 'local HF mirror for --qrels-from-data (env MTEB_HUB_MIRROR)' },
  { flags: '--report <file>', description: 'also write an HTML report with the delta chart' },
  { flags: '-v, --verbose', description: 'list every warning about result files' },
];

export function leaderboardArgs(o: Record<string, unknown>): LeaderboardArgs {
  return {
    benchmark: String(o.benchmark ?? ''),
    results: (o.results as string[] | undefined) ?? [],
    format: o.format as LeaderboardArgs['format'],
    output: o.output as string | undefined,
    revisions: !!o.revisions,
    verbose: !!o.verbose,
  };
}

export function diffArgs(base: string, next: string, o: Record<string, unknown>): DiffArgs {
  return {
    base,
    new: next,
    threshold: o.threshold as number | undefined,
    failOnRegression: !!o.failOnRegression,
    format: o.format as DiffArgs['format'],
    benchmark: o.benchmark as string | undefined,
    metrics: !!o.metrics,
    bootstrapSamples: o.bootstrapSamples as number | undefined,
    seed: o.seed as number | undefined,
    basePredictions: o.basePredictions as string | undefined,
    newPredictions: o.newPredictions as string | undefined,
    qrelsFromData: !!o.qrelsFromData,
    hubMirror: (o.hubMirror as string | undefined) ?? process.env.MTEB_HUB_MIRROR,
    report: o.report as string | undefined,
    verbose: !!o.verbose,
  };
}
