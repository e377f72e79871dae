import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { ConfigError } from '../../core/errors.js';
import { RUNNER_NAME, RUNNER_VERSION } from '../../core/version.js';
import type { ShardPlan, UnitKind } from './plan.js';

/**
 * What `run --shard i/N` did, kept beside the results in `<model>/<revision>/.shard/<i>-of-<N>.json` (a hidden
 * folder, so result readers never mistake it for a task file). `merge` reads nothing else to know what is missing.
 */
export interface ShardManifest {
  format: 'mteb-ts-shard/1';
  planHash: string;
  shard: number;
  shards: number;
  unit: UnitKind;
  model: { id: string; name: string; revision: string | null };
  runner: { name: string; version: string };
  plan: Pick<ShardPlan, 'units' | 'tasks'>;
  /** Keys of the units this shard owns, then those it finished (done or found complete) and those that failed. */
  units: string[];
  completed: string[];
  failures: { unit: string; error: string }[];
  date: number;
}

export const MANIFEST_DIR = '.shard';

export function manifestPath(modelFolder: string, shard: number, shards: number): string {
  return join(modelFolder, MANIFEST_DIR, `${shard}-of-${shards}.json`);
}

export function newManifest(plan: ShardPlan, shard: number, model: ShardManifest['model']): ShardManifest {
  return {
    format: 'mteb-ts-shard/1',
    planHash: plan.planHash,
    shard,
    shards: plan.shards,
    unit: plan.unit,
    model,
    runner: { name: RUNNER_NAME, version: RUNNER_VERSION },
    plan: { units: plan.units, tasks: plan.tasks },
    units: plan.units.filter((u) => u.shard === shard).map((u) => u.key),
    completed: [],
    failures: [],
    date: Date.now() / 1000,
  };
}

export function writeManifest(modelFolder: string, m: ShardManifest): string {
  const file = manifestPath(modelFolder, m.shard, m.shards);
  writeFileAtomic(file, `${JSON.stringify(m, null, 2)}\n`);
  return file;
}

/** Every shard manifest under a results folder: `<dir>/results/<model>/<revision>/.shard/*.json` (or the older layout). */
export function findManifests(dir: string): { file: string; modelFolder: string; manifest: ShardManifest }[] {
  if (!existsSync(dir)) throw new ConfigError('shard folder does not exist', { file: dir });
  const out: { file: string; modelFolder: string; manifest: ShardManifest }[] = [];
  // `<dir>/results/<model>/<revision>` (mteb's ResultCache layout, what run writes) and the older `<dir>/<model>/<revision>`.
  const roots = [join(dir, 'results'), dir].filter((r) => existsSync(r));
  for (const root of roots)
    for (const model of readdirSync(root, { withFileTypes: true })) {
      if (!model.isDirectory() || model.name.startsWith('.')) continue;
      for (const rev of readdirSync(join(root, model.name), { withFileTypes: true })) {
        if (!rev.isDirectory()) continue;
        const modelFolder = join(root, model.name, rev.name);
        const mdir = join(modelFolder, MANIFEST_DIR);
        if (!existsSync(mdir)) continue;
        for (const f of readdirSync(mdir)
          .filter((n) => n.endsWith('.json'))
          .sort()) {
          const file = join(mdir, f);
          let m: ShardManifest;
          try {
            m = JSON.parse(readFileSync(file, 'utf8')) as ShardManifest;
          } catch (e) {
            throw new ConfigError(`unreadable shard manifest: ${(e as Error).message}`, { file });
          }
          if (m?.format !== 'mteb-ts-shard/1') throw new ConfigError('not an mteb-ts shard manifest (format mteb-ts-shard/1)', { file });
          out.push({ file, modelFolder, manifest: m });
        }
      }
    }
  return out;
}
