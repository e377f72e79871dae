/**
 * The CLI's command table: one row per command, in help order. A row holds the command's description, its
 * positional arguments, its option table (typed by the options interface its handler takes, so a missing,
 * misspelt or mistyped option is a compile error) and a lazy import of its handler file, so `--help` and
 * `list` never load the evaluators or onnxruntime.
 *
 * Adding a command: one row here and one handler file in this folder that exports its options interface and
 * `handler(options, io): Promise<number>` (see docs/architecture.md).
 */

import { ConfigError } from '../../core/errors.js';
import { DIFF_FORMATS, LEADERBOARD_FORMATS } from '../../results/format.js';
import { parseParameterCount, ZERO_SHOT_SETTINGS } from '../../results/model-filter-settings.js';
import type { CliIO } from '../cli-io.js';
import { type AnyOptions, type CliOptions, integerAtLeast, list, names, nonNegative, positiveInt } from '../cli-options.js';
import { CO2_DEFAULTS } from '../co2-tracker.js';
import { OVERWRITE_STRATEGIES } from '../result-store.js';
import { UNIT_KINDS } from '../shard/plan.js';
import type { CreateModelResultsOptions } from './create-model-results.js';
import type { DemoOptions } from './demo.js';
import type { DiffOptions } from './diff.js';
import type { DownloadOptions } from './download.js';
import type { EmbedOptions } from './embed.js';
import type { LeaderboardOptions } from './leaderboard.js';
import type { ListOptions } from './list.js';
import type { MergeOptions } from './merge.js';
import { DATA_OPTIONS, MODEL_ID_OPTION, MODEL_OPTIONS, TASK_FILTER_OPTIONS, type Verbosity } from './options.js';
import type { PlanOptions } from './plan.js';
import type { QueueOptions } from './queue.js';
import type { ResultsOptions } from './results.js';
import type { RunOptions } from './run.js';
import type { TextsOptions } from './texts.js';
import type { WorkerCliOptions } from './worker.js';

const parameterCount = (v: string): number => {
  const n = parseParameterCount(v);
  if (n === undefined) throw new ConfigError(`--max-params must be a parameter count such as 500M, 1.5B or 22700000, got "${v}"`);
  return n;
};

export type CommandHandler<O> = (options: O, io: CliIO) => Promise<number>;

/** A command as written in the table; `A` names the options that are positional arguments. */
export interface CommandSpec<O extends Verbosity, A extends keyof O = never> {
  description: string;
  /** Positional arguments in order: name -> help text ('' shows none). The handler gets them as options. */
  args?: { readonly [K in A]: string };
  /** The last positional argument, when it takes every remaining value (`<dir...>`). */
  variadic?: A;
  options: CliOptions<Omit<O, A | keyof Verbosity>>;
  /** Help text of -v/--verbose, which every command has. */
  verbose?: string;
  /** For commands that resume: what Ctrl-C / SIGTERM prints after "interrupted" (what is kept, how to go on). */
  interrupted?: string;
  load: () => Promise<{ handler: CommandHandler<O> }>;
}

/** A table row with its types erased, as the CLI wiring reads it. */
export interface CommandRow {
  readonly description: string;
  readonly args: Readonly<Record<string, string>>;
  readonly variadic?: string;
  readonly options: AnyOptions;
  readonly verbose: string;
  readonly interrupted?: string;
  /** Runs the handler with commander's parsed values (built from this row, so they have the handler's type). */
  run(values: Record<string, unknown>, io: CliIO): Promise<number>;
}

function command<O extends Verbosity, A extends keyof O = never>(spec: CommandSpec<O, A>): CommandRow {
  return {
    description: spec.description,
    args: (spec.args ?? {}) as Readonly<Record<string, string>>,
    variadic: spec.variadic as string | undefined,
    options: spec.options,
    verbose: spec.verbose ?? 'show stack traces',
    interrupted: spec.interrupted,
    run: async (values, io) => (await spec.load()).handler(values as O, io),
  };
}

const { tasks: _tasks, taskFile: _taskFile, ...LIST_FILTERS } = TASK_FILTER_OPTIONS;
// Folders, caches, threads and devices are each worker's own; the other model flags travel with a queue job.
const { cacheDir: _cacheDir, cache: _cache, threads: _threads, device: _device, ...JOB_MODEL_OPTIONS } = MODEL_OPTIONS;

