/** Task metadata: plain data, importable without any heavy dependency (listing must stay instant). */
import type { TaskMetadataBase } from './task-info.js';
import type { EvaluatorVariant, TaskType } from './task-types.js';

export type { DatasetRef, InlineDataset, TaskInfo, TaskMetadataBase } from './task-info.js';
export type { TaskType } from './task-types.js';

export interface TaskMetadata extends TaskMetadataBase {
  type: TaskType;
  /** Which evaluator implements the task, when it is not its type's own: a variant of its TASK_TYPES row (e.g. "ClusteringLegacy"). */
  evaluator?: EvaluatorVariant;
  /** Per-task parameters: samples_per_label, min_score, max_score, ignore_identical_ids, ... */
  params?: Record<string, unknown>;
}

/** ISO 639-3 codes of a subset's languages ("eng-Latn" -> "eng"). */
export function subsetLanguages(task: Pick<TaskMetadataBase, 'subsets'>, subset: string): string[] {
  return (task.subsets[subset] ?? []).map((l) => l.split('-')[0]!);
}

export function taskLanguages(task: Pick<TaskMetadataBase, 'subsets'>): string[] {
  return [...new Set(Object.keys(task.subsets).flatMap((s) => subsetLanguages(task, s)))];
}
