import { ConfigError } from '../../core/errors.js';
import type { CliIO } from '../cli-io.js';
import { mergeShards } from '../shard/merge.js';
import type { Verbosity } from './options.js';

export interface MergeOptions extends Verbosity {
  /** The shard result folders (positional). */
  dirs: string[];
  out?: string;
  json?: boolean;
}

/** `merge <dir>... --out <dir>`: exit 0 when every unit of the plan is present, 1 naming each missing one. */
export async function handler(o: MergeOptions, io: CliIO): Promise<number> {
  if (!o.out) throw new ConfigError('missing --out <dir>');
  const r = mergeShards(o.dirs, o.out);
  if (o.json) io.stdout(JSON.stringify({ planHash: r.planHash, folder: r.folder, tasks: r.tasks, missing: r.missing }));
  else io.stdout(`merged ${r.tasks.length} task(s) of plan ${r.planHash} into ${r.folder}`);
  for (const m of r.missing) io.stderr(`missing unit ${m.unit} (shard ${m.shard}): ${m.reason}`);
  return r.missing.length ? 1 : 0;
}
