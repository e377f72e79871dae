/**
 * `diff --gold-from-data`: per-sample values for a side that has only the `<Task>_predictions.json` mteb writes
 * (no `<Task>_per_sample.json`): each (split, subset) payload is joined with the gold labels of that split, loaded
 * through the dataset layer exactly as the evaluator loads them (the same task loaders, --hub-mirror, --offline),
 * by the type module's `perSample` (tasks/types/module.ts). Ranking types keep their own path (runs + qrels).
 */
import { existsSync } from 'node:fs';
import type { ModelRun } from '../../results/collect.js';
import { type DiffOptions, predictionDirs } from '../../results/diff.js';
import { perSamplePath, predictionsPath, readPredictionPayloads } from '../../results/predictions.js';
import type { TaskLookup } from '../../results/read.js';
import type { DatasetSource } from '../../tasks/data/source.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { findTaskTypeSpec } from '../../tasks/task-types.js';
import { loadEvaluator } from '../../tasks/types/index.js';
import type { PerSample, TaskTypeModule } from '../../tasks/types/module.js';
import { PredictionsMismatch } from '../../tasks/types/saved-predictions.js';
import { loadContext } from '../task-data.js';

type Joined = Map<string, PerSample> | { why: string };

export interface GoldJoinSides {
  base: ModelRun;
  next: ModelRun;
  basePredictions?: string;
  newPredictions?: string;
}

/**
 * Loads what `diffRuns` needs for `goldJoined`: for every task both sides scored whose type has a per-sample
 * statistic outside ranking (or InstructionReranking's p-MRR), each side without a sidecar but with a predictions
 * file gets its per-sample values, or the reason it has none. Gold data is loaded once per (task, split, subset).
 */
export async function preloadGoldJoins(
  sides: GoldJoinSides,
  lookup: TaskLookup,
  source: DatasetSource,
  warn: (message: string) => void,
): Promise<NonNullable<DiffOptions['goldJoined']>> {
  const out = new Map<string, Joined>();
  const found = (run: ModelRun, override: string | undefined, task: string, file: (d: string, t: string) => string) =>
    predictionDirs(run, override)
      .map((d) => file(d, task))
      .find((f) => existsSync(f));
  for (const task of [...sides.base.results.keys()].filter((t) => sides.next.results.has(t))) {
    const meta = lookup(task);
    if (!meta || !joinable(meta)) continue;
    const module = await loadEvaluator(meta);
    if (!module.perSample) continue;
    const data = new Map<string, Promise<unknown>>();
    const side = [
      ['base', sides.base, sides.basePredictions],
      ['new', sides.next, sides.newPredictions],
    ] as const;
    for (const [label, run, override] of side) {
      if (found(run, override, task, perSamplePath)) continue;
      const file = found(run, override, task, predictionsPath);
      if (!file) continue;
      out.set(`${task}\u0000${label}`, await joinFile(file, meta, module, source, data, warn));
    }
  }
  return (task, side) => out.get(`${task}\u0000${side}`);
}

/** Non-ranking types, and InstructionReranking (its p-MRR needs qrel_diff, not qrels). */
function joinable(meta: TaskMetadata): boolean {
  return meta.type === 'InstructionReranking' || !findTaskTypeSpec(meta.type)?.ranking;
}

async function joinFile(
  file: string,
  meta: TaskMetadata,
  module: TaskTypeModule<unknown>,
  source: DatasetSource,
  cache: Map<string, Promise<unknown>>,
  warn: (message: string) => void,
): Promise<Joined> {
  let payloads: Map<string, unknown>;
  try {
    payloads = readPredictionPayloads(file);
  } catch (e) {
    return { why: `unreadable predictions file: ${(e as Error).message}` };
  }
  const values = new Map<string, PerSample>();
  for (const split of meta.evalSplits) {
    for (const subset of Object.keys(meta.subsets)) {
      const key = `${split}\u0000${subset}`;
      const payload = payloads.has(key) ? payloads.get(key) : parallelPayload(payloads.get(`${split}\u0000parallel`), subset);
      if (payload === undefined) continue;
      let data: unknown;
      try {
        if (!cache.has(key)) cache.set(key, module.load(loadContext(meta, split, subset, source)));
        data = await cache.get(key);
      } catch (e) {
        const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
        warn(`no gold labels for ${meta.name} ${split}/${subset}, skipping its per-sample bootstrap: ${msg}`);
        return { why: `gold labels of ${split}/${subset} could not be loaded: ${msg}` };
      }
      try {
        const ps = module.perSample!(data, payload, meta);
        if (!ps) return { why: `no per-sample statistic for main score ${meta.mainScore}` };
        values.set(key, ps);
      } catch (e) {
        if (e instanceof PredictionsMismatch) return { why: `${file} ${split}/${subset}: ${e.message}` };
        throw e;
      }
    }
  }
  if (!values.size) return { why: `${file} has no predictions for the task's splits and subsets` };
  return values;
}

/** mteb saves a parallel bitext dataset's neighbours under subset "parallel", keyed by language pair (the subset). */
function parallelPayload(parallel: unknown, subset: string): unknown {
  if (typeof parallel !== 'object' || parallel === null || !(subset in parallel)) return undefined;
  return { [subset]: (parallel as Record<string, unknown>)[subset] };
}
