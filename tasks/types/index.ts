import { ConfigError } from '../../core/errors.js';
import type { TaskMetadata } from '../metadata.js';
import { evaluatorVariants, taskTypeSpec } from '../task-types.js';
import type { TaskTypeModule } from './module.js';

/** The evaluator of a task: its type's row in TASK_TYPES, or the variant the task names in `evaluator`. */
export async function loadEvaluator(task: TaskMetadata): Promise<TaskTypeModule<unknown>> {
  const spec = taskTypeSpec(task.type);
  if (task.evaluator === undefined) return spec.evaluator();
  const load = spec.variants?.[task.evaluator];
  if (!load) {
    const known = evaluatorVariants(task.type);
    throw new ConfigError(`task type ${task.type} has no evaluator "${task.evaluator}"`, {
      task: task.name,
      hint: known.length ? `evaluators of ${task.type}: ${known.join(', ')}` : `${task.type} tasks use the ${task.type} evaluator; drop "evaluator"`,
    });
  }
  return load();
}

/**
 * Whether the task's evaluator carries state from one (split, subset) to the next (TASK_TYPES
 * `stateAcrossSubsets`): such a task is never split into subset units, and its checkpoint stores the state.
 */
export function carriesStateAcrossSubsets(task: TaskMetadata): boolean {
  return task.evaluator === undefined && taskTypeSpec(task.type).stateAcrossSubsets === true;
}
