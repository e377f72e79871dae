/**
 * The settings that change a task's scores besides the model name, its revision (the result folder) and the dataset
 * revision (`dataset_revision`): the scikit-learn release reproduced, the encoder's settings (dtype, pooling,
 * endpoint, dimensions, weights file stamps: its `cacheIdentity`), the prompts it uses for this task, the task's
 * parameters, and run options such as a reranker's first stage. The batch size is left out on purpose: it does not
 * change scores.
 *
 * They are recorded in every checkpoint and result file (`runner.settings`), and a resume merges only rows computed
 * with the same settings (#12 item 5: otherwise one file could mix rows of --sklearn-version 1.2.1 and 1.9.1).
 * Values other than the sklearn release are short sha256 digests: they can be long (instructions) or name local
 * paths, and only equality matters.
 */
import { createHash } from 'node:crypto';
import type { Encoder, PromptType } from '../core/encoder.js';
import type { SklearnRelease } from '../core/sklearn-release.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { taskTypeSpec } from '../tasks/task-types.js';

export type RunSettings = Record<string, string>;

export function taskSettings(
  task: TaskMetadata,
  encoder: Encoder,
  sklearn: SklearnRelease,
  extra: Readonly<Record<string, string>> = {},
): RunSettings {
  const s: RunSettings = {};
  if (taskTypeSpec(task.type).sklearn) s.sklearn_version = sklearn.version;
  if (encoder.cacheIdentity) s.model_settings = digest(encoder.cacheIdentity);
  if (encoder.resolvePrompt) {
    const prompts = ([undefined, 'query', 'document'] as (PromptType | undefined)[]).map(
      (promptType) => encoder.resolvePrompt!({ task, split: '', subset: '', promptType }) ?? '',
    );
    if (prompts.some((p) => p !== '')) s.prompts = digest(JSON.stringify(prompts));
  }
  if (task.params && Object.keys(task.params).length) s.task_params = digest(stableJson(task.params));
  for (const [k, v] of Object.entries(extra)) s[k] = digest(v);
  return s;
}

/** The keys whose values differ (present on one side only counts), sorted; empty when the settings match. */
export function settingsDiff(a: Readonly<RunSettings>, b: Readonly<RunSettings>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

/** "sklearn_version 1.2.1 -> 1.9.1, prompts": what changed, for warnings (digests are not worth printing). */
export function describeDiff(recorded: Readonly<RunSettings>, now: Readonly<RunSettings>): string {
  return settingsDiff(recorded, now)
    .map((k) => (k === 'sklearn_version' ? `${k} ${recorded[k] ?? 'unset'} -> ${now[k] ?? 'unset'}` : k))
    .join(', ');
}

function digest(v: string): string {
  return `sha256:${createHash('sha256').update(v).digest('hex').slice(0, 16)}`;
}

/** JSON with object keys sorted, so equal parameters always give the same digest. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}
