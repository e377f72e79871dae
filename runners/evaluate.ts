import { performance } from 'node:perf_hooks';
import { type Encoder, encoderRevision } from '../core/encoder.js';
import { ConfigError, EvaluationError, NotImplementedTaskError, withContext } from '../core/errors.js';
import type { LockHolder } from '../core/file-lock.js';
import { DEFAULT_SKLEARN_VERSION, parseSklearnVersion, type SklearnRelease } from '../core/sklearn-release.js';
import { MTEB_COMPAT_VERSION, RUNNER_NAME, RUNNER_VERSION } from '../core/version.js';
import type { EvaluationPhase, ScoreRow, TaskResult } from '../results/schema.js';
import { createDatasetSource, type DataOptions, type DatasetSource, dataOptionsFromEnv } from '../tasks/data/source.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { findTaskTypeSpec, taskTypeSpec, taskTypesWhere } from '../tasks/task-types.js';
import { loadEvaluator } from '../tasks/types/index.js';
import type { EvalContext, PerSample, Scores } from '../tasks/types/module.js';
import { checkedEncoder } from './checked-encoder.js';
import { type Co2Options, startCo2Tracker } from './co2-tracker.js';
import { type ProgressEvent, withProgress } from './progress.js';
import { type CachePlan, type OverwriteStrategy, planTask, ResultStore, requestedPairs } from './result-store.js';
import { RowCountCheck } from './row-counts.js';
import { type RunSettings, taskSettings } from './run-settings.js';
import { loadContext } from './task-data.js';

export interface EvaluateOptions {
  /** Where result files go; null keeps results in memory only. Default "mteb-results". */
  outputFolder?: string | null;
  overwriteStrategy?: OverwriteStrategy;
  batchSize?: number;
  data?: DataOptions;
  /** The scikit-learn release whose classification and clustering results to reproduce (default 1.9.1). */
  sklearnVersion?: string;
  /** Throw on the first failing task instead of recording it and going on. */
  raiseError?: boolean;
  log?: (message: string) => void;
  /** Problems the user should see without -v (unusable checkpoints, suspicious data). Default: stderr. */
  warn?: (message: string) => void;
  /** Called after each task with its result or error. */
  onTask?: (event: TaskEvent) => void;
  /** Seconds per runner phase, added up over the run (profiling, `npm run bench -- suite`). */
  profile?: RunProfile;
  /** Estimate each task's energy and CO2 (runners/co2-tracker.ts) into kg_co2_emissions; off by default, as in mteb without codecarbon. */
  co2?: Co2Options;
  /**
   * Run options outside the encoder that change scores (a reranker's first stage), recorded with the encoder's and
   * the task's settings in checkpoints and results, so a resume never merges rows computed with other ones.
   */
  settings?: Readonly<Record<string, string>>;
  /** Progress inside tasks (encode calls, cache hits, scoring), for a progress display (runners/progress.ts). */
  onProgress?: (event: ProgressEvent) => void;
  /** Called per split/subset with mteb's prediction payload (and per-sample values) when predictions are requested. */
  onPredictions?: (task: TaskMetadata, split: string, subset: string, data: unknown, perSample?: PerSample) => void;
  /**
   * Take the per-task lock file in the output folder (default true). A queue worker passes false: BullMQ's job
   * lock already gives each unit one owner, and a lock file left by a worker killed on another host would hold
   * the taken-over job for the lock's stale time, and serialise the subset units of one task.
   */
  taskLock?: boolean;
  /**
   * How long a task lock held on another host (a shared network folder) may go unrefreshed before this run takes
   * it over (default 10 minutes; its holder refreshes it every staleMs/6, at most every 10 s). A holder on this
   * host is taken over as soon as its process is gone, whatever this says.
   */
  taskLockStaleMs?: number;
}

/**
 * Where a run's time goes. `evaluate` includes `encode` (the evaluators call the encoder); scoring is the
 * difference. Load = reading and preparing the task's rows; write = result files and checkpoints.
 */
export interface RunProfile {
  load: number;
  encode: number;
  evaluate: number;
  write: number;
}

/** Adds the seconds `fn` takes to `profile[phase]` (no-op without a profile). */
async function timed<T>(profile: RunProfile | undefined, phase: keyof RunProfile, fn: () => Promise<T> | T): Promise<T> {
  if (!profile) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    profile[phase] += (performance.now() - t0) / 1000;
  }
}

export type TaskEvent =
  | { task: TaskMetadata; status: 'done' | 'cached'; result: TaskResult; seconds: number }
  | { task: TaskMetadata; status: 'failed'; error: Error; seconds: number };

export interface EvaluationReport {
  model: string;
  revision?: string;
  results: TaskResult[];
  failures: { task: string; error: Error }[];
  /** Folder holding this model's result files, when written. */
  folder?: string;
}

function describeHolder(h: LockHolder): string {
  return `pid ${Number.isInteger(h.pid) ? h.pid : '?'}${h.host ? ` on ${h.host}` : ''}`;
}

