import { NotImplementedTaskError } from '../../core/errors.js';
import type { TaskMetadata } from '../metadata.js';
import type { TaskTypeModule } from './module.js';

/** Evaluator id -> lazily imported module. The id is `task.evaluator ?? task.type`. */
const EVALUATORS: Record<string, () => Promise<{ default: TaskTypeModule<any> }>> = {
  STS: () => import('./sts.js'),
  PairClassification: () => import('./pair-classification.js'),
  BitextMining: () => import('./bitext-mining.js'),
  Summarization: () => import('./summarization.js'),
  Classification: () => import('./classification.js'),
  Clustering: () => import('./clustering.js'),
  ClusteringLegacy: () => import('./clustering-legacy.js'),
  Retrieval: () => import('./retrieval.js'),
  Reranking: () => import('./reranking.js'),
};

export function evaluatorId(task: TaskMetadata): string {
  return task.evaluator ?? task.type;
}

/**
 * Evaluators whose `ctx.state` carries over from one (split, subset) to the next (mteb v2 clustering draws every
 * subset from one task-level `random.Random(42)`, mteb/abstasks/clustering.py). Plain data, so sharding can ask
 * without importing the evaluator: such a task is never split into subset units, and its checkpoint stores the state.
 */
const CROSS_SUBSET_STATE: ReadonlySet<string> = new Set(['Clustering']);

export function carriesStateAcrossSubsets(task: TaskMetadata): boolean {
  return CROSS_SUBSET_STATE.has(evaluatorId(task));
}

export async function loadEvaluator(task: TaskMetadata): Promise<TaskTypeModule<any>> {
  const id = evaluatorId(task);
  const load = EVALUATORS[id];
  if (!load) throw new NotImplementedTaskError(`no evaluator "${id}"`, { task: task.name });
  try {
    return (await load()).default;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new NotImplementedTaskError(`the ${id} evaluator is not implemented yet`, { task: task.name });
    }
    throw e;
  }
}
