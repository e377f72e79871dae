/** Task metadata: plain data, importable without any heavy dependency (listing must stay instant). */
import type { DataHookParams } from './params/data-hooks.js';
import type { TaskMetadataBase } from './task-info.js';
import type { EvaluatorVariant, TaskParams, TaskType } from './task-types.js';

export type { DatasetRef, InlineDataset, TaskInfo, TaskMetadataBase } from './task-info.js';
export type { TaskParams, TaskType } from './task-types.js';

/** The metadata of a task of type T: its `params` and `evaluator` are checked against T's row in TASK_TYPES. */
export interface TaskMetadataOf<T extends TaskType> extends TaskMetadataBase {
  type: T;
  /** Per-task parameters (mteb's class attributes and dataset_transforms); unset ones take the type's defaults. */
  params?: Partial<TaskParams<T>> & DataHookParams;
  /** Which evaluator implements the task, when it is not its type's own: a variant of its TASK_TYPES row (e.g. "ClusteringLegacy"). */
  evaluator?: EvaluatorVariant<T>;
}

/** Any task: a union over the types, so narrowing `type` narrows `params`. */
export type TaskMetadata = { [T in TaskType]: TaskMetadataOf<T> }[TaskType];

/** Fields to override in a catalog helper for type T (one-line entries pass only what differs). */
export type TaskOverrides<T extends TaskType> = Partial<TaskMetadataOf<T>>;

/** ISO 639-3 codes of a subset's languages ("eng-Latn" -> "eng"). */
export function subsetLanguages(task: Pick<TaskMetadataBase, 'subsets'>, subset: string): string[] {
  return (task.subsets[subset] ?? []).map((l) => l.split('-')[0]!);
}

export function taskLanguages(task: Pick<TaskMetadataBase, 'subsets'>): string[] {
  return [...new Set(Object.keys(task.subsets).flatMap((s) => subsetLanguages(task, s)))];
}
