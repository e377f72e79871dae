import { ConfigError } from '../core/errors.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { getBenchmark, getBenchmarkTasks, getTasks, type TaskFilters } from '../tasks/registry.js';

export interface SelectionOptions {
  tasks?: string[];
  benchmark?: string;
  taskTypes?: string[];
  languages?: string[];
  hfSubsets?: string[];
  evalSplits?: string[];
  taskFile?: string[];
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
  const extra = await customTasks(o.taskFile);
  const filters: TaskFilters = {
    languages: o.languages,
    hfSubsets: o.hfSubsets,
    evalSplits: o.evalSplits,
    taskTypes: o.taskTypes,
    nameContains: o.name,
    excludeSuperseded: !o.includeSuperseded,
  };
  const out: TaskMetadata[] = [];
  if (o.benchmark) out.push(...getBenchmarkTasks(getBenchmark(o.benchmark), { languages: o.languages }));
  if (o.tasks?.length) out.push(...getTasks({ ...filters, tasks: o.tasks }, extra));
  if (!o.benchmark && !o.tasks?.length) {
    const filtered = !!(o.taskTypes?.length || o.languages?.length || o.name);
    if (requireSelection && !filtered) {
      // `run --task-file f` runs the file's tasks.
      if (extra.length) return extra;
      throw new ConfigError('choose what to run with -t <Task>, -b <benchmark> or --task-types <type>', {
        hint: 'see `mteb-ts list tasks` and `mteb-ts list benchmarks`',
      });
    }
    out.push(...getTasks(filters, extra));
  }
  const seen = new Set<string>();
  return out.filter((t) => (seen.has(t.name) ? false : (seen.add(t.name), true)));
}
