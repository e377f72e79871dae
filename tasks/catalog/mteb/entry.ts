/** Builders for the generated catalog lines (tasks/catalog/mteb/*.ts), so each task stays one line. */
import type { Benchmark, BenchmarkFilter } from '../../benchmark.js';
import type { TaskMetadata, TaskMetadataOf, TaskType } from '../../metadata.js';

type Extra<T extends TaskType> = Partial<
  Omit<TaskMetadataOf<T>, 'name' | 'type' | 'dataset' | 'evalSplits' | 'subsets' | 'mainScore' | 'category' | 'description'>
>;

/**
 * One mteb task: `langs` is mteb's eval_langs, a list for a monolingual task (subset "default") or the
 * hf_subset -> languages map.
 */
export function t<T extends TaskType>(
  type: T,
  name: string,
  path: string,
  revision: string,
  evalSplits: string[],
  langs: string[] | Record<string, string[]>,
  mainScore: string,
  category: string,
  description: string,
  extra: Extra<T> = {},
): TaskMetadataOf<T> {
  return {
    name,
    type,
    description,
    dataset: { path, revision },
    evalSplits,
    subsets: Array.isArray(langs) ? { default: langs } : langs,
    mainScore,
    category,
    origin: 'mteb',
    ...extra,
  };
}

/** Task types whose evaluators are not on this branch yet (another change adds them). */
export type PendingType = 'MultilabelClassification' | 'InstructionReranking';
export type PendingTask = Omit<TaskMetadata, 'type'> & { type: PendingType };

export function pending(
  type: PendingType,
  name: string,
  path: string,
  revision: string,
  evalSplits: string[],
  langs: string[] | Record<string, string[]>,
  mainScore: string,
  category: string,
  description: string,
  extra: Extra<TaskType> = {},
): PendingTask {
  return { ...t('Classification', name, path, revision, evalSplits, langs, mainScore, category, description, extra), type };
}

/** Every ordered pair "a-b" (a != b) of the subset codes, nested loops in list order (FloresBitextMining). */
export function orderedPairs(codes: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of codes) {
    for (const b of codes) {
      if (a !== b) out[`${a}-${b}`] = [a.replace('_', '-'), b.replace('_', '-')];
    }
  }
  return out;
}

/** One mteb get_tasks(tasks=[...], **filters) call of a benchmark definition. */
export interface Selection {
  tasks: string[];
  filter?: BenchmarkFilter;
}

export function select(tasks: string[], filter?: BenchmarkFilter): Selection {
  return { tasks, filter };
}

/** A benchmark from its selections; a task's filter is that of the selection that names it. */
export function benchmark(b: Omit<Benchmark, 'tasks' | 'filters'>, selections: Selection[]): Benchmark {
  const tasks: string[] = [];
  const filters: Record<string, BenchmarkFilter> = {};
  for (const s of selections) {
    for (const name of s.tasks) {
      if (tasks.includes(name)) continue;
      tasks.push(name);
      if (s.filter) filters[name] = s.filter;
    }
  }
  return { ...b, tasks, filters };
}
