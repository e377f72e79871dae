/**
 * The model-card YAML of `mteb create-model-results` / `create_meta`: `tags: [mteb]` and a `model-index` with one
 * entry per (task, split, hf_subset), as mteb/create_meta.py writes it (mteb 1.x; mteb 2.x keeps the tag and stopped
 * writing model-index because the hub deprecated EvalResults). Field names, the "MTEB <Task> (<subset>)" dataset name,
 * every numeric score key ×100 without rounding, the combined CQADupstackRetrieval row and the README merge rules
 * (`merge_yamls` / `update_yaml_dict`) follow that file; the YAML text is PyYAML's (results/yaml-dump.ts).
 */
import { ConfigError } from '../core/errors.js';
import { CQADUPSTACK_MEMBERS } from '../tasks/catalog/aggregates.js';
import type { NormalizedResult, TaskLookup } from './read.js';
import { pyYamlDump } from './yaml-dump.js';

/** Tasks create_meta leaves out (`get_task_results`). */
const SKIPPED = new Set(['GPUSpeedTask', 'CPUSpeedTask']);

interface CardTask {
  result: NormalizedResult;
  type: string;
  path: string;
  mainScore: string;
}

/** mean of main_score over a split's rows (TaskResult.get_score(splits=[split])). */
function splitScore(r: NormalizedResult, split: string): number {
  const rows = r.scores[split] ?? [];
  return rows.reduce((a, row) => a + (row.main_score ?? Number.NaN), 0) / rows.length;
}

/** `potentially_add_cqadupstack_to_results`: one combined row when all twelve forums are present. */
function withCqaDupstack(tasks: CardTask[]): CardTask[] {
  const names = new Set(tasks.map((t) => t.result.task_name));
  if (!CQADUPSTACK_MEMBERS.every((n) => names.has(n))) return tasks;
  const cqa = tasks.filter((t) => CQADUPSTACK_MEMBERS.includes(t.result.task_name));
  const main = cqa.reduce((a, t) => a + splitScore(t.result, 'test'), 0) / cqa.length;
  const combined: NormalizedResult = {
    task_name: 'CQADupstackRetrieval',
    dataset_revision: 'CQADupstackRetrieval_is_a_combined_dataset',
    mteb_version: 'NA',
    scores: { test: [{ main_score: main, ndcg_at_10: main, hf_subset: 'default', languages: ['eng_Latn'] }] },
    evaluation_time: cqa.reduce((a, t) => a + (t.result.evaluation_time ?? 0), 0),
    kg_co2_emissions: null,
    date: null,
    evaluation_phases: null,
    format: 'v2',
    file: '',
    notes: [],
  };
  // AggregateTaskMetadata's placeholder path (mteb/abstasks/aggregate_task_metadata.py).
  return [...tasks, { result: combined, type: 'Retrieval', path: 'aggregate tasks do not have a path', mainScore: 'ndcg_at_10' }];
}

/** The model-index results of a model's task results (process_task_result for each, sorted by task name). */
export function modelIndexResults(results: readonly NormalizedResult[], lookup: TaskLookup): Record<string, unknown>[] {
  const tasks: CardTask[] = [];
  for (const r of results) {
    if (SKIPPED.has(r.task_name)) continue;
    const meta = lookup(r.task_name);
    if (!meta)
      throw new ConfigError(`unknown task ${r.task_name}: its type and dataset are needed for the model card`, {
        file: r.file,
        task: r.task_name,
        hint: 'pass --task-file for custom tasks, or leave it out with --tasks',
      });
    tasks.push({ result: r, type: meta.type, path: meta.dataset.path, mainScore: meta.mainScore });
  }
  const out: Record<string, unknown>[] = [];
  for (const t of withCqaDupstack(tasks).sort((a, b) =>
    a.result.task_name < b.result.task_name ? -1 : a.result.task_name > b.result.task_name ? 1 : 0,
  )) {
    for (const [split, rows] of Object.entries(t.result.scores)) {
      for (const row of rows) {
        if (!(t.mainScore in row))
          throw new ConfigError(`main score ${t.mainScore} not found in the scores of ${split}/${row.hf_subset}`, {
            file: t.result.file,
            task: t.result.task_name,
          });
        // Every number in the row, ×100 "for consistency with the leaderboard"; strings, lists and nulls are left out.
        // JSON cannot tell 1 from 1.0, so every value is written as a Python float (mteb's rows hold floats).
        const metrics = Object.entries(row)
          .filter((e): e is [string, number] => typeof e[1] === 'number')
          .map(([type, v]) => ({ type, value: v * 100 }));
        out.push({
          task: { type: t.type },
          dataset: {
            type: t.path,
            name: `MTEB ${t.result.task_name} (${row.hf_subset})`,
            config: row.hf_subset,
            split,
            revision: t.result.dataset_revision,
          },
          metrics,
        });
      }
    }
  }
  return out;
}

