import { Command, Option } from 'commander';
import { ConfigError, MtebError } from '../core/errors.js';
import { pathNameError, userPath } from '../core/safe-path.js';
import { RUNNER_VERSION } from '../core/version.js';
import { TASK_TYPE_NAMES } from '../tasks/task-types.js';
import { OVERWRITE_STRATEGIES } from './result-store.js';
import { defaultIO, redactingIO, type CliIO } from './cli-io.js';
import { DIFF_OPTIONS, diffArgs, LEADERBOARD_OPTIONS, leaderboardArgs } from './commands/results-options.js';
import { UNIT_KINDS } from './shard/plan.js';

/**
 * The CLI is a thin layer over the library. Options are declared once per command in OPTIONS (one place per
 * command), and each command's handler lives in runners/commands/ and is imported only when it runs.
 */
interface OptSpec {
  flags: string;
  description: string;
  default?: unknown;
  choices?: readonly string[];
  parse?: (value: string, previous: unknown) => unknown;
}

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got "${v}"`);
  return n;
};
/** Variadic options accept repeats and comma-separated lists: `-t A B`, `-t A -t B`, `-t A,B`. */
const list = (v: string, prev: unknown) => [...((prev as string[] | undefined) ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** Benchmark names contain commas ("MTEB(eng, v2)"), so -b takes one name per value: `-b "MTEB(eng, v2)" BEIR`. */
const names = (v: string, prev: unknown) => [...((prev as string[] | undefined) ?? []), v.trim()];

const TASK_FILTERS: OptSpec[] = [
  { flags: '-t, --tasks <task...>', description: 'task names', parse: list },
  { flags: '-b, --benchmark <name...>', description: 'one or more benchmarks, e.g. "MTEB(eng, v2)" BEIR (see `list benchmarks`)', parse: names },
  { flags: '--task-types <type...>', description: `task types: ${TASK_TYPE_NAMES.join(', ')}`, parse: list },
  { flags: '-l, --languages <lang...>', description: 'keep subsets with any of these languages: ISO 639-3 (eng) or language-script (eng-Latn) codes', parse: list },
  { flags: '--script <script...>', description: 'keep tasks with any of these ISO 15924 scripts (e.g. Latn Cyrl)', parse: list },
  { flags: '--exclusive-language-filter', description: 'keep only subsets whose languages are all among --languages (mteb exclusive_language_filter)' },
  { flags: '--categories <cat...>', description: 'task categories, e.g. t2t t2c', parse: list },
  { flags: '--hf-subsets <subset...>', description: 'keep only these HF subsets', parse: list },
  { flags: '--eval-splits <split...>', description: 'keep only these splits', parse: list },
  { flags: '--task-file <file...>', description: 'custom task definitions (JSON or YAML)', parse: list },
];

const MODEL_OPTIONS: OptSpec[] = [
  { flags: '--model-revision <rev>', description: 'model revision (commit) to load and record' },
  { flags: '--batch-size <n>', description: 'encode batch size', default: 32, parse: int('--batch-size') },
  { flags: '--hub-mirror <dir>', description: 'local HF mirror holding datasets/<owner>/<name> (env MTEB_HUB_MIRROR)' },
  { flags: '--prompts <json>', description: 'prompts as JSON or a JSON file: {"query": "...", "STS": "..."}' },
  { flags: '--dtype <dtype>', description: 'ONNX weights: fp32 (default), fp16, q8' },
  { flags: '--threads <n>', description: 'intra-op threads for local models', parse: int('--threads') },
  { flags: '--pooling <mode>', description: 'hf: pooling when the model has no 1_Pooling config (mean, cls, max, lasttoken, weightedmean, mean_sqrt_len_tokens)' },
  { flags: '--normalize', description: 'hf: L2-normalise embeddings (default: as the model says)' },
  { flags: '--no-normalize', description: 'hf: do not L2-normalise embeddings' },
  { flags: '--max-seq-length <n>', description: 'hf: override max_seq_length', parse: int('--max-seq-length') },
  { flags: '--device <device>', description: 'hf:/cross-encoder: onnxruntime execution provider: cpu (default), cuda, dml, webgpu' },
  { flags: '--cache-dir <dir>', description: 'embedding cache folder' },
  { flags: '--no-cache', description: 'do not use the embedding cache' },
];

const OPTIONS: Record<string, OptSpec[]> = {
  run: [
    { flags: '-m, --model <model>', description: 'model id: hf:<repo>, owner/name, openai:<model>, http:<url>, use, glove, bm25, random, lexical, precomputed:<dir>, module:<file>' },
    ...TASK_FILTERS,
    ...MODEL_OPTIONS,
    { flags: '--first-stage <folder|bm25>', description: 'rerankers on Retrieval tasks: candidates from an earlier run\'s prediction folder, or bm25' },
    { flags: '--rerank-top-k <n>', description: 'first-stage candidates per query (mteb\'s convert_to_reranking default 10)', parse: int('--rerank-top-k') },
    { flags: '--output-folder <dir>', description: 'where result files go', default: 'mteb-results' },
    { flags: '--overwrite-strategy <s>', description: 'what to do with existing results', default: 'only-missing', choices: OVERWRITE_STRATEGIES },
    { flags: '--sklearn-version <v>', description: 'scikit-learn release whose classification/clustering results to reproduce (default 1.9.1; env MTEB_TS_SKLEARN_VERSION)' },
    { flags: '--prediction-folder <dir>', description: 'save per-query retrieval runs (<Task>_predictions.json) here' },
    { flags: '--save-predictions', description: 'save predictions into <output-folder>/<model>/<revision>/predictions (where `diff` looks)' },
    { flags: '--json', description: 'print the run summary as JSON on stdout' },
    { flags: '-v, --verbose', description: 'log progress and show stack traces' },
    { flags: '--shard <i/N>', description: 'run only shard i of N of the plan (1-based; see `plan`), recording a manifest for `merge`' },
    { flags: '--unit <unit>', description: 'work unit of a sharded run: task (default) or subset', choices: UNIT_KINDS },
  ],
  queue: [
    { flags: '--redis <url>', description: 'Redis: redis://host:6379, rediss://..., unix:/path/redis.sock (env MTEB_TS_REDIS_URL)' },
    { flags: '--queue <name>', description: 'queue name', default: 'mteb-ts' },
    { flags: '-m, --model <model>', description: 'submit: model id (as for run)' },
    ...TASK_FILTERS,
    ...MODEL_OPTIONS.filter((x) => !/--cache-dir|--no-cache|--threads|--hub-mirror/.test(x.flags)),
    { flags: '--sklearn-version <v>', description: 'submit: scikit-learn release to reproduce (as for run)' },
    { flags: '--unit <unit>', description: 'submit: one job per task (default) or per (split, subset)', choices: UNIT_KINDS },
    { flags: '--attempts <n>', description: 'submit: attempts per job before it fails', default: 3, parse: int('--attempts') },
    { flags: '--fan-out-chunk <n>', description: 'submit: retrieval corpora are encoded by child jobs of n documents into the shared embedding cache', parse: int('--fan-out-chunk') },
    { flags: '--pool-rpm <n>', description: 'submit: API requests per minute for the whole pool (held in Redis)', parse: int('--pool-rpm') },
    { flags: '--pool-tpm <n>', description: 'submit: API tokens per minute for the whole pool', parse: int('--pool-tpm') },
    { flags: '--pool-in-flight <n>', description: 'submit: API requests in flight at once across the pool', parse: int('--pool-in-flight') },
    { flags: '--pool-window-ms <ms>', description: 'submit: the rpm/tpm window (default 60000)', parse: int('--pool-window-ms') },
    { flags: '--watch', description: 'status: refresh until the queue is drained' },
    { flags: '--interval <ms>', description: 'status --watch: refresh interval', default: 2000, parse: int('--interval') },
    { flags: '--out <dir>', description: 'collect: output folder for the result files' },
    { flags: '--port <n>', description: 'dashboard: port', default: 3000, parse: int('--port') },
    { flags: '--host <host>', description: 'dashboard: interface to listen on', default: '127.0.0.1' },
    { flags: '--allow-actions', description: 'dashboard: allow retry/remove from the UI (read-only by default)' },
    { flags: '--json', description: 'machine-readable output' },
    { flags: '-v, --verbose', description: 'show stack traces' },
  ],
  worker: [
    { flags: '--redis <url>', description: 'Redis URL (env MTEB_TS_REDIS_URL)' },
    { flags: '--queue <name>', description: 'queue name', default: 'mteb-ts' },
    { flags: '--concurrency <n>', description: 'jobs at once (each in its own sandboxed process)', default: 1, parse: int('--concurrency') },
    { flags: '--output-folder <dir>', description: 'results and checkpoints; share it between workers so a taken-over job resumes', default: 'mteb-results' },
    { flags: '--cache-dir <dir>', description: 'embedding cache folder (share it for fan-out)' },
    { flags: '--no-cache', description: 'do not use the embedding cache' },
    { flags: '--hub-mirror <dir>', description: 'local HF mirror (env MTEB_HUB_MIRROR)' },
    { flags: '--lock-duration <ms>', description: 'job lock; a dead worker\'s job is taken over after about this plus the stalled interval', default: 10000, parse: int('--lock-duration') },
    { flags: '--stalled-interval <ms>', description: 'how often to look for jobs of dead workers (default: half the lock)', parse: int('--stalled-interval') },
    { flags: '--max-stalled <n>', description: 'times a job may lose its worker before it fails', default: 2, parse: int('--max-stalled') },
    { flags: '--max-starts <n>', description: 'times a job may start at all before it fails', default: 5, parse: int('--max-starts') },
    { flags: '--exit-when-idle', description: 'exit once nothing is waiting, delayed or active' },
    { flags: '--worker-id <id>', description: 'name in logs and job progress (default host:pid)' },
    { flags: '-v, --verbose', description: 'show stack traces' },
  ],
  merge: [
    { flags: '--out <dir>', description: 'output folder for the merged results' },
    { flags: '--json', description: 'print the merge report as JSON' },
    { flags: '-v, --verbose', description: 'show stack traces' },
  ],
  demo: [
    { flags: '-m, --model <model>', description: 'model for the demo (default: use, falling back to lexical)' },
    { flags: '--output-folder <dir>', description: 'where result files go', default: 'mteb-results' },
    { flags: '--json', description: 'print the summary as JSON' },
    { flags: '-v, --verbose', description: 'log progress' },
  ],
  embed: [
    { flags: '-m, --model <model>', description: 'model id (as for run)' },
    { flags: '--input <file>', description: 'texts: .txt (one per line) or .jsonl (JSON strings or {"text": ...} objects)' },
    { flags: '--out <dir>', description: 'output folder: texts.jsonl + embeddings.npy + model_meta.json (the precomputed: format)' },
    { flags: '--prompt-type <type>', description: 'encode as queries or documents', choices: ['query', 'document'] },
    { flags: '--task <task>', description: 'task whose prompts apply (name/type keys of the model prompts)' },
    ...MODEL_OPTIONS,
    { flags: '-v, --verbose', description: 'show stack traces' },
  ],
  leaderboard: LEADERBOARD_OPTIONS,
  diff: DIFF_OPTIONS,
  download: [
    ...TASK_FILTERS,
    { flags: '-v, --verbose', description: 'show stack traces' },
  ],
  list: [
    ...TASK_FILTERS.filter((o) => !o.flags.includes('--task-file') && !o.flags.startsWith('-t,')),
    { flags: '--name <text>', description: 'keep tasks whose name contains this text' },
    { flags: '--task-file <file...>', description: 'also list custom tasks from these files', parse: list },
    { flags: '--include-superseded', description: 'also list superseded tasks' },
    { flags: '--json', description: 'print JSON' },
  ],
};

function addOptions(cmd: Command, specs: OptSpec[]): Command {
  for (const s of specs) {
    const o = new Option(s.flags, s.description);
    if (s.choices) o.choices(s.choices);
    // Folder and file options are checked for NUL bytes and over-long names before anything runs.
    const parse = /<(dir|file)\b/.test(s.flags) ? pathParser(s) : s.parse;
    if (parse) o.argParser(parse as (v: string, p: unknown) => unknown);
    if (s.default !== undefined) o.default(s.default);
    cmd.addOption(o);
  }
  return cmd;
}

function pathParser(s: OptSpec): (value: string, previous: unknown) => unknown {
  const name = s.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? s.flags;
  return (value, previous) => {
    userPath(value, name);
    return s.parse ? s.parse(value, previous) : value;
  };
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 some task failed / regression, 2 usage or input error). */
export async function main(argv: string[], rawIO: CliIO = defaultIO()): Promise<number> {
  // Everything the CLI prints (errors, logs, --json) passes one redaction.
  const io = redactingIO(rawIO);
  let code = 0;
  let verbose = argv.includes('-v') || argv.includes('--verbose');
  const program = new Command('mteb-ts')
    .description('Evaluate text-embedding models on MTEB tasks, with scores that match the Python mteb library')
    .version(RUNNER_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) })
    .showSuggestionAfterError(true);

  addOptions(program.command('run').description('evaluate a model on tasks or a benchmark'), OPTIONS.run!).action(async (o) => {
    verbose = !!o.verbose;
    code = await (await import('./commands/run.js')).run(o, io);
  });
  addOptions(
    program.command('plan').description('split a run into deterministic shards: work units, their shard, the planHash'),
    [
      ...OPTIONS.run!.filter((x) => !/--shard |--json|--output-folder|--overwrite-strategy|--prediction-folder|--save-predictions/.test(x.flags)),
      { flags: '--shards <n>', description: 'number of shards', parse: int('--shards') },
      { flags: '--json', description: 'print the plan as one JSON line (its "matrix" feeds a CI matrix)' },
    ],
  ).action(async (o) => {
    verbose = !!o.verbose;
    code = await (await import('./commands/plan.js')).plan(o, io);
  });
  addOptions(program.command('merge').description('merge the result folders of `run --shard` into the folder one run would have written').argument('<dir...>'), OPTIONS.merge!).action(
    async (dirs: string[], o) => {
      verbose = !!o.verbose;
      code = await (await import('./commands/merge.js')).merge(dirs, o, io);
    },
  );
  addOptions(
    program
      .command('queue')
      .description('distributed runs on BullMQ/Redis: submit jobs, watch status, retry failed jobs, collect results, open the dashboard')
      .argument('<action>', 'submit | status | retry-failed | collect | dashboard'),
    OPTIONS.queue!,
  ).action(async (action: string, o) => {
    verbose = !!o.verbose;
    code = await (await import('./commands/queue.js')).queue(action, o, io);
  });
  addOptions(program.command('worker').description('take jobs from the queue and evaluate them (sandboxed; SIGTERM finishes active jobs, then exits)'), OPTIONS.worker!).action(async (o) => {
    verbose = !!o.verbose;
    code = await (await import('./commands/worker.js')).worker(o, io);
  });
  addOptions(program.command('demo').description('run the built-in offline demo tasks and print a results table'), OPTIONS.demo!).action(async (o) => {
    code = await (await import('./commands/demo.js')).demo(o, io);
  });
  addOptions(
    program.command('list').description('list tasks, benchmarks or models').argument('<what>', 'tasks | benchmarks | models'),
    OPTIONS.list!,
  ).action(async (what: string, o) => {
    code = await (await import('./commands/list.js')).list(what, o, io);
  });

  addOptions(program.command('download').description('fetch the datasets of tasks or a benchmark into the HF cache, for later offline runs'), OPTIONS.download!).action(async (o) => {
    verbose = !!o.verbose;
    code = await (await import('./commands/download.js')).download(o, io);
  });
  addOptions(program.command('embed').description('embed texts into the precomputed: format (texts.jsonl + embeddings.npy)'), OPTIONS.embed!).action(async (o) => {
    verbose = !!o.verbose;
    code = await (await import('./commands/embed.js')).embed(o, io);
  });
  addOptions(program.command('leaderboard').description('aggregate result folders into a benchmark leaderboard (as mteb\'s leaderboard does)'), OPTIONS.leaderboard!).action(async (o) => {
    code = await (await import('./commands/leaderboard.js')).run(leaderboardArgs(o), io);
  });
  addOptions(
    program.command('diff').description('compare two result folders or files; exit 1 on regression with --fail-on-regression').argument('<base>').argument('<new>'),
    OPTIONS.diff!,
  ).action(async (base: string, next: string, o) => {
    code = await (await import('./commands/diff.js')).run(diffArgs(base, next, o), io);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      return ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' || ce.code === 'commander.help' ? 0 : 2;
    }
    const err = pathNameError(e) ?? e;
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}`);
    if (verbose && e instanceof Error && e.stack) io.stderr(e.stack);
    return err instanceof MtebError ? 2 : 1;
  }
  return code;
}