/** Warnings are shown without -v: stderr unless the caller routes them. */
function warnOf(options: EvaluateOptions): (message: string) => void {
  return options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
}

/** mteb.evaluate: runs each task's splits and subsets, writes one result file per task, never stops at one failure. */
export async function evaluate(model: Encoder, tasks: readonly TaskMetadata[], options: EvaluateOptions = {}): Promise<EvaluationReport> {
  const strategy = options.overwriteStrategy ?? 'only-missing';
  const outputFolder = options.outputFolder === undefined ? 'mteb-results' : options.outputFolder;
  const warn = warnOf(options);
  const revision = encoderRevision(model);
  const store =
    outputFolder === null ? undefined : new ResultStore(outputFolder, model.name, revision, { warn, lockStaleMs: options.taskLockStaleMs });
  const data = options.data ?? dataOptionsFromEnv();
  const source = createDatasetSource({ ...data, warn: data.warn ?? warn });
  const profile = options.profile;
  const checked = checkedEncoder(model);
  const timedEncoder: Encoder = profile
    ? { ...checked, encode: (texts, ctx) => timed(profile, 'encode', () => checked.encode(texts, ctx)) }
    : checked;
  const encoder = options.onProgress ? withProgress(timedEncoder, options.onProgress) : timedEncoder;
  const sklearn = parseSklearnVersion(options.sklearnVersion ?? DEFAULT_SKLEARN_VERSION);
  const log = options.log ?? (() => {});
  const report: EvaluationReport = { model: model.name, revision, results: [], failures: [], folder: store?.folder };
  let metaWritten = false;
  // Tasks another process holds the lock of: run after the others, then waited for (they are usually done by then).
  const deferred: TaskMetadata[] = [];

  const runOne = async (task: TaskMetadata, wait: boolean): Promise<void> => {
    const t0 = performance.now();
    let release: (() => void) | undefined;
    options.onProgress?.({ kind: 'task', task: task.name });
    try {
      if (task.unsupported) {
        // Refuse rather than score rows that differ from mteb's (an unported load_data/dataset_transform).
        throw new NotImplementedTaskError(`not yet supported: ${task.unsupported}`, { task: task.name });
      }
      const kind = model.kind ?? 'embedding';
      if (!findTaskTypeSpec(task.type)?.models.includes(kind)) {
        const served = taskTypesWhere((s) => s.models.includes(kind));
        throw new ConfigError(`model ${model.name} does not support ${task.type} tasks (it serves ${served.join(', ')})`, {
          task: task.name,
          model: model.name,
        });
      }
      if (store && options.taskLock !== false) {
        // Two runs sharing an output folder must not compute the same task twice (or race on its checkpoint).
        const got = store.tryLockTask(task.name);
        if (got.acquired) release = got.release;
        else if (!wait) {
          warn(
            `${task.name}: another run (${describeHolder(got.holder)}) is computing it into ${store.folder}; going on with the other tasks and coming back to it`,
          );
          deferred.push(task);
          return;
        } else {
          warn(`${task.name}: waiting for the other run (${describeHolder(got.holder)}) to finish it (lock ${store.lockPath(task.name)})`);
          release = await store.waitLockTask(task.name);
        }
      }
      const settings = taskSettings(task, model, sklearn, options.settings);
      const plan: CachePlan = store ? planTask(task, store, strategy, settings) : { todo: requestedPairs(task) };
      if (plan.cached) {
        log(`${task.name}: complete result found, skipped`);
        report.results.push(plan.cached);
        options.onTask?.({ task, status: 'cached', result: plan.cached, seconds: 0 });
        return;
      }
      if (store && !metaWritten) {
        await timed(profile, 'write', () => store.writeModelMeta({ ...model.meta, revision }));
        metaWritten = true;
      }
      if (plan.restart) log(`${task.name}: ${plan.restart}`);
      const result = await runTask(task, encoder, source, plan, store, options, sklearn, settings, log);
      await timed(profile, 'write', () => store?.writeFinal(result));
      report.results.push(result);
      options.onTask?.({ task, status: 'done', result, seconds: (performance.now() - t0) / 1000 });
    } catch (e) {
      const err = withContext(e, { task: task.name, model: model.name }) as Error;
      if (options.raiseError) throw err;
      report.failures.push({ task: task.name, error: err });
      options.onTask?.({ task, status: 'failed', error: err, seconds: (performance.now() - t0) / 1000 });
    } finally {
      release?.();
      options.onProgress?.({ kind: 'end', task: task.name });
    }
  };
  for (const task of tasks) await runOne(task, false);
  for (const task of deferred) await runOne(task, true);
  return report;
}

