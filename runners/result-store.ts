import { existsSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { ModelMeta } from '../core/encoder.js';
import { ConfigError } from '../core/errors.js';
import { type LockAttempt, tryLock, waitLock } from '../core/file-lock.js';
import { redact } from '../core/redact.js';
import { joinUnder, pathComponent } from '../core/safe-path.js';
import { RUNNER_NAME, RUNNER_VERSION } from '../core/version.js';
import { EXTRAS_DIR, mtebModelMeta } from '../results/model-meta.js';
import { coveredPairs, modelFolderParts, type TaskResult } from '../results/schema.js';
import { taskResultProblem } from '../results/validate.js';
import { writeResult } from '../results/write.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { carriesStateAcrossSubsets } from '../tasks/types/index.js';
import { describeDiff, type RunSettings } from './run-settings.js';

/**
 * Evaluator state stored in a checkpoint (`resume_state` of `.partial/<Task>.json`): the state after the
 * (split, subset) pairs in `after`, which are the first pairs of the task in run order.
 */
export interface ResumeState {
  after: [string, string][];
  state: unknown;
}
type Checkpoint = TaskResult & { resume_state?: ResumeState };

/**
 * A task lock on this host is taken over as soon as its process is gone; a holder on another host (a shared network
 * folder) that stops refreshing its lock loses it after this long.
 */
export const TASK_LOCK_STALE_MS = 10 * 60_000;

export type OverwriteStrategy = 'only-missing' | 'always' | 'never' | 'only-cache';
export const OVERWRITE_STRATEGIES: readonly OverwriteStrategy[] = ['only-missing', 'always', 'never', 'only-cache'];

/**
 * `<output>/results/<model>/<revision>`: where mteb's `ResultCache(<output>)` reads and writes
 * (mteb/cache/result_cache.py get_task_result_path: `cache_path / "results" / model_name / revision`).
 */
export function resultFolder(outputFolder: string, modelName: string, revision?: string): string {
  return joinUnder(outputFolder, 'results', ...modelFolderParts(modelName, revision));
}

/** The layout before mteb-ts followed ResultCache: `<output>/<model>/<revision>` (still read, never written). */
export function legacyResultFolder(outputFolder: string, modelName: string, revision?: string): string {
  return joinUnder(outputFolder, ...modelFolderParts(modelName, revision));
}

/**
 * Where a model's results live. Finished tasks are `<Task>.json`; a task in progress keeps a checkpoint in
 * `.partial/<Task>.json` after every (split, subset), so an interrupted run resumes without leaving a
 * half-finished result file where readers look. Results of the older layout are read as cached results.
 */
export class ResultStore {
  readonly folder: string;
  private readonly legacy: string;
  /** Told about result files and checkpoints that exist but cannot be used (they are then treated as absent). */
  readonly warn: (message: string) => void;
  /** How long a task lock of another host may go unrefreshed before it is taken over. */
  private readonly lockStaleMs: number;
  constructor(outputFolder: string, modelName: string, revision?: string, opts: { warn?: (message: string) => void; lockStaleMs?: number } = {}) {
    this.warn = opts.warn ?? (() => {});
    this.lockStaleMs = opts.lockStaleMs ?? TASK_LOCK_STALE_MS;
    this.folder = resultFolder(outputFolder, modelName, revision);
    this.legacy = legacyResultFolder(outputFolder, modelName, revision);
  }

  finalPath(task: string): string {
    return joinUnder(this.folder, `${pathComponent(task, 'task name')}.json`);
  }
  partialPath(task: string): string {
    return joinUnder(this.folder, '.partial', `${pathComponent(task, 'task name')}.json`);
  }

  /** The advisory lock a run holds while it computes `task` (`.locks/<Task>.lock`, hidden from result readers). */
  lockPath(task: string): string {
    return joinUnder(this.folder, '.locks', `${pathComponent(task, 'task name')}.lock`);
  }
  tryLockTask(task: string): LockAttempt {
    return tryLock(this.lockPath(task), this.lockStaleMs);
  }
  async waitLockTask(task: string): Promise<() => void> {
    return (await waitLock(this.lockPath(task), this.lockStaleMs, { pollMs: Math.min(500, Math.max(50, this.lockStaleMs / 10)) }))!;
  }

  readFinal(task: string): TaskResult | undefined {
    const file = this.finalPath(task);
    if (!existsSync(file)) {
      const old = joinUnder(this.legacy, `${pathComponent(task, 'task name')}.json`);
      if (existsSync(old)) return readResultFile(old, task, this.warn);
    }
    return readResultFile(file, task, this.warn);
  }
  readPartial(task: string): Checkpoint | undefined {
    return readResultFile(this.partialPath(task), task, this.warn);
  }

  writePartial(r: TaskResult, resume?: ResumeState): void {
    writeResult(this.partialPath(r.task_name), resume ? ({ ...r, resume_state: resume } as Checkpoint) : r);
  }

  writeFinal(r: TaskResult): void {
    writeResult(this.finalPath(r.task_name), r);
    rmSync(this.partialPath(r.task_name), { force: true });
    // Leave no empty checkpoint folder behind; rmdir fails (harmlessly) if another run still has a checkpoint there.
    try {
      rmdirSync(join(this.folder, '.partial'));
    } catch {
      /* not empty, or already gone */
    }
  }

  /** model_meta.json exactly as mteb's ModelMeta; our own fields in .mteb-ts/model_meta.json (results/model-meta.ts). */
  writeModelMeta(meta: ModelMeta): void {
    const { modelMeta, extras } = mtebModelMeta(meta, { name: RUNNER_NAME, version: RUNNER_VERSION });
    writeIfChanged(join(this.folder, 'model_meta.json'), redact(`${JSON.stringify(modelMeta, null, 4)}\n`));
    writeIfChanged(join(this.folder, EXTRAS_DIR, 'model_meta.json'), redact(`${JSON.stringify(extras, null, 2)}\n`));
  }
}

/**
 * Every run (and every queue job) writes model_meta.json; when the file already says exactly this, leave it: a
 * read is cheaper than a write and a rename, and a folder many workers share is not rewritten once per task.
 */
function writeIfChanged(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) return;
  } catch {
    /* absent or unreadable: write it */
  }
  writeFileAtomic(file, text);
}

