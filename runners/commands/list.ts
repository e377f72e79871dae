import { ConfigError } from '../../core/errors.js';
import { listProviders } from '../../models/registry.js';
import { type TaskMetadata, taskLanguages } from '../../tasks/metadata.js';
import { getBenchmark, listBenchmarks } from '../../tasks/registry.js';
import type { CliIO } from '../cli-io.js';
import { benchmarkNames, selectTasks } from '../select-tasks.js';
import { renderTable } from '../table.js';
import type { TaskFilterFlags, Verbosity } from './options.js';

export interface ListOptions extends Omit<TaskFilterFlags, 'tasks'>, Verbosity {
  /** What to list (the positional argument). */
  what: string;
  name?: string;
  includeSuperseded?: boolean;
  json?: boolean;
}

/** `mteb-ts list tasks|benchmarks|models`. */
export async function handler(o: ListOptions, io: CliIO): Promise<number> {
  const json = !!o.json;
  switch (o.what) {
    case 'tasks': {
      const tasks = await selectTasks(o, false);
      const benchmarks = benchmarkNames(o.benchmark);
      const entries: Entry[] = benchmarks.length ? benchmarkEntries(benchmarks, tasks) : tasks.map((t) => ({ task: t }));
      if (json) {
        io.stdout(
          JSON.stringify(
            entries.map(({ task: t, members }) => ({
              name: members ? members.name : t.name,
              type: t.type,
              ...(members
                ? { aggregate_of: members.tasks.map((m) => m.name) }
                : { dataset: t.dataset, eval_splits: t.evalSplits, eval_langs: t.subsets }),
              main_score: t.mainScore,
              ...(t.supersededBy && !members ? { superseded_by: t.supersededBy } : {}),
              ...(t.deviation && !members ? { deviation: t.deviation } : {}),
              ...(t.unsupported && !members ? { not_supported: t.unsupported } : {}),
            })),
            null,
            2,
          ),
        );
      } else {
        const rows = entries.map(({ task: t, members }) => {
          const langs = taskLanguages(t);
          return [
            members ? members.name : t.name,
            t.type,
            langs.length > 4 ? `${langs.slice(0, 3).join(',')},+${langs.length - 3}` : langs.join(','),
            t.evalSplits.join(','),
            t.mainScore,
            members ? `mean of ${members.tasks.length} tasks` : `${t.dataset.path}@${t.dataset.revision.slice(0, 8)}`,
            [
              t.supersededBy && !members ? `superseded by ${t.supersededBy}` : '',
              t.deviation ? 'deviation: see --json' : '',
              t.unsupported ? 'not yet supported: see --json' : '',
            ]
              .filter(Boolean)
              .join('; '),
          ];
        });
        io.stdout(renderTable(['task', 'type', 'languages', 'splits', 'main score', 'dataset', 'notes'], rows));
        io.stdout(`${entries.length} tasks`);
      }
      return 0;
    }
    case 'benchmarks': {
      const bs = listBenchmarks().map((b) => ({ name: b.name, aliases: b.aliases ?? [], tasks: b.tasks.length, description: b.description }));
      if (json) io.stdout(JSON.stringify(bs, null, 2));
      else
        io.stdout(
          renderTable(
            ['benchmark', 'tasks', 'aliases', 'description'],
            bs.map((b) => [b.name, b.tasks, b.aliases.join(', '), b.description]),
          ),
        );
      return 0;
    }
    case 'models': {
      const providers = listProviders();
      const known = await knownModels();
      if (json) io.stdout(JSON.stringify({ providers, known }, null, 2));
      else {
        io.stdout(
          renderTable(
            ['model id', 'description'],
            providers.map((p) => [p.id, p.description]),
          ),
        );
        if (known.length) {
          const rows = known.map((k) => [k.name, k.kind ?? '', k.dim ?? '', k.similarity ?? '', k.revision ?? '', k.mirrors?.join(', ') ?? '']);
          io.stdout(`\n${renderTable(['known model', 'kind', 'dim', 'similarity', 'revision', 'ONNX mirrors (same weights)'], rows)}`);
        }
      }
      return 0;
    }
    default:
      throw new ConfigError(`cannot list "${o.what}"`, { hint: 'use: mteb-ts list tasks | benchmarks | models' });
  }
}

type Entry = { task: TaskMetadata; members?: { name: string; tasks: TaskMetadata[] } };

/**
 * The benchmarks' tasks as they count them, in definition order, each task once: an aggregate
 * (CQADupstackRetrieval) is one entry over its members.
 */
function benchmarkEntries(names: string[], tasks: TaskMetadata[]): Entry[] {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const seen = new Set<string>();
  return names.flatMap((name) =>
    getBenchmark(name)
      .tasks.filter((n) => !seen.has(n) && seen.add(n))
      .flatMap((n) => {
        const b = getBenchmark(name);
        const agg = b.aggregates?.[n];
        if (agg) {
          const members = agg.map((m) => byName.get(m)).filter((t): t is TaskMetadata => !!t);
          return members.length ? [{ task: members[0]!, members: { name: n, tasks: members } }] : [];
        }
        const t = byName.get(n);
        return t ? [{ task: t }] : [];
      }),
  );
}

/** The registry of known models (revisions, dims, similarity, prompts as mteb records them). */
async function knownModels(): Promise<{ name: string; dim?: number; similarity?: string; revision?: string; kind?: string; mirrors?: string[] }[]> {
  const { KNOWN_MODELS } = await import('../../models/known-models.js');
  const { KNOWN_STATIC_MODELS } = await import('../../models/static/known-static.js');
  return [
    ...KNOWN_MODELS.map((m) => ({ name: m.name, dim: m.embedDim, similarity: m.similarity, revision: m.revision, kind: 'hf', mirrors: m.mirrors })),
    ...KNOWN_STATIC_MODELS.map((m) => ({ name: m.name, dim: m.embedDim, similarity: 'cosine', revision: m.revision, kind: m.semantics })),
  ];
}
