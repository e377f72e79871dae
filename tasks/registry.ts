import { ConfigError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import type { Benchmark } from './benchmark.js';
import { BENCHMARKS } from './catalog/benchmarks.js';
import { ALL_TASKS } from './catalog/index.js';
import { taskLanguages, type TaskMetadata } from './metadata.js';
import { findTaskType, TASK_TYPE_NAMES, type TaskType } from './task-types.js';

export interface TaskFilters {
  /** Exact task names (returned even when superseded, as in mteb). */
  tasks?: string[];
  taskTypes?: string[];
  /** ISO 639-3 codes: keep tasks (and subsets) with any of these languages. */
  languages?: string[];
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

/** One task by exact name; unknown names get the closest suggestions. */
export function getTask(name: string, filters: Omit<TaskFilters, 'tasks'> = {}, extra: readonly TaskMetadata[] = []): TaskMetadata {
  const t = extra.find((x) => x.name === name) ?? byName.get(name);
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
  const types = filters.taskTypes?.map(normaliseType);
  const out: TaskMetadata[] = [];
  for (const t of [...ALL_TASKS, ...extra]) {
    if (!filters.includeDemo && t.origin === 'demo') continue;
    if ((filters.excludeSuperseded ?? true) && t.supersededBy) continue;
    if (types && !types.includes(t.type)) continue;
    if (filters.nameContains && !t.name.toLowerCase().includes(filters.nameContains.toLowerCase())) continue;
    const r = restrict(t, filters);
    if (r) out.push(r);
  }
  return out;
}

function normaliseType(s: string): TaskType {
  const hit = findTaskType(s);
  if (!hit) throw new ConfigError(`unknown task type "${s}"`, { hint: `task types: ${TASK_TYPE_NAMES.join(', ')}` });
  return hit;
}

/** Applies language / subset / split filters; undefined when nothing is left. */
export function restrict(t: TaskMetadata, f: Omit<TaskFilters, 'tasks'>): TaskMetadata | undefined {
  let subsets = Object.entries(t.subsets);
  if (f.languages?.length) {
    const langs = new Set(f.languages.map((l) => l.split('-')[0]!.toLowerCase()));
    if (!taskLanguages(t).some((l) => langs.has(l))) return undefined;
    subsets = subsets.filter(([, ls]) => ls.some((l) => langs.has(l.split('-')[0]!.toLowerCase())));
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
    throw new ConfigError(`unknown benchmark "${name}"`, { hint: near.length ? `did you mean ${near.join(', ')}?` : `benchmarks: ${names.join(', ')}` });
  }
  return b;
}

/** The benchmark's tasks with its split/subset filters applied. Aggregate tasks expand to their members. */
export function getBenchmarkTasks(b: Benchmark, extra: TaskFilters = {}): TaskMetadata[] {
  const names = b.tasks.flatMap((n) => b.aggregates?.[n] ?? [n]);
  const out: TaskMetadata[] = [];
  for (const n of names) {
    const bf = b.filters?.[n] ?? b.filters?.[b.tasks.find((a) => b.aggregates?.[a]?.includes(n)) ?? ''] ?? {};
    const t = restrict(getTask(n), {
      ...extra,
      evalSplits: bf.evalSplits ?? extra.evalSplits,
      hfSubsets: bf.subsets ?? extra.hfSubsets,
    });
    if (t) out.push(t);
  }
  return out;
}