const RUN_SCORE_OPTIONS = {
  model: MODEL_ID_OPTION,
  ...TASK_FILTER_OPTIONS,
  ...MODEL_OPTIONS,
  ...DATA_OPTIONS,
  firstStage: { argument: '<folder|bm25>', description: "rerankers on Retrieval tasks: candidates from an earlier run's prediction folder, or bm25" },
  rerankTopK: {
    argument: '<n>',
    description: "first-stage candidates per query (mteb's convert_to_reranking default 10)",
    parse: positiveInt('--rerank-top-k'),
  },
  sklearnVersion: {
    argument: '<v>',
    description: 'scikit-learn release whose classification/clustering results to reproduce (default 1.9.1; env MTEB_TS_SKLEARN_VERSION)',
  },
  unit: { argument: '<unit>', description: 'work unit of a sharded run: task (default) or subset', choices: UNIT_KINDS },
} as const;

const REDIS_OPTIONS = {
  redis: { argument: '<url>', description: 'Redis: redis://host:6379, rediss://..., unix:/path/redis.sock (env MTEB_TS_REDIS_URL)' },
  queue: { argument: '<name>', description: 'queue name', default: 'mteb-ts' },
} as const;

export const COMMANDS = {
  run: command<RunOptions>({
    description: 'evaluate a model on tasks or a benchmark',
    options: {
      ...RUN_SCORE_OPTIONS,
      outputFolder: { argument: '<dir>', description: 'where result files go', default: 'mteb-results' },
      overwriteStrategy: { argument: '<s>', description: 'what to do with existing results', default: 'only-missing', choices: OVERWRITE_STRATEGIES },
      predictionFolder: {
        argument: '<dir>',
        description: "save every task's predictions here in mteb's format (<Task>_predictions.json, plus <Task>_per_sample.json for diff)",
      },
      co2Tracker: {
        description:
          "estimate each task's energy and CO2 into kg_co2_emissions: RAPL counters where /sys/class/powercap exposes them, else CPU-seconds × --co2-watts; the method is recorded in runner.co2",
        negate: 'also',
        negatedDescription: 'no CO2 estimate (the default)',
      },
      co2Watts: {
        argument: '<watts>',
        description: `with --co2-tracker and no RAPL: watts per busy CPU core (default ${CO2_DEFAULTS.wattsPerCore})`,
        parse: nonNegative('--co2-watts'),
      },
      co2Intensity: {
        argument: '<g/kWh>',
        description: `with --co2-tracker: grid carbon intensity, g CO2 per kWh (default ${CO2_DEFAULTS.intensity}, codecarbon's world average)`,
        parse: nonNegative('--co2-intensity'),
      },
      savePredictions: { description: 'save predictions into <output-folder>/<model>/<revision>/predictions (where `diff` looks)' },
      json: { description: 'print the run summary as JSON on stdout' },
      shard: { argument: '<i/N>', description: 'run only shard i of N of the plan (1-based; see `plan`), recording a manifest for `merge`' },
      quiet: { description: 'no progress output (by default: a live line on a TTY, a line every 30 s otherwise)' },
    },
    verbose: 'log progress and show stack traces',
    interrupted:
      'finished tasks are written, and the task in progress is checkpointed after each split/subset (.partial/); rerun the same command to resume',
    load: () => import('./run.js'),
  }),
  plan: command<PlanOptions>({
    description: 'split a run into deterministic shards: work units, their shard, the planHash',
    options: {
      ...RUN_SCORE_OPTIONS,
      shards: { argument: '<n>', description: 'number of shards', parse: positiveInt('--shards') },
      json: { description: 'print the plan as one JSON line (its "matrix" feeds a CI matrix)' },
    },
    load: () => import('./plan.js'),
  }),
  merge: command<MergeOptions, 'dirs'>({
    description: 'merge the result folders of `run --shard` into the folder one run would have written',
    args: { dirs: 'shard result folders' },
    variadic: 'dirs',
    options: {
      out: { argument: '<dir>', description: 'output folder for the merged results' },
      json: { description: 'print the merge report as JSON' },
    },
    load: () => import('./merge.js'),
  }),
  queue: command<QueueOptions, 'action'>({
    description: 'distributed runs on BullMQ/Redis: submit jobs, watch status, retry failed jobs, collect results, open the dashboard',
    args: { action: 'submit | status | retry-failed | collect | dashboard' },
    options: {
      ...REDIS_OPTIONS,
      model: { short: '-m', argument: '<model>', description: 'submit: model id (as for run)' },
      ...TASK_FILTER_OPTIONS,
      ...JOB_MODEL_OPTIONS,
      sklearnVersion: { argument: '<v>', description: 'submit: scikit-learn release to reproduce (as for run)' },
      unit: { argument: '<unit>', description: 'submit: one job per task (default) or per (split, subset)', choices: UNIT_KINDS },
      attempts: { argument: '<n>', description: 'submit: attempts per job before it fails', default: 3, parse: positiveInt('--attempts') },
      fanOutChunk: {
        argument: '<n>',
        description: 'submit: retrieval corpora are encoded by child jobs of n documents into the shared embedding cache',
        parse: positiveInt('--fan-out-chunk'),
      },
      poolRpm: {
        argument: '<n>',
        description: 'submit: API requests per minute for the whole pool (held in Redis)',
        parse: positiveInt('--pool-rpm'),
      },
      poolTpm: { argument: '<n>', description: 'submit: API tokens per minute for the whole pool', parse: positiveInt('--pool-tpm') },
      poolInFlight: {
        argument: '<n>',
        description: 'submit: API requests in flight at once across the pool',
        parse: positiveInt('--pool-in-flight'),
      },
      poolWindowMs: { argument: '<ms>', description: 'submit: the rpm/tpm window (default 60000)', parse: positiveInt('--pool-window-ms') },
      watch: {
        description:
          'status: refresh until the queue is drained (nothing waiting, delayed or active), then exit 0; with --json one line per refresh, the last with "drained": true',
      },
      interval: { argument: '<ms>', description: 'status --watch: refresh interval', default: 2000, parse: positiveInt('--interval') },
      out: { argument: '<dir>', description: 'collect: output folder for the result files' },
      port: { argument: '<n>', description: 'dashboard: port', default: 3000, parse: positiveInt('--port') },
      host: { argument: '<host>', description: 'dashboard: interface to listen on', default: '127.0.0.1' },
      allowActions: { description: 'dashboard: allow retry/remove from the UI (read-only by default)' },
      json: { description: 'machine-readable output' },
    },
    load: () => import('./queue.js'),
  }),
  worker: command<WorkerCliOptions>({
    description: 'take jobs from the queue and evaluate them (sandboxed; SIGTERM finishes active jobs, then exits)',
    options: {
      ...REDIS_OPTIONS,
      concurrency: {
        argument: '<n>',
        description: 'jobs at once (each in its own sandboxed process)',
        default: 1,
        parse: positiveInt('--concurrency'),
      },
      outputFolder: {
        argument: '<dir>',
        description: 'results and checkpoints; share it between workers so a taken-over job resumes',
        default: 'mteb-results',
      },
      cacheDir: { argument: '<dir>', description: 'embedding cache folder (share it for fan-out)' },
      cache: { description: 'do not use the embedding cache', negate: 'only' },
      hubMirror: { argument: '<dir>', description: 'local HF mirror (env MTEB_HUB_MIRROR)' },
      lockDuration: {
        argument: '<ms>',
        description: "job lock; a dead worker's job is taken over after about this plus the stalled interval",
        default: 10000,
        parse: positiveInt('--lock-duration'),
      },
      stalledInterval: {
        argument: '<ms>',
        description: 'how often to look for jobs of dead workers (default: half the lock)',
        parse: positiveInt('--stalled-interval'),
      },
      maxStalled: {
        argument: '<n>',
        description: 'times a job may lose its worker before it fails',
        default: 2,
        parse: positiveInt('--max-stalled'),
      },
      maxStarts: { argument: '<n>', description: 'times a job may start at all before it fails', default: 5, parse: positiveInt('--max-starts') },
      exitWhenIdle: { description: 'exit once nothing is waiting, delayed or active' },
      workerId: { argument: '<id>', description: 'name in logs and job progress (default host:pid)' },
    },
    load: () => import('./worker.js'),
  }),
  demo: command<DemoOptions>({
    description: 'run the built-in offline demo tasks and print a results table',
    options: {
      model: { short: '-m', argument: '<model>', description: 'model for the demo (default: use, falling back to lexical)' },
      outputFolder: { argument: '<dir>', description: 'where result files go', default: 'mteb-results' },
      json: { description: 'print the summary as JSON' },
    },
    verbose: 'log progress',
    load: () => import('./demo.js'),
  }),
  list: command<ListOptions, 'what'>({
    description: 'list tasks, benchmarks or models',
    args: { what: 'tasks | benchmarks | models' },
    options: {
      ...LIST_FILTERS,
      name: { argument: '<text>', description: 'keep tasks whose name contains this text' },
      taskFile: { argument: '<file...>', description: 'also list custom tasks from these files', parse: list },
      includeSuperseded: { description: 'also list superseded tasks' },
      json: { description: 'print JSON' },
    },
    load: () => import('./list.js'),
  }),
  download: command<DownloadOptions>({
    description: 'fetch the datasets of tasks or a benchmark into the HF cache, for later offline runs',
    options: TASK_FILTER_OPTIONS,
    interrupted: 'files already downloaded stay in the cache; rerun the same command to fetch the rest',
    load: () => import('./download.js'),
  }),
  texts: command<TextsOptions>({
    description: 'write the texts a run of tasks asks a model to embed (JSON lines: text, prompt_type, task), for precomputed: vectors',
    options: {
      ...TASK_FILTER_OPTIONS,
      out: { argument: '<file>', description: 'write the JSON lines here (default: stdout)' },
      ...DATA_OPTIONS,
    },
    verbose: 'log progress and show stack traces',
    load: () => import('./texts.js'),
  }),
  embed: command<EmbedOptions>({
    description:
      'embed texts into the precomputed: format (texts.jsonl + embeddings.npy): --input <file>, or the texts of -t <Task>... / -b <benchmark>',
    options: {
      model: { short: '-m', argument: '<model>', description: 'model id (as for run)' },
      input: { argument: '<file>', description: 'texts: .txt (one per line) or .jsonl (JSON strings or {"text": ...} objects)' },
      out: { argument: '<dir>', description: 'output folder: texts.jsonl + embeddings.npy + model_meta.json (the precomputed: format)' },
      promptType: { argument: '<type>', description: 'with --input: encode as queries or documents', choices: ['query', 'document'] },
      ...TASK_FILTER_OPTIONS,
      tasks: {
        short: '-t',
        argument: '<task...>',
        description:
          'embed exactly the texts a run of these tasks asks for, each with its prompt type (with --input: the one task whose prompts apply)',
        parse: list,
      },
      ...MODEL_OPTIONS,
      ...DATA_OPTIONS,
    },
    interrupted: 'vectors already encoded are in the embedding cache, so rerunning the same command continues from them',
    load: () => import('./embed.js'),
  }),
  leaderboard: command<LeaderboardOptions>({
    description: "aggregate result folders into a benchmark leaderboard (as mteb's leaderboard does)",
    options: {
      benchmark: {
        short: '-b',
        argument: '<name>',
        description: 'benchmark to aggregate, e.g. "MTEB(eng, v1)" (see `list benchmarks`); without it, every task in the results',
      },
      results: {
        argument: '<dir...>',
        description:
          'result folders (<model>/<revision>/<Task>.json below them), files, `published` (the published MTEB results) or published:<model>',
        parse: list,
      },
      format: { argument: '<format>', description: 'output format', default: 'table', choices: LEADERBOARD_FORMATS },
      output: { short: '-o', argument: '<file>', description: 'write the output to this file instead of stdout' },
      revisions: { description: 'keep each model revision as its own row (default: join revisions like mteb)' },
      taskFile: { argument: '<file...>', description: 'custom task definitions (JSON or YAML), so their results count', parse: list },
      models: { argument: '<model...>', description: 'with --results published: only these published models', parse: list },
      top: {
        argument: '<n>',
        description: 'with --results published: only the n published models ranked best on this benchmark',
        parse: positiveInt('--top'),
      },
      zeroShot: {
        argument: '<setting>',
        description:
          "mteb's zero-shot filter: allow_all, remove_unknown (drop models without declared training data), only_zero_shot (also drop models trained on a benchmark task)",
        choices: ZERO_SHOT_SETTINGS,
      },
      maxParams: {
        argument: '<n>',
        description: 'keep models with at most this many parameters, e.g. 500M or 1.5B (unknown sizes are dropped)',
        parse: parameterCount,
      },
      openWeights: { description: 'keep only models with open weights' },
      highlight: { argument: '<model>', description: 'html: the model to set against the field first (org/name, or org/name@revision)' },
    },
    verbose: 'list every warning about result files and every model a filter left out',
    load: () => import('./leaderboard.js'),
  }),
  diff: command<DiffOptions, 'base' | 'new'>({
    description: 'compare two result folders or files; exit 1 on regression with --fail-on-regression, on missing results with --fail-on-missing',
    args: { base: '', new: '' },
    options: {
      threshold: {
        argument: '<points>',
        description: 'a task regresses when its main score drops by more than this many points (×100)',
        default: 0.5,
        parse: nonNegative('--threshold'),
      },
      failOnRegression: { description: 'exit with code 1 when something regressed beyond the threshold' },
      failOnMissing: { description: 'exit with code 1 when <new> lacks tasks, splits or subsets that <base> has' },
      significance: {
        description:
          'count a drop beyond the threshold as a regression only when its 95% bootstrap interval lies below zero (per-sample where predictions exist)',
      },
      format: {
        argument: '<format>',
        description: 'output format (github also appends to $GITHUB_STEP_SUMMARY)',
        default: 'table',
        choices: DIFF_FORMATS,
      },
      benchmark: {
        short: '-b',
        argument: '<name>',
        description: "restrict to a benchmark's tasks/splits/subsets; the aggregate line uses its task scores",
      },
      metrics: { description: 'list the delta of every metric, not only main scores' },
      bootstrapSamples: { argument: '<n>', description: 'bootstrap resamples', default: 1000, parse: integerAtLeast('--bootstrap-samples', 1) },
      seed: { argument: '<n>', description: 'bootstrap seed (numpy RandomState stream)', default: 42, parse: integerAtLeast('--seed', 0) },
      basePredictions: { argument: '<dir>', description: 'predictions folder of <base> (default <base run>/predictions)' },
      newPredictions: { argument: '<dir>', description: 'predictions folder of <new> (default <new run>/predictions)' },
      goldFromData: {
        description: 'load qrels and gold labels through the dataset layer: per-sample values from runs and mteb-written predictions',
      },
      qrelsFromData: { description: 'the older name of --gold-from-data' },
      hubMirror: { argument: '<dir>', description: 'local HF mirror for --gold-from-data (env MTEB_HUB_MIRROR)' },
      offline: { description: 'with --gold-from-data: only the HF cache and the mirror (like HF_HUB_OFFLINE=1)' },
      report: { argument: '<file>', description: 'also write an HTML report with the delta chart' },
      taskFile: {
        argument: '<file...>',
        description: 'custom task definitions (JSON or YAML): their results get a type, and --gold-from-data their gold labels',
        parse: list,
      },
    },
    verbose: 'list every warning about result files',
    load: () => import('./diff.js'),
  }),
  'create-model-results': command<CreateModelResultsOptions>({
    description: "write the model-card YAML (tags: [mteb], model-index) from a result folder, as mteb's create-model-results",
    options: {
      modelName: { argument: '<name>', description: 'the model whose results to use, when the folder holds several' },
      tasks: { argument: '<task...>', description: 'only these tasks (default: every task with results)', parse: list },
      benchmarks: { argument: '<name...>', description: 'only the tasks of these benchmarks', parse: names },
      resultsFolder: {
        argument: '<dir>',
        description: 'result folder: an output folder, a model or revision folder (default: $MTEB_CACHE or ~/.cache/mteb)',
      },
      outputPath: { argument: '<file>', description: 'where to write the model card', default: 'model_card.md' },
      overwrite: { description: 'overwrite the output file if it exists' },
      fromExisting: { argument: '<file>', description: "merge into this README.md (its front matter's model-index is updated, the rest kept)" },
    },
    load: () => import('./create-model-results.js'),
  }),
  results: command<ResultsOptions, 'action'>({
    description: "get the published MTEB results (embeddings-benchmark/results) into mteb's cache ($MTEB_CACHE or ~/.cache/mteb)",
    args: { action: 'fetch' },
    options: {
      revision: { argument: '<sha>', description: 'a commit (full sha), branch or tag of the results repository; builds from a shallow git clone' },
      rebuild: { description: 'build from a shallow git clone instead of downloading the pre-built file (mteb rebuild=True)' },
      json: { description: 'print what was fetched as JSON' },
    },
    verbose: 'log each step',
    load: () => import('./results.js'),
  }),
} satisfies Record<string, CommandRow>;

export type CommandName = keyof typeof COMMANDS;
