import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { ConfigError } from '../../core/errors.js';
import type { ScoreRow, TaskResult } from '../../results/schema.js';
import { writeResult } from '../../results/write.js';
import { findManifests, type ShardManifest } from './manifest.js';

export interface MergeReport {
  planHash: string;
  /** Model folder written under the output folder. */
  folder: string;
  tasks: string[];
  /** Units no shard completed, with what the shards said about them. */
  missing: { unit: string; shard: number; reason: string }[];
}

interface Part {
  dir: string;
  modelFolder: string;
  manifest: ShardManifest;
}

/**
 * `merge <dir>... --out <dir>`: the union of shard result folders, checked to come from one plan, one runner
 * version and one model revision. Whole-task files are copied byte for byte; subset units of one task are
 * assembled into one file with the split and subset order a single run writes. A task with any unit missing is
 * left out and named, as a single run leaves out a task that failed.
 */
export function mergeShards(dirs: readonly string[], out: string): MergeReport {
  if (!dirs.length) throw new ConfigError('merge needs at least one shard folder');
  const parts: Part[] = dirs.flatMap((dir) => {
    const found = findManifests(dir);
    if (!found.length)
      throw new ConfigError('no shard manifest found (expected <model>/<revision>/.shard/<i>-of-<N>.json from `run --shard`)', { file: dir });
    return found.map((f) => ({ dir, modelFolder: f.modelFolder, manifest: f.manifest }));
  });
  const first = parts[0]!.manifest;
  const same = (what: string, get: (m: ShardManifest) => unknown) => {
    const values = new Map<string, string[]>();
    for (const p of parts) {
      const v = JSON.stringify(get(p.manifest));
      values.set(v, [...(values.get(v) ?? []), `${p.dir} (shard ${p.manifest.shard}/${p.manifest.shards})`]);
    }
    if (values.size > 1) {
      const list = [...values].map(([v, where]) => `${v}: ${where.join(', ')}`).join('; ');
      throw new ConfigError(`refusing to merge shards with different ${what}: ${list}`);
    }
  };
  same('planHash', (m) => m.planHash);
  same('runner version', (m) => m.runner.version);
  same('model', (m) => m.model.name);
  same('model revision', (m) => m.model.revision);

  const done = new Map<string, Part>();
  const failed = new Map<string, string>();
  const ran = new Set<number>();
  for (const p of parts) {
    ran.add(p.manifest.shard);
    for (const f of p.manifest.failures) failed.set(f.unit, f.error);
    for (const k of p.manifest.completed) if (!done.has(k)) done.set(k, p);
  }
  const missing = first.plan.units
    .filter((u) => !done.has(u.key))
    .map((u) => ({
      unit: u.key,
      shard: u.shard,
      reason: failed.has(u.key)
        ? `failed: ${failed.get(u.key)}`
        : ran.has(u.shard)
          ? 'not completed'
          : `shard ${u.shard}/${first.shards} not among the merged folders`,
    }));

  const folder = join(out, relative(parts[0]!.dir, parts[0]!.modelFolder));
  const written: string[] = [];
  const missingTasks = new Set(first.plan.units.filter((u) => !done.has(u.key)).map((u) => u.task));
  for (const [task, order] of Object.entries(first.plan.tasks)) {
    if (missingTasks.has(task)) continue;
    const units = first.plan.units.filter((u) => u.task === task);
    const sources = [...new Set(units.map((u) => done.get(u.key)!))];
    const files = sources.map((p) => join(p.modelFolder, `${task}.json`));
    for (const f of files)
      if (!existsSync(f)) throw new ConfigError('a shard manifest lists the task as completed but its result file is missing', { task, file: f });
    if (units.length === 1) {
      // One unit is the whole task: the shard's file is the result, byte for byte.
      writeFileAtomic(join(folder, `${task}.json`), readFileSync(files[0]!));
    } else {
      // Subset units (even several on one shard, whose file was completed in shard order) are re-sorted here.
      assembleParts(
        join(folder, `${task}.json`),
        task,
        order,
        files.map((f) => readFileSync(f, 'utf8')),
      );
    }
    written.push(task);
  }
  const meta = parts.map((p) => join(p.modelFolder, 'model_meta.json')).find((f) => existsSync(f));
  if (meta && written.length) writeFileAtomic(join(folder, 'model_meta.json'), readFileSync(meta));
  return { planHash: first.planHash, folder, tasks: written, missing };
}

/** Writes one task file from the texts of its subset units' files, in the task's split and subset order. */
export function assembleParts(file: string, task: string, order: { splits: string[]; subsets: string[] }, parts: string[]): void {
  writeResult(file, assemble(task, order, parts));
}

function assemble(task: string, order: { splits: string[]; subsets: string[] }, parts: string[]): TaskResult {
  const results = parts.map((text) => JSON.parse(text) as TaskResult);
  const revisions = new Set(results.map((r) => r.dataset_revision));
  if (revisions.size > 1) throw new ConfigError(`shards evaluated different dataset revisions (${[...revisions].join(', ')})`, { task });
  const rows = new Map<string, Map<string, ScoreRow>>();
  for (const r of results) {
    for (const [split, list] of Object.entries(r.scores)) {
      const m = rows.get(split) ?? new Map<string, ScoreRow>();
      rows.set(split, m);
      for (const row of list) if (!m.has(row.hf_subset)) m.set(row.hf_subset, row);
    }
  }
  const rank = (list: string[], x: string) => (list.includes(x) ? list.indexOf(x) : Number.MAX_SAFE_INTEGER);
  const splits = [...rows.keys()].sort((a, b) => rank(order.splits, a) - rank(order.splits, b));
  const scores: Record<string, ScoreRow[]> = {};
  for (const split of splits) {
    scores[split] = [...rows.get(split)!.values()].sort((a, b) => rank(order.subsets, a.hf_subset) - rank(order.subsets, b.hf_subset));
  }
  const base = results[0]!;
  return {
    ...base,
    scores,
    evaluation_time: results.reduce((a, r) => a + (r.evaluation_time ?? 0), 0),
    date: Math.max(...results.map((r) => r.date ?? 0)) || null,
    evaluation_phases: results.flatMap((r) => r.evaluation_phases ?? []),
  };
}
