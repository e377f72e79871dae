/**
 * `model_meta.json` as mteb writes and reads it: `ModelMeta.to_dict()` (mteb/models/model_meta.py, mteb 2.20), which
 * mteb loads back with `ModelMeta.model_validate_json_resolved` under `extra="forbid"`, so a single unknown key makes
 * mteb drop the whole file. We therefore write exactly mteb's fields (null where unknown) in mteb's order, and keep
 * everything else we record (the runner, the full framework list, prompts, pooling, API endpoint, ...) in
 * `.mteb-ts/model_meta.json` next to it, where neither mteb (it globs `<model>/<revision>/*.json`) nor our readers
 * mistake it for a result file.
 */
import type { ModelMeta } from '../core/encoder.js';

/** mteb's `FRAMEWORKS` literal (model_meta.py). Other names are kept in our extras only. */
export const MTEB_FRAMEWORKS = [
  'Sentence Transformers',
  'PyTorch',
  'GritLM',
  'LLM2Vec',
  'TensorFlow',
  'JAX',
  'API',
  'Tevatron',
  'NumPy',
  'PyLate',
  'ColBERT',
  'ColPali',
  'GGUF',
  'safetensors',
  'ONNX',
  'OpenVINO',
  'Transformers',
] as const;

/** mteb's `MODEL_TYPES` literal. */
export const MTEB_MODEL_TYPES = ['dense', 'cross-encoder', 'late-interaction', 'sparse', 'router', 'hybrid'] as const;

/** mteb's ModelMeta as `to_dict()` writes it (the loader as its name; `is_cross_encoder` derived from model_type). */
export interface MtebModelMeta {
  loader_kwargs: Record<string, unknown>;
  name: string | null;
  revision: string | null;
  release_date: string | null;
  languages: string[] | null;
  n_parameters: number | null;
  n_active_parameters_override: number | null;
  n_embedding_parameters: number | null;
  memory_usage_mb: number | null;
  max_tokens: number | null;
  embed_dim: number | null;
  license: string | null;
  open_weights: boolean | null;
  public_training_code: string | null;
  public_training_data: string | boolean | null;
  framework: string[];
  reference: string | null;
  similarity_fn_name: string | null;
  use_instructions: boolean | null;
  training_datasets: string[] | null;
  adapted_from: string | null;
  superseded_by: string | null;
  modalities: string[];
  model_type: string[];
  citation: string | null;
  contacts: string[] | null;
  experiment_kwargs: Record<string, unknown> | null;
  output_dtypes: string | string[] | null;
  extra_requirements_groups: string[] | null;
  loader: string | null;
  is_cross_encoder: boolean;
}

/** Fields a model's `extra` may set directly (known metadata under mteb's own names, e.g. from a registry entry). */
const PROMOTABLE = [
  'release_date',
  'languages',
  'n_parameters',
  'n_active_parameters_override',
  'n_embedding_parameters',
  'memory_usage_mb',
  'max_tokens',
  'license',
  'open_weights',
  'public_training_code',
  'public_training_data',
  'reference',
  'use_instructions',
  'training_datasets',
  'adapted_from',
  'superseded_by',
  'citation',
  'contacts',
] as const;

/** Our model kinds as mteb's model_type. */
function modelType(meta: ModelMeta): string[] {
  const kind = meta.extra?.kind;
  if (kind === 'cross-encoder') return ['cross-encoder'];
  if (kind === 'splade') return ['sparse'];
  return ['dense'];
}

/** A finite number, else null (mteb writes Infinity for unbounded max_tokens; strict JSON cannot). */
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The mteb-valid model_meta.json object and our extras for `.mteb-ts/model_meta.json`. */
export function mtebModelMeta(
  meta: ModelMeta,
  runner: { name: string; version: string },
): { modelMeta: MtebModelMeta; extras: Record<string, unknown> } {
  const extra: Record<string, unknown> = { ...(meta.extra ?? {}) };
  const known: Record<string, unknown> = {};
  for (const k of PROMOTABLE) {
    if (k in extra) {
      known[k] = extra[k];
      delete extra[k];
    }
  }
  const types = modelType(meta);
  const framework = meta.framework ?? [];
  const modelMeta: MtebModelMeta = {
    loader_kwargs: {},
    name: meta.name,
    revision: meta.revision ?? null,
    release_date: (known.release_date as string | undefined) ?? null,
    languages: (known.languages as string[] | undefined) ?? null,
    n_parameters: finite(known.n_parameters),
    n_active_parameters_override: finite(known.n_active_parameters_override),
    n_embedding_parameters: finite(known.n_embedding_parameters),
    memory_usage_mb: finite(known.memory_usage_mb),
    max_tokens: finite(known.max_tokens),
    embed_dim: meta.embedDim ?? null,
    license: (known.license as string | undefined) ?? null,
    open_weights: (known.open_weights as boolean | undefined) ?? null,
    public_training_code: (known.public_training_code as string | undefined) ?? null,
    public_training_data: (known.public_training_data as string | boolean | undefined) ?? null,
    framework: framework.filter((f) => (MTEB_FRAMEWORKS as readonly string[]).includes(f)),
    reference: (known.reference as string | undefined) ?? null,
    similarity_fn_name: meta.similarity ?? 'cosine',
    use_instructions: (known.use_instructions as boolean | undefined) ?? ('instructions_used' in extra ? true : null),
    training_datasets: (known.training_datasets as string[] | undefined) ?? null,
    adapted_from: (known.adapted_from as string | undefined) ?? null,
    superseded_by: (known.superseded_by as string | undefined) ?? null,
    modalities: ['text'],
    model_type: types,
    citation: (known.citation as string | undefined) ?? null,
    contacts: (known.contacts as string[] | undefined) ?? null,
    experiment_kwargs: null,
    output_dtypes: null,
    extra_requirements_groups: null,
    // No mteb loader runs these models; mteb resolves a null loader to "not implemented", as for external results.
    loader: null,
    is_cross_encoder: types.includes('cross-encoder'),
  };
  const extras = { runner, framework, model_prompts: meta.prompts ?? null, ...extra };
  return { modelMeta, extras };
}

/** Where our extras go: a hidden folder next to model_meta.json (no *.json at the revision folder's top level). */
export const EXTRAS_DIR = '.mteb-ts';