/** A result file or checkpoint of `task`, or undefined (with a warning naming the file) when it cannot be used. */
function readResultFile(file: string, task: string, warn: (message: string) => void): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  let problem: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
    problem = taskResultProblem(value) ?? ((value as TaskResult).task_name !== task ? `is for task ${(value as TaskResult).task_name}` : undefined);
  } catch (e) {
    problem = `is not valid JSON (${(e as Error).message})`;
  }
  if (problem) {
    warn(`ignoring ${file}: it ${problem}; ${task} will be computed again`);
    return undefined;
  }
  return value as Checkpoint;
}

export function requestedPairs(task: TaskMetadata): [string, string][] {
  return task.evalSplits.flatMap((sp) => Object.keys(task.subsets).map((s) => [sp, s] as [string, string]));
}

export interface CachePlan {
  /** Result to return as-is (nothing to run). */
  cached?: TaskResult;
  /** Earlier rows to keep and merge into. */
  base?: TaskResult;
  /** (split, subset) pairs still to run. */
  todo: [string, string][];
  /** Evaluator state to continue from (stateful evaluators resuming a checkpoint). */
  resume?: ResumeState;
  /** Why a stateful task starts over although rows exist. */
  restart?: string;
}

/**
 * mteb's overwrite strategies (mteb/evaluate.py), extended to our resumable checkpoints. Earlier rows are merged only
 * when they were computed on the same dataset revision with the same `settings`; a file that records other
 * settings (or none) is not merged, with a warning, and its pairs are computed again.
 */
