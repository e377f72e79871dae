/**
 * What the leaderboard shows about a model (size, dimensions, licence, training data) and its zero-shot
 * percentage, computed as mteb 2.20 does:
 * - columns: mteb/benchmarks/_create_table.py `_static_model_meta` (`_format_n_parameters`, `_format_max_tokens`,
 *   `_get_embedding_size`) and `ModelMeta.n_active_parameters` (mteb/models/model_meta.py);
 * - training data: `ModelMeta.get_training_datasets` = the declared set ∪ the `adapted_from` model's (recursively)
 *   ∪ every task linked to any of them in the similar-task graph (`_collect_similar_tasks`, both directions);
 * - zero-shot %: `_zero_shot_pct_cached` = int(100 − 100·|training ∩ tasks| / |tasks|), null when unknown.
 *
 * Sources, per model: mteb's model registry (results/data/mteb-registry.ts, generated from mteb 2.20.0) when the
 * model is registered there, as mteb's leaderboard reads only the registry; otherwise the run's model_meta.json;
 * mteb-ts's own registry (models/known-models.ts) fills embedding dimension and max tokens last.
 */
import { findKnownModel } from '../models/known-models.js';
import type { ModelRun } from './collect.js';
import { MTEB_MODELS, MTEB_SIMILAR_TASKS, MTEB_TRAINING_SETS, type MtebModelRow } from './data/mteb-registry.js';
import type { ModelMetaFile } from './read.js';

export type ModelInfoSource = 'mteb registry' | 'model_meta.json' | 'mteb-ts registry';

export interface ModelInfo {
  name: string;
  nParameters: number | null;
  /** n_active_parameters_override, else n_parameters − n_embedding_parameters, else null. */
  nActiveParameters: number | null;
  memoryMb: number | null;
  /** null when unknown or infinite. */
  maxTokens: number | null;
  embedDim: number | null;
  license: string | null;
  openWeights: boolean | null;
  releaseDate: string | null;
  /** Declared training datasets (task names); null = not declared (zero-shot unknown). */
  trainingDatasets: string[] | null;
  adaptedFrom: string | null;
  sources: ModelInfoSource[];
}

let registryIndex: Map<string, MtebModelRow> | undefined;
function registryRow(name: string): MtebModelRow | undefined {
  registryIndex ??= new Map(MTEB_MODELS.map((r) => [r[0], r]));
  return registryIndex.get(name);
}

/** The mteb registry entry of a model, or undefined when mteb does not register it. */
export function registryModelInfo(name: string): ModelInfo | undefined {
  const r = registryRow(name);
  if (!r) return undefined;
  const [, , releaseDate, nParameters, nEmbedding, activeOverride, memoryMb, maxTokens, embedDim, license, openWeights, set, adaptedFrom] = r;
  return {
    name,
    nParameters,
    nActiveParameters: activeParameters(nParameters, nEmbedding, activeOverride),
    memoryMb,
    maxTokens,
    embedDim,
    license,
    openWeights,
    releaseDate,
    trainingDatasets: set === null ? null : [...MTEB_TRAINING_SETS[set]!],
    adaptedFrom,
    sources: ['mteb registry'],
  };
}

