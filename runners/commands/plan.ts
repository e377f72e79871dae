import { ConfigError } from '../../core/errors.js';
import type { CliIO } from '../cli-io.js';
import { selectTasks } from '../select-tasks.js';
import { type PlanFlags, planFromOptions } from '../shard/shard-run.js';
import { renderTable } from '../table.js';
import { type DataFlags, type ModelFlags, parsePrompts, type TaskFilterFlags, type Verbosity } from './options.js';

/** The options of `run` that select tasks and change scores (copy them from the run command), plus the shard count. */
export interface PlanOptions extends TaskFilterFlags, ModelFlags, DataFlags, PlanFlags, Verbosity {
  model?: string;
  firstStage?: string;
  rerankTopK?: number;
  shards?: number;
  json?: boolean;
}

/**
 * `plan --shards N`: the deterministic work units and their shards, and the planHash every `run --shard i/N` with
 * the same options records. `--json` prints one line that a CI matrix reads with fromJSON(...).matrix.
 */
export async function handler(o: PlanOptions, io: CliIO): Promise<number> {
  if (!o.model)
    throw new ConfigError('missing -m <model> (the plan hash binds the model)', { hint: 'use the same options as the later `run --shard i/N`' });
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  if (!o.shards) throw new ConfigError('missing --shards <n>');
  const prompts = o.prompts === undefined ? undefined : parsePrompts(o.prompts);
  const p = planFromOptions(tasks, o.shards, o, prompts);
  if (o.json) {
    io.stdout(
      JSON.stringify({
        planHash: p.planHash,
        model: p.model,
        shards: p.shards,
        unit: p.unit,
        matrix: { shard: Array.from({ length: p.shards }, (_, i) => `${i + 1}/${p.shards}`) },
        load: p.load,
        units: p.units.map((u) => ({ key: u.key, task: u.task, pairs: u.pairs, cost: u.cost, shard: u.shard })),
      }),
    );
    return 0;
  }
  io.stdout(
    renderTable(
      ['#', 'unit', 'shard', 'est. cost'],
      p.units.map((u, i) => [i + 1, u.key, `${u.shard}/${p.shards}`, u.cost]),
      ['r', 'l', 'l', 'r'],
    ),
  );
  io.stdout('');
  io.stdout(
    renderTable(
      ['shard', 'units', 'est. cost'],
      p.load.map((l, i) => [`${i + 1}/${p.shards}`, p.units.filter((u) => u.shard === i + 1).length, l]),
      ['l', 'r', 'r'],
    ),
  );
  io.stdout(`planHash ${p.planHash}`);
  return 0;
}