export function planTask(task: TaskMetadata, store: ResultStore, strategy: OverwriteStrategy, settings?: RunSettings): CachePlan {
  const all = requestedPairs(task);
  if (strategy === 'always') return { todo: all };
  const final = store.readFinal(task.name);
  const partial = store.readPartial(task.name);
  const missingIn = (r: TaskResult) => {
    const have = coveredPairs(r);
    return all.filter(([sp, s]) => !have.has(`${sp}\u0000${s}`));
  };
  if (final && missingIn(final).length === 0) {
    // mteb keeps a complete result whatever it was computed with; say so when the settings differ.
    const diff = settings && settingsProblem(final, settings);
    if (diff)
      store.warn(
        `keeping ${store.finalPath(task.name)}, which is complete but was computed with ${diff}; use --overwrite-strategy always to recompute it`,
      );
    return { cached: final, todo: [] };
  }
  const existing = [final, partial].filter((r): r is TaskResult => !!r);
  if (strategy === 'only-cache') {
    throw new ConfigError('no complete cached result (overwrite strategy only-cache never runs a task)', {
      task: task.name,
      file: store.finalPath(task.name),
    });
  }
  if (strategy === 'never' && existing.length) {
    throw new ConfigError('a partial result exists and the overwrite strategy is "never"', {
      task: task.name,
      file: final ? store.finalPath(task.name) : store.partialPath(task.name),
      hint: 'use --overwrite-strategy only-missing to complete it, or always to recompute',
    });
  }
  // Merge only rows computed on the same dataset revision with the same settings; otherwise rerun everything.
  const sameSettings = (r: TaskResult) => {
    const diff = settings && settingsProblem(r, settings);
    if (diff)
      store.warn(
        `not resuming from ${r === final ? store.finalPath(task.name) : store.partialPath(task.name)}: it was computed with ${diff}; ${task.name} is computed again`,
      );
    return !diff;
  };
  const usable = existing.filter((r) => r.dataset_revision === task.dataset.revision).filter(sameSettings);
  const base = mergeResults(usable);
  if (!base) return { todo: all };
  const todo = missingIn(base);
  if (!carriesStateAcrossSubsets(task)) return { base, todo };
  // A stateful evaluator (clustering's one random stream) continues only from the state saved after exactly the
  // rows it has, which must be the first pairs in run order; anything else would change later subsets' draws.
  const done = all.slice(0, all.length - todo.length);
  const sameOrder = todo.every(([sp, s], i) => sp === all[done.length + i]![0] && s === all[done.length + i]![1]);
  const saved = partial && usable.includes(partial) ? partial.resume_state : undefined;
  const fits = sameOrder && coveredPairs(base).size === done.length && !!saved && JSON.stringify(saved.after) === JSON.stringify(done);
  if (fits) return { base, todo, resume: saved };
  return { todo: all, restart: 'no saved random state for the rows found, so the task starts over to keep one random stream' };
}

function mergeResults(rs: Checkpoint[]): TaskResult | undefined {
  if (!rs.length) return undefined;
  const { resume_state: _state, ...first } = rs[0]!;
  const out: TaskResult = { ...first, scores: {} };
  for (const r of rs) {
    for (const [split, rows] of Object.entries(r.scores)) {
      const list = (out.scores[split] ??= []);
      for (const row of rows) if (!list.some((x) => x.hf_subset === row.hf_subset)) list.push(row);
    }
    out.evaluation_time = Math.max(out.evaluation_time, r.evaluation_time);
  }
  return out;
}

/** How a file's recorded settings differ from `now` ("other settings (sklearn_version 1.2.1 -> 1.9.1)"), or undefined. */
function settingsProblem(r: TaskResult, now: RunSettings): string | undefined {
  const recorded = r.runner?.settings;
  if (!recorded) return 'settings it does not record (an older mteb-ts or another program)';
  const diff = describeDiff(recorded, now);
  return diff ? `other settings (${diff})` : undefined;
}
