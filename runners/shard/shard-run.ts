import type { Encoder } from '../../core/encoder.js';
import { readEnv } from '../../core/env.js';
import { DEFAULT_SKLEARN_VERSION } from '../../core/sklearn-release.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import type { TaskEvent } from '../evaluate.js';
import { resultFolder } from '../result-store.js';
import { newManifest, type ShardManifest, writeManifest } from './manifest.js';
import { makePlan, narrowTasks, type PlanIdentity, parseShard, type ShardPlan, type UnitKind, type WorkUnit } from './plan.js';

/** The run options that change scores (`plan` and `run --shard` take the same ones), and the unit kind. */
export interface PlanFlags {
  model?: string;
  modelRevision?: string;
  dtype?: string;
  pooling?: string;
  normalize?: boolean;
  maxSeqLength?: number;
  sklearnVersion?: string;
  unit?: UnitKind;
}

/** What the planHash binds; prompts are the parsed --prompts object. */
export function planIdentity(o: PlanFlags, prompts: Record<string, string> | undefined): PlanIdentity {
  return {
    model: String(o.model),
    config: {
      revision: o.modelRevision,
      dtype: o.dtype,
      prompts,
      pooling: o.pooling,
      normalize: o.normalize,
      maxSeqLength: o.maxSeqLength,
      sklearnVersion: o.sklearnVersion || readEnv().MTEB_TS_SKLEARN_VERSION || DEFAULT_SKLEARN_VERSION,
    },
  };
}

export function planFromOptions(
  tasks: readonly TaskMetadata[],
  shards: number,
  o: PlanFlags,
  prompts: Record<string, string> | undefined,
): ShardPlan {
  return makePlan(tasks, shards, o.unit ?? 'task', planIdentity(o, prompts));
}

export interface ShardRun {
  plan: ShardPlan;
  index: number;
  /** The tasks to hand to evaluate(): whole or narrowed to this shard's pairs. */
  tasks: TaskMetadata[];
  onTask(e: TaskEvent): void;
  /** Writes the manifest into the model's result folder. */
  finish(model: Encoder, modelId: string, outputFolder: string): string;
}

/** `run --shard i/N`: the shard's own units, and a manifest of what it did. */
export function prepareShard(
  tasks: readonly TaskMetadata[],
  o: PlanFlags & { shard?: string },
  prompts: Record<string, string> | undefined,
): ShardRun {
  const { index, count } = parseShard(String(o.shard));
  const plan = planFromOptions(tasks, count, o, prompts);
  const mine = plan.units.filter((u) => u.shard === index);
  const groups = narrowTasks(tasks, mine);
  const unitsOf = new Map<TaskMetadata, WorkUnit[]>(groups.map((g) => [g.task, g.units]));
  const completed = new Set<string>();
  const failures: ShardManifest['failures'] = [];
  return {
    plan,
    index,
    tasks: groups.map((g) => g.task),
    onTask(e) {
      for (const u of unitsOf.get(e.task) ?? []) {
        if (e.status === 'failed') failures.push({ unit: u.key, error: e.error.message });
        else completed.add(u.key);
      }
    },
    finish(model, modelId, outputFolder) {
      const m = newManifest(plan, index, { id: modelId, name: model.name, revision: model.revision ?? null });
      m.completed = m.units.filter((k) => completed.has(k));
      m.failures = failures;
      return writeManifest(resultFolder(outputFolder, model.name, model.revision), m);
    },
  };
}