export type CardYaml = Record<string, unknown>;

export function modelCardYaml(modelName: string, results: readonly NormalizedResult[], lookup: TaskLookup): CardYaml {
  return { tags: ['mteb'], 'model-index': [{ name: modelName, results: modelIndexResults(results, lookup) }] };
}

/** `extract_yaml_and_content`: the front matter (parsed) and the rest of a README. */
export async function splitReadme(text: string, file: string): Promise<{ front: CardYaml; rest: string }> {
  const end = '\n---\n';
  if (text.startsWith('---') && text.includes(end, 3)) {
    const i = text.indexOf(end, 3);
    const { parse } = await import('yaml');
    let front: unknown;
    try {
      // YAML 1.1 like PyYAML's safe_load (yes/no booleans, dates, ...); ints stay ints (bigint) so they are written back as ints.
      front = parse(text.slice(3, i), { version: '1.1', intAsBigInt: true }) ?? {};
    } catch (e) {
      throw new ConfigError(`the README's front matter is not valid YAML: ${(e as Error).message}`, { file });
    }
    if (typeof front !== 'object' || Array.isArray(front)) throw new ConfigError("the README's front matter is not a mapping", { file });
    return { front: front as CardYaml, rest: text.slice(i + end.length) };
  }
  return { front: {}, rest: text };
}

/** `update_yaml_dict`: add the tag; replace metrics of results already there (same dataset name and config), add the rest. */
export function mergeCard(existing: CardYaml, card: CardYaml, file: string): CardYaml {
  const out: CardYaml = { ...existing };
  const tags = Array.isArray(out.tags) ? [...out.tags] : [];
  if (!tags.includes('mteb')) tags.push('mteb');
  out.tags = tags;
  const fresh = (card['model-index'] as { name: string; results: Record<string, unknown>[] }[])[0]!;
  if (!Array.isArray(out['model-index'])) {
    out['model-index'] = card['model-index'];
    return out;
  }
  const [model, ...others] = out['model-index'] as { name?: string; results?: Record<string, unknown>[] }[];
  if (!model || model.name !== fresh.name)
    throw new ConfigError(
      `model names do not match: the README's model-index is for ${JSON.stringify(model?.name)}, the results are of ${JSON.stringify(fresh.name)}`,
      { file },
    );
  const key = (r: Record<string, unknown>) => {
    const d = (r.dataset ?? {}) as Record<string, unknown>;
    return `${String(d.name)}\u0000${String(d.config)}`;
  };
  const merged = new Map<string, Record<string, unknown>>();
  for (const r of model.results ?? []) merged.set(key(r), r);
  for (const r of fresh.results) {
    const k = key(r);
    const old = merged.get(k);
    merged.set(k, old ? { ...old, metrics: r.metrics } : r);
  }
  out['model-index'] = [{ ...model, results: [...merged.values()] }, ...others];
  return out;
}

/** The model card text: `---\n<yaml>---\n<rest of the README>`. */
export function renderModelCard(card: CardYaml, rest = ''): string {
  return `---\n${pyYamlDump(card)}---\n${rest}`;
}
