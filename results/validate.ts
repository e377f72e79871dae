import type { TaskResult } from './schema.js';

/**
 * Why `value` is not a TaskResult this runner can resume from or merge into, or undefined when it is. Checked on
 * every read of our own result files and checkpoints: a truncated, hand-edited or foreign file must be treated as
 * absent, never merged (a `scores.test` that is a string once put the character "g" into a final result).
 */
export function taskResultProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'is not a JSON object';
  const r = value as Record<string, unknown>;
  for (const key of ['task_name', 'dataset_revision', 'mteb_version'] as const) {
    if (typeof r[key] !== 'string') return `has no string "${key}"`;
  }
  const runner = r.runner;
  if (runner !== undefined && (!runner || typeof runner !== 'object' || Array.isArray(runner))) return 'has a "runner" that is not an object';
  const settings = (runner as Record<string, unknown> | undefined)?.settings;
  if (
    settings !== undefined &&
    (!settings || typeof settings !== 'object' || Array.isArray(settings) || Object.values(settings).some((v) => typeof v !== 'string'))
  ) {
    return 'has "runner.settings" that is not an object of strings';
  }
  const scores = r.scores;
  if (!scores || typeof scores !== 'object' || Array.isArray(scores)) return 'has no "scores" object';
  for (const [split, rows] of Object.entries(scores)) {
    if (!Array.isArray(rows)) return `scores.${split} is not a list`;
    for (const [i, row] of rows.entries()) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) return `scores.${split}[${i}] is not an object`;
      const x = row as Record<string, unknown>;
      if (typeof x.hf_subset !== 'string') return `scores.${split}[${i}] has no string "hf_subset"`;
      if (x.main_score !== null && typeof x.main_score !== 'number') return `scores.${split}[${i}].main_score is not a number or null`;
      if (!Array.isArray(x.languages)) return `scores.${split}[${i}] has no "languages" list`;
    }
  }
  return undefined;
}

export function isTaskResult(value: unknown): value is TaskResult {
  return taskResultProblem(value) === undefined;
}
