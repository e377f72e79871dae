import { ConfigError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import type { Benchmark } from './benchmark.js';
import { BENCHMARKS } from './catalog/benchmarks.js';
import { ALL_TASKS } from './catalog/index.js';
import { keptSubsets, taskMatchesLanguages } from './language-filter.js';
import type { TaskMetadata } from './metadata.js';
import { TASK_TYPE_NAMES, type TaskType } from './task-types.js';

export interface TaskFilters {
  /** Exact task names (returned even when superseded, as in mteb). */
  tasks?: string[];
  taskTypes?: string[];
  /** ISO 639-3 ("eng") or language-script ("eng-Latn") codes: keep tasks (and subsets) with any of these languages. */
  languages?: string[];
  /** ISO 15924 script codes: keep tasks with any of these scripts (mteb's `script`). */
  script?: string[];
  /** Keep only subsets whose languages are all among `languages` (mteb's exclusive_language_filter). */
  exclusiveLanguageFilter?: boolean;
  /** Task categories ("t2t", "t2c", ...). */
  categories?: string[];
  /** Keep only these hf subsets. */
  hfSubsets?: string[];
  evalSplits?: string[];
  /** Substring match on the name (case-insensitive), for `list tasks`. */
  nameContains?: string;
  excludeSuperseded?: boolean;
  /** Include demo tasks when listing without names (default false). */
  includeDemo?: boolean;
}

const byName = new Map(ALL_TASKS.map((t) => [t.name, t]));

export function allTaskNames(): string[] {
  return [...byName.keys()];
}

/** Lower-cased name -> the tasks of that name in any case (two only when names differ by case alone). */
const byLowerName = new Map<string, TaskMetadata[]>();
for (const t of ALL_TASKS) byLowerName.set(t.name.toLowerCase(), [...(byLowerName.get(t.name.toLowerCase()) ?? []), t]);

/** The task named exactly so, else the one task whose name matches ignoring case. */
function findTask(name: string, extra: readonly TaskMetadata[]): TaskMetadata | undefined {
  const exact = extra.find((x) => x.name === name) ?? byName.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  const hits = [...extra.filter((x) => x.name.toLowerCase() === lower), ...(byLowerName.get(lower) ?? [])];
  const unique = [...new Map(hits.map((t) => [t.name, t])).values()];
  if (unique.length > 1) {
    throw new ConfigError(`task name "${name}" is ambiguous`, { task: name, hint: `write it exactly: ${unique.map((t) => t.name).join(', ')}` });
  }
  return unique[0];
}

/** One task by name (case-insensitive when unambiguous); unknown names get the closest suggestions. */
export function getTask(name: string, filters: Omit<TaskFilters, 'tasks'> = {}, extra: readonly TaskMetadata[] = []): TaskMetadata {
  const t = findTask(name, extra);
  if (!t) {
    const near = closest(name, [...allTaskNames(), ...extra.map((x) => x.name)]);
    throw new ConfigError(`unknown task "${name}"`, {
      task: name,
      hint: near.length ? `did you mean ${near.join(', ')}?` : 'run `mteb-ts list tasks` to see the known tasks',
    });
  }
  const restricted = restrict(t, filters);
  if (!restricted) {
    throw new ConfigError(`task ${name} has no subset/split left after filtering`, { task: name });
  }
  return restricted;
}

export function getTasks(filters: TaskFilters = {}, extra: readonly TaskMetadata[] = []): TaskMetadata[] {
  if (filters.tasks?.length) return filters.tasks.map((n) => getTask(n, filters, extra));
  const types = filters.taskTypes?.map(normalizeType);
  const out: TaskMetadata[] = [];
  for (const t of [...ALL_TASKS, ...extra]) {
    if (!filters.includeDemo && t.origin === 'demo') continue;
    if ((filters.excludeSuperseded ?? true) && t.supersededBy) continue;
    if (types && !types.includes(t.type)) continue;
    if (filters.categories?.length && !filters.categories.includes(t.category ?? '')) continue;
    if (!taskMatchesLanguages(t.subsets, filters)) continue;
    if (filters.nameContains && !t.name.toLowerCase().includes(filters.nameContains.toLowerCase())) continue;
    const r = restrict(t, filters);
    if (r) out.push(r);
  }
  return out;
}

function normalizeType(s: string): TaskType {
  // The table's types, plus catalog types whose evaluator has not landed yet (their tasks are listed, not run).
  const all = [...new Set<string>([...TASK_TYPE_NAMES, ...ALL_TASKS.map((t) => t.type)])].sort();
  const hit = all.find((t) => t.toLowerCase() === s.toLowerCase());
  if (!hit) throw new ConfigError(`unknown task type "${s}"`, { hint: `task types: ${all.join(', ')}` });
  return hit as TaskType;
}

/** Applies language / subset / split filters; undefined when nothing is left. */
export function restrict(t: TaskMetadata, f: Omit<TaskFilters, 'tasks'>): TaskMetadata | undefined {
  let subsets = Object.entries(t.subsets);
  if (f.languages?.length || f.script?.length) {
    const kept = new Set(keptSubsets(t.subsets, f));
    subsets = subsets.filter(([s]) => kept.has(s));
  }
  if (f.hfSubsets?.length) subsets = subsets.filter(([s]) => f.hfSubsets!.includes(s));
  let splits = t.evalSplits;
  if (f.evalSplits?.length) splits = splits.filter((s) => f.evalSplits!.includes(s));
  if (!subsets.length || !splits.length) return undefined;
  if (subsets.length === Object.keys(t.subsets).length && splits.length === t.evalSplits.length) return t;
  return { ...t, subsets: Object.fromEntries(subsets), evalSplits: splits };
}

export function listBenchmarks(): readonly Benchmark[] {
  return BENCHMARKS;
}

export function getBenchmark(name: string): Benchmark {
  const b = BENCHMARKS.find((x) => x.name === name || x.aliases?.includes(name));
  if (!b) {
    const names = BENCHMARKS.flatMap((x) => [x.name, ...(x.aliases ?? [])]);
    const near = closest(name, names);
    throw new ConfigError(`unknown benchmark "${name}"`, {
      hint: near.length ? `did you mean ${near.join(', ')}?` : `benchmarks: ${names.join(', ')}`,
    });
  }
  return b;
}

/**
 * The benchmark's tasks with its own filters applied (as mteb's get_task(name, languages, script, eval_splits,
 * hf_subsets, exclusive_language_filter) builds them), then the user's `extra` filters. Aggregate tasks expand
 * to their members. A task with no subset or split left is dropped, as mteb's get_tasks skips it.
 */
export function getBenchmarkTasks(b: Benchmark, extra: TaskFilters = {}): TaskMetadata[] {
  const names = b.tasks.flatMap((n) => b.aggregates?.[n] ?? [n]);
  const out: TaskMetadata[] = [];
  for (const n of names) {
    const bf = b.filters?.[n] ?? b.filters?.[b.tasks.find((a) => b.aggregates?.[a]?.includes(n)) ?? ''] ?? {};
    const own = restrict(getTask(n), {
      evalSplits: bf.evalSplits,
      hfSubsets: bf.subsets,
      languages: bf.languages,
      script: bf.script,
      exclusiveLanguageFilter: bf.exclusiveLanguageFilter,
    });
    if (!own) continue;
    if (extra.taskTypes?.length && !extra.taskTypes.map(normalizeType).includes(own.type)) continue;
    if (extra.categories?.length && !extra.categories.includes(own.category ?? '')) continue;
    if (!taskMatchesLanguages(own.subsets, extra)) continue;
    const t = restrict(own, extra);
    if (t) out.push(t);
  }
  return out;
}
