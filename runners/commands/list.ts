import { ConfigError } from '../../core/errors.js';
import { listProviders } from '../../models/registry.js';
import { taskLanguages } from '../../tasks/metadata.js';
import { getBenchmarkTasks, listBenchmarks } from '../../tasks/registry.js';
import type { CliIO } from '../cli.js';
import { selectTasks } from '../select-tasks.js';
import { renderTable } from '../table.js';

export async function list(what: string, o: Record<string, unknown>, io: CliIO): Promise<number> {
  const json = !!o.json;
  switch (what) {
    case 'tasks': {
      const tasks = await selectTasks(o, false);
      if (json) {
        io.stdout(
          JSON.stringify(
            tasks.map((t) => ({
              name: t.name,
              type: t.type,
              dataset: t.dataset,
              eval_splits: t.evalSplits,
              eval_langs: t.subsets,
              main_score: t.mainScore,
              ...(t.supersededBy ? { superseded_by: t.supersededBy } : {}),
              ...(t.deviation ? { deviation: t.deviation } : {}),
            })),
            null,
            2,
          ),
        );
      } else {
        const rows = tasks.map((t) => {
          const langs = taskLanguages(t);
          return [
            t.name,
            t.type,
            langs.length > 4 ? `${langs.slice(0, 3).join(',')},+${langs.length - 3}` : langs.join(','),
            t.evalSplits.join(','),
            t.mainScore,
            `${t.dataset.path}@${t.dataset.revision.slice(0, 8)}`,
            [t.supersededBy ? `superseded by ${t.supersededBy}` : '', t.deviation ? 'deviation: see --json' : ''].filter(Boolean).join('; '),
          ];
        });
        io.stdout(renderTable(['task', 'type', 'languages', 'splits', 'main score', 'dataset', 'notes'], rows));
        io.stdout(`${tasks.length} tasks`);
      }
      return 0;
    }
    case 'benchmarks': {
      const bs = listBenchmarks().map((b) => ({ name: b.name, aliases: b.aliases ?? [], tasks: safeCount(() => getBenchmarkTasks(b).length, b.tasks.length), description: b.description }));
      if (json) io.stdout(JSON.stringify(bs, null, 2));
      else io.stdout(renderTable(['benchmark', 'tasks', 'aliases', 'description'], bs.map((b) => [b.name, b.tasks, b.aliases.join(', '), b.description])));
      return 0;
    }
    case 'models': {
      const providers = listProviders();
      const known = await knownModels();
      if (json) io.stdout(JSON.stringify({ providers, known }, null, 2));
      else {
        io.stdout(renderTable(['model id', 'description'], providers.map((p) => [p.id, p.description])));
        if (known.length) io.stdout(`\n${renderTable(['known model', 'dim', 'similarity', 'revision'], known.map((k) => [k.name, k.dim ?? '', k.similarity ?? '', k.revision ?? '']))}`);
      }
      return 0;
    }
    default:
      throw new ConfigError(`cannot list "${what}"`, { hint: 'use: mteb-ts list tasks | benchmarks | models' });
  }
}

function safeCount(f: () => number, fallback: number): number {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** The registry of known models, if present (it carries revisions, dims and prompts). */
async function knownModels(): Promise<{ name: string; dim?: number; similarity?: string; revision?: string }[]> {
  try {
    const mod = (await import('../../models/known-models.js')) as { listKnownModels?: () => { name: string; dim?: number; similarity?: string; revision?: string }[] };
    return mod.listKnownModels?.() ?? [];
  } catch {
    return [];
  }
}
