import { createHash } from 'node:crypto';
import { ConfigError } from '../../core/errors.js';
import { compareCodePoints } from '../../metrics/code-point-order.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { carriesStateAcrossSubsets } from '../../tasks/types/index.js';
import { requestedPairs } from '../result-store.js';
import { pairCost } from './cost.js';

export type UnitKind = 'task' | 'subset';
export const UNIT_KINDS: readonly UnitKind[] = ['task', 'subset'];

/** One piece of work: a whole task, or one (split, subset) of a task whose evaluator keeps no state across subsets. */
export interface WorkUnit {
  /** "Task" or "Task/split/subset": stable, unique, the tie-breaker of the assignment. */
  key: string;
  task: string;
  /** (split, subset) pairs the unit evaluates, in the task's order. */
  pairs: [string, string][];
  cost: number;
  /** 1-based shard, after assignment. */
  shard: number;
}

/** What the plan depends on besides the tasks: anything that changes the scores must change the planHash. */
export interface PlanIdentity {
  model: string;
  /** Model options that change vectors or scores (revision, dtype, prompts, pooling, sklearn version...). */
  config: Record<string, unknown>;
}

export interface ShardPlan {
  planHash: string;
  model: string;
  shards: number;
  unit: UnitKind;
  /** Largest cost first; the order a single shard runs its units in is this order filtered. */
  units: WorkUnit[];
  /** Split and subset order of every task, so merge can assemble files without the catalog. */
  tasks: Record<string, { splits: string[]; subsets: string[] }>;
  load: number[];
}

export function unitKey(task: string, pair?: [string, string]): string {
  return pair ? `${task}/${pair[0]}/${pair[1]}` : task;
}

/** Work units of the selected tasks. `subset` never splits an evaluator that carries state across subsets. */
export function workUnits(tasks: readonly TaskMetadata[], kind: UnitKind): Omit<WorkUnit, 'shard'>[] {
  return tasks.flatMap((t) => {
    const pairs = requestedPairs(t);
    const cost = (p: [string, string][]) => p.reduce((a, [sp, s]) => a + pairCost(t, sp, s), 0);
    if (kind === 'task' || pairs.length === 1 || carriesStateAcrossSubsets(t))
      return [{ key: unitKey(t.name), task: t.name, pairs, cost: cost(pairs) }];
    return pairs.map((p) => ({ key: unitKey(t.name, p), task: t.name, pairs: [p], cost: cost([p]) }));
  });
}

/** "i/N", 1-based as vitest's --shard. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new ConfigError(`--shard must be i/N with 1 <= i <= N, got "${v}"`, { hint: 'e.g. --shard 2/4' });
  return { index, count };
}

/**
 * Largest estimated cost first, each to the least-loaded shard (lowest shard number on equal load); equal costs
 * are ordered by unit key in code-point order, so every machine computes the same plan.
 */
export function makePlan(tasks: readonly TaskMetadata[], shards: number, kind: UnitKind, id: PlanIdentity): ShardPlan {
  if (!Number.isInteger(shards) || shards < 1) throw new ConfigError(`--shards must be a positive integer, got ${shards}`);
  const seen = new Set<string>();
  for (const t of tasks) {
    if (seen.has(t.name)) throw new ConfigError('a task is selected twice', { task: t.name });
    seen.add(t.name);
  }
  const units = workUnits(tasks, kind).sort((a, b) => b.cost - a.cost || compareCodePoints(a.key, b.key));
  const load = new Array<number>(shards).fill(0);
  const assigned: WorkUnit[] = units.map((u) => {
    let best = 0;
    for (let s = 1; s < shards; s++) if (load[s]! < load[best]!) best = s;
    load[best]! += u.cost;
    return { ...u, shard: best + 1 };
  });
  const taskOrder = Object.fromEntries(tasks.map((t) => [t.name, { splits: [...t.evalSplits], subsets: Object.keys(t.subsets) }]));
  const planHash = hashPlan({
    v: 1,
    model: id.model,
    config: canonical(id.config),
    shards,
    unit: kind,
    tasks: taskOrder,
    units: assigned.map((u) => [u.key, u.shard]),
  });
  return { planHash, model: id.model, shards, unit: kind, units: assigned, tasks: taskOrder, load };
}

/** Keys sorted recursively and undefined dropped, so the hash does not depend on option order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort(compareCodePoints)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function hashPlan(v: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(v)))
    .digest('hex')
    .slice(0, 16);
}

/** The units a shard owns, in plan order. */
export function shardUnits(plan: ShardPlan, index: number): WorkUnit[] {
  return plan.units.filter((u) => u.shard === index);
}

/**
 * The tasks a shard runs: whole tasks as they are, subset units as the task narrowed to those pairs (one
 * narrowed copy per split, so the cross product of splits and subsets never adds a pair the shard does not own).
 */
export function narrowTasks(tasks: readonly TaskMetadata[], units: readonly WorkUnit[]): { task: TaskMetadata; units: WorkUnit[] }[] {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const out: { task: TaskMetadata; units: WorkUnit[] }[] = [];
  for (const t of tasks) {
    const mine = units.filter((u) => u.task === t.name);
    if (!mine.length) continue;
    const all = requestedPairs(t);
    if (mine.some((u) => u.pairs.length === all.length)) {
      out.push({ task: byName.get(t.name)!, units: mine });
      continue;
    }
    for (const split of t.evalSplits) {
      const here = mine.filter((u) => u.pairs.some(([sp]) => sp === split));
      if (!here.length) continue;
      const subsets = new Set(here.flatMap((u) => u.pairs.filter(([sp]) => sp === split).map(([, s]) => s)));
      const narrowed: TaskMetadata = {
        ...t,
        evalSplits: [split],
        subsets: Object.fromEntries(Object.entries(t.subsets).filter(([s]) => subsets.has(s))),
      };
      out.push({ task: narrowed, units: here });
    }
  }
  return out;
}