/** ModelMeta.n_active_parameters. */
function activeParameters(n: number | null, nEmbedding: number | null, override: number | null): number | null {
  if (override !== null) return override;
  return n !== null && nEmbedding !== null ? n - nEmbedding : null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The leaderboard columns of one model: the mteb registry, else its model_meta.json, then mteb-ts's registry. */
export function modelInfo(name: string, meta?: ModelMetaFile): ModelInfo {
  const info = registryModelInfo(name) ?? fromModelMeta(name, meta);
  if (info.embedDim === null || info.maxTokens === null) {
    const known = findKnownModel(name)?.model;
    if (known) {
      let used = false;
      if (info.embedDim === null) [info.embedDim, used] = [known.embedDim, true];
      if (info.maxTokens === null && Number.isFinite(known.maxTokens)) [info.maxTokens, used] = [known.maxTokens, true];
      if (used) info.sources.push('mteb-ts registry');
    }
  }
  return info;
}

function fromModelMeta(name: string, meta?: ModelMetaFile): ModelInfo {
  const m = meta ?? ({ name, revision: null } as ModelMetaFile);
  const embed = m.embed_dim;
  const nParameters = num(m.n_parameters);
  const td = m.training_datasets;
  // v2 writes a list (a set); 1.x wrote {name: [splits]}.
  const trainingDatasets = Array.isArray(td)
    ? td.filter((x): x is string => typeof x === 'string')
    : td && typeof td === 'object'
      ? Object.keys(td)
      : null;
  return {
    name,
    nParameters,
    nActiveParameters: activeParameters(nParameters, num(m.n_embedding_parameters), num(m.n_active_parameters_override)),
    memoryMb: num(m.memory_usage_mb),
    maxTokens: num(m.max_tokens) === null ? null : Math.trunc(m.max_tokens as number),
    embedDim: Array.isArray(embed) ? (embed.length ? Math.max(...embed.filter((x) => typeof x === 'number')) : null) : num(embed),
    license: typeof m.license === 'string' ? m.license : null,
    openWeights: typeof m.open_weights === 'boolean' ? m.open_weights : null,
    releaseDate: typeof m.release_date === 'string' ? m.release_date : null,
    trainingDatasets,
    adaptedFrom: typeof m.adapted_from === 'string' ? m.adapted_from : null,
    sources: meta ? ['model_meta.json'] : [],
  };
}

let similarAdjacency: Map<string, Set<string>> | undefined;
/** The similar-task graph as undirected adjacency (mteb follows edges both ways). */
function similarNeighbours(): Map<string, Set<string>> {
  if (similarAdjacency) return similarAdjacency;
  const adj = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!adj.has(a)) adj.set(a, new Set());
    adj.get(a)!.add(b);
  };
  for (const [parent, children] of Object.entries(MTEB_SIMILAR_TASKS)) {
    for (const c of children) {
      link(parent, c);
      link(c, parent);
    }
  }
  similarAdjacency = adj;
  return adj;
}

/**
 * ModelMeta.get_training_datasets: null when the model declares none; else the declared set, the adapted-from
 * model's set (resolved through `resolve`; mteb looks it up in its registry and ignores unknown names) and every
 * task connected to any of them in the similar-task graph.
 */
export function trainingDatasetsWithSimilar(
  info: ModelInfo,
  resolve: (name: string) => ModelInfo | undefined = registryModelInfo,
  seen: Set<string> = new Set(),
): Set<string> | null {
  if (info.trainingDatasets === null) return null;
  const base = new Set(info.trainingDatasets);
  seen.add(info.name);
  if (info.adaptedFrom !== null && !seen.has(info.adaptedFrom)) {
    const parent = resolve(info.adaptedFrom);
    const fromParent = parent ? trainingDatasetsWithSimilar(parent, resolve, seen) : null;
    if (fromParent) for (const d of fromParent) base.add(d);
  }
  const adj = similarNeighbours();
  const out = new Set(base);
  const stack = [...base];
  while (stack.length) {
    const d = stack.pop()!;
    for (const n of adj.get(d) ?? []) {
      if (!out.has(n)) {
        out.add(n);
        stack.push(n);
      }
    }
  }
  return out;
}

/** `_zero_shot_pct_cached`: int(100 − 100·overlap/|tasks|); null when the training data is unknown or no tasks. */
export function zeroShotPercent(training: ReadonlySet<string> | null, tasks: readonly string[]): number | null {
  const names = new Set(tasks);
  if (training === null || names.size === 0) return null;
  let overlap = 0;
  for (const t of names) if (training.has(t)) overlap++;
  return Math.trunc(100 - 100 * (overlap / names.size));
}

/** `_is_zero_shot_cached`: true when trained on none of the tasks, null when the training data is unknown. */
export function isZeroShot(training: ReadonlySet<string> | null, tasks: readonly string[]): boolean | null {
  if (!tasks.length) return true;
  if (training === null) return null;
  return !tasks.some((t) => training.has(t));
}

/** One ModelInfo per model name (the first run's model_meta.json when revisions are kept apart). */
export function runInfos(runs: readonly ModelRun[]): Map<string, ModelInfo> {
  const out = new Map<string, ModelInfo>();
  for (const r of runs) if (!out.has(r.model) || (!out.get(r.model)!.sources.length && r.meta)) out.set(r.model, modelInfo(r.model, r.meta));
  return out;
}
