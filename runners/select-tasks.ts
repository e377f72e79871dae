import { ConfigError } from '../core/errors.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { getBenchmark, getBenchmarkTasks, getTask, getTasks, type TaskFilters } from '../tasks/registry.js';

/** What `run` / `download` / `list` select by: the registry's filters plus benchmarks and custom task files. */
export interface SelectionOptions
  extends Pick<TaskFilters, 'tasks' | 'taskTypes' | 'languages' | 'script' | 'exclusiveLanguageFilter' | 'categories' | 'hfSubsets' | 'evalSplits'> {
  /** One or more benchmark names (the CLI's -b is repeatable). */
  benchmark?: string | string[];
  taskFile?: string[];
  /** The tasks of `taskFile`, already read (a long-lived queue worker reads its task files once, not per job). */
  taskFileTasks?: TaskMetadata[];
  name?: string;
  includeSuperseded?: boolean;
}

/** Custom tasks from --task-file (JSON/YAML), loaded only when asked for. */
export async function customTasks(files: string[] | undefined): Promise<TaskMetadata[]> {
  if (!files?.length) return [];
  const { loadTaskFile } = await import('../tasks/custom-tasks.js');
  return files.flatMap((f) => loadTaskFile(f));
}

/**
 * Tasks for `run`: a benchmark (with its own split/subset filters) and/or named tasks, or every task matching
 * --task-types / -l. Custom tasks are selectable by name and listed with the rest.
 */
export async function selectTasks(o: SelectionOptions, requireSelection: boolean): Promise<TaskMetadata[]> {
  const extra = o.taskFileTasks ?? (await customTasks(o.taskFile));
  const filters: TaskFilters = {
    languages: o.languages,
    script: o.script,
    exclusiveLanguageFilter: o.exclusiveLanguageFilter,
    categories: o.categories,
    hfSubsets: o.hfSubsets,
    evalSplits: o.evalSplits,
    taskTypes: o.taskTypes,
    nameContains: o.name,
    excludeSuperseded: !o.includeSuperseded,
  };
  const out: TaskMetadata[] = [];
  const benchmarks = benchmarkNames(o.benchmark);
  // A benchmark's own filters come first; the user's filters then narrow its tasks further.
  const narrowing: TaskFilters = { ...filters, nameContains: undefined, excludeSuperseded: false };
  for (const b of benchmarks) out.push(...getBenchmarkTasks(getBenchmark(b), narrowing));
  if (o.tasks?.length) out.push(...getTasks({ ...filters, tasks: o.tasks }, extra));
  if (!benchmarks.length && !o.tasks?.length) {
    const filtered = !!(o.taskTypes?.length || o.languages?.length || o.script?.length || o.categories?.length || o.name);
    if (requireSelection && !filtered) {
      // `run --task-file f` runs the file's tasks.
      if (extra.length) return extra;
      throw new ConfigError('choose what to run with -t <Task>, -b <benchmark> or --task-types <type>', {
        hint: 'see `mteb-ts list tasks` and `mteb-ts list benchmarks`',
      });
    }
    out.push(...getTasks(filters, extra));
  }
  return mergeByName(out);
}

export function benchmarkNames(b: string | string[] | undefined): string[] {
  return b === undefined ? [] : Array.isArray(b) ? b : [b];
}

/**
 * One entry per task name; a task that two benchmarks select with different subsets or splits keeps the union
 * (in metadata order), so each benchmark finds its scores in the one result file.
 */
function mergeByName(tasks: TaskMetadata[]): TaskMetadata[] {
  const byName = new Map<string, TaskMetadata>();
  for (const t of tasks) {
    const prev = byName.get(t.name);
    if (!prev) {
      byName.set(t.name, t);
      continue;
    }
    if (prev === t) continue;
    const full = fullTask(t);
    const splits = new Set([...prev.evalSplits, ...t.evalSplits]);
    const subsets = new Set([...Object.keys(prev.subsets), ...Object.keys(t.subsets)]);
    byName.set(t.name, {
      ...prev,
      evalSplits: full.evalSplits.filter((s) => splits.has(s)),
      subsets: Object.fromEntries(Object.entries(full.subsets).filter(([s]) => subsets.has(s))),
    });
  }
  return [...byName.values()];
}

function fullTask(t: TaskMetadata): TaskMetadata {
  try {
    return getTask(t.name);
  } catch {
    return t;
  }
}