async function runTask(
  task: TaskMetadata,
  encoder: Encoder,
  source: DatasetSource,
  plan: CachePlan,
  store: ResultStore | undefined,
  options: EvaluateOptions,
  sklearn: SklearnRelease,
  settings: RunSettings,
  log: (m: string) => void,
): Promise<TaskResult> {
  const { todo, base } = plan;
  const evaluator = await loadEvaluator(task);
  const tStart = performance.now();
  const phases: EvaluationPhase[] = [...(base?.evaluation_phases ?? [])];
  const result: TaskResult = {
    dataset_revision: task.dataset.revision,
    task_name: task.name,
    mteb_version: MTEB_COMPAT_VERSION,
    scores: structuredClone(base?.scores ?? {}),
    evaluation_time: base?.evaluation_time ?? 0,
    kg_co2_emissions: null,
    date: null,
    evaluation_phases: phases,
    runner: {
      name: RUNNER_NAME,
      version: RUNNER_VERSION,
      ...(taskTypeSpec(task.type).sklearn ? { sklearn_version: sklearn.version } : {}),
      settings,
    },
  };
  // Emissions of a resumed task add to what the earlier run recorded.
  const tracker = options.co2 ? startCo2Tracker(options.co2) : undefined;
  const recordCo2 = () => {
    if (!tracker) return;
    const { kgCo2, record } = tracker.read();
    const before = base?.runner?.co2?.energy_kwh ?? 0;
    result.kg_co2_emissions = (base?.kg_co2_emissions ?? 0) + kgCo2;
    result.runner = { ...result.runner!, co2: { ...record, energy_kwh: before + record.energy_kwh } };
  };
  const textLimit = encoder.maxTextChars === undefined ? undefined : { model: encoder.name, maxTextChars: encoder.maxTextChars };
  // mteb's task.rng_state lives on the task object: shared by every split and subset of this run.
  const state = new Map<string, unknown>();
  const rowCheck = new RowCountCheck(task);
  // Stateful evaluators continue from the checkpoint's state, and save theirs after every pair (ResumeState).
  if (plan.resume) evaluator.restoreState?.(plan.resume.state, state);
  const after: [string, string][] = [...(plan.resume?.after ?? [])];
  for (const [split, subset] of todo) {
    log(`${task.name}: ${split}/${subset}`);
    const at = (fn: () => Promise<Scores>) =>
      fn().catch((e: unknown) => {
        throw withContext(e, { task: task.name, split, subset });
      });
    const ctx: EvalContext = {
      task,
      split,
      subset,
      encoder,
      batchSize: options.batchSize ?? 32,
      sklearn,
      state,
      log: (m) => log(`${task.name} ${split}/${subset}: ${m}`),
      progress: options.onProgress
        ? (what, done, total) => options.onProgress!({ kind: 'step', task: task.name, where: `${split}/${subset}`, what, done, total })
        : undefined,
      warn: warnOf(options),
      async phase(name, fn) {
        const start = (performance.now() - tStart) / 1000;
        try {
          return await fn();
        } finally {
          phases.push({ name, start, end: (performance.now() - tStart) / 1000, split, subset });
        }
      },
      savePredictions: options.onPredictions ? (data, perSample) => options.onPredictions!(task, split, subset, data, perSample) : undefined,
    };
    const scores = await at(async () => {
      const data = await timed(options.profile, 'load', () => evaluator.load(loadContext(task, split, subset, source, textLimit)));
      rowCheck.add(split, subset, evaluator.rowCounts?.(data));
      return timed(options.profile, 'evaluate', () => evaluator.evaluate(data, ctx));
    });
    const row = scoreRow(task, subset, scores);
    const rows = (result.scores[split] ??= []);
    rows.push(row);
    rows.sort((a, b) => subsetOrder(task, a.hf_subset) - subsetOrder(task, b.hf_subset));
    result.evaluation_time = (base?.evaluation_time ?? 0) + (performance.now() - tStart) / 1000;
    result.date = Date.now() / 1000;
    recordCo2();
    after.push([split, subset]);
    const resume = evaluator.saveState ? { after: [...after], state: evaluator.saveState(state) } : undefined;
    await timed(options.profile, 'write', () => store?.writePartial(result, resume));
  }
  for (const w of rowCheck.warnings()) warnOf(options)(w);
  result.date = Date.now() / 1000;
  return sortSplits(task, result);
}

function scoreRow(task: TaskMetadata, subset: string, scores: Scores): ScoreRow {
  if (!(task.mainScore in scores)) {
    throw new EvaluationError(`evaluator returned no "${task.mainScore}" (the task's main score)`, { task: task.name, subset });
  }
  const main = scores[task.mainScore];
  return {
    ...scores,
    main_score: typeof main === 'number' && Number.isFinite(main) ? main : null,
    hf_subset: subset,
    languages: task.subsets[subset] ?? [],
    mteb_version: MTEB_COMPAT_VERSION,
  };
}

function subsetOrder(task: TaskMetadata, subset: string): number {
  const i = Object.keys(task.subsets).indexOf(subset);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** Splits in metadata order, then any others the cached file had. */
function sortSplits(task: TaskMetadata, r: TaskResult): TaskResult {
  const keys = Object.keys(r.scores).sort((a, b) => {
    const ia = task.evalSplits.indexOf(a);
    const ib = task.evalSplits.indexOf(b);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
  });
  return { ...r, scores: Object.fromEntries(keys.map((k) => [k, r.scores[k]!])) };
}
