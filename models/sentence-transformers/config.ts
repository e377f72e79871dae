/**
 * Reads a sentence-transformers model layout: modules.json, the Pooling module's config.json, Normalize,
 * sentence_bert_config.json and config_sentence_transformers.json, as sentence-transformers interprets them.
 */

import type { SimilarityName } from '../../core/encoder.js';
import { ModelError } from '../../core/errors.js';
import type { KnownModel } from '../known-models.js';
import { POOLING_ORDER, type PoolingMode } from '../pooling.js';
import type { PromptMap } from '../prompts.js';
import { describeFile, type ModelSource, readModelJson } from './files.js';

export interface StModuleEntry {
  idx?: number;
  name?: string;
  path: string;
  type: string;
}

export interface StPoolingConfig {
  word_embedding_dimension?: number;
  pooling_mode_cls_token?: boolean;
  pooling_mode_mean_tokens?: boolean;
  pooling_mode_max_tokens?: boolean;
  pooling_mode_mean_sqrt_len_tokens?: boolean;
  pooling_mode_weightedmean_tokens?: boolean;
  pooling_mode_lasttoken?: boolean;
  /** Newer ST writes a single `pooling_mode` string instead of the booleans. */
  pooling_mode?: string;
  include_prompt?: boolean;
}

export interface StConfig {
  /** Folder (relative to the repo) holding the HF model: config.json, tokenizer, onnx/. "" for the root. */
  transformerPath: string;
  poolingModes: PoolingMode[];
  includePrompt: boolean;
  poolingDim?: number;
  normalize: boolean;
  /** undefined: ST's fallback min(max_position_embeddings, tokenizer.model_max_length), applied by the caller. */
  maxSeqLength?: number;
  doLowerCase: boolean;
  prompts: PromptMap;
  defaultPromptName?: string;
  similarity?: SimilarityName;
  /** Where each setting came from, for model_meta.json. */
  sources: string[];
}

export interface StOverrides {
  /** --pooling: used when the model has no ST pooling config (or to replace it). */
  pooling?: PoolingMode;
  normalize?: boolean;
}

const TRANSFORMER = 'sentence_transformers.models.Transformer';
const POOLING = 'sentence_transformers.models.Pooling';
const NORMALIZE = 'sentence_transformers.models.Normalize';

const MODE_KEYS: Record<PoolingMode, keyof StPoolingConfig> = {
  cls: 'pooling_mode_cls_token',
  max: 'pooling_mode_max_tokens',
  mean: 'pooling_mode_mean_tokens',
  mean_sqrt_len_tokens: 'pooling_mode_mean_sqrt_len_tokens',
  weightedmean: 'pooling_mode_weightedmean_tokens',
  lasttoken: 'pooling_mode_lasttoken',
};

/** ST's Pooling(pooling_mode=...) string values. */
const MODE_NAMES: Record<string, PoolingMode> = {
  cls: 'cls',
  mean: 'mean',
  max: 'max',
  lasttoken: 'lasttoken',
  weightedmean: 'weightedmean',
  mean_sqrt_len_tokens: 'mean_sqrt_len_tokens',
};

export function parsePoolingMode(s: string): PoolingMode | undefined {
  return MODE_NAMES[s.toLowerCase()];
}

export function poolingModesOf(cfg: StPoolingConfig): PoolingMode[] {
  if (typeof cfg.pooling_mode === 'string') {
    const m = parsePoolingMode(cfg.pooling_mode);
    return m ? [m] : [];
  }
  return POOLING_ORDER.filter((m) => cfg[MODE_KEYS[m]] === true);
}

export async function readStConfig(src: ModelSource, known?: KnownModel, over: StOverrides = {}): Promise<StConfig> {
  const sources: string[] = [];
  const modules = await readModelJson<StModuleEntry[]>(src, 'modules.json');
  let transformerPath = '';
  let poolingPath: string | undefined;
  let normalize = false;
  if (modules) {
    if (!Array.isArray(modules))
      throw new ModelError('modules.json must be a JSON array', { model: src.label, file: describeFile(src, 'modules.json') });
    for (const m of modules) {
      const type = String(m.type ?? '').replace(/^sentence_transformers\.models\.[A-Za-z]+\./, 'sentence_transformers.models.');
      if (type === TRANSFORMER) transformerPath = m.path ?? '';
      else if (type === POOLING) poolingPath = m.path;
      else if (type === NORMALIZE) normalize = true;
      else {
        throw new ModelError(`unsupported sentence-transformers module ${m.type} (${m.path}) in modules.json`, {
          model: src.label,
          file: describeFile(src, 'modules.json'),
          hint: 'only Transformer, Pooling and Normalize modules are implemented; Dense and other heads are not',
        });
      }
    }
    sources.push('modules.json');
  }

  let poolingModes: PoolingMode[] = [];
  let includePrompt = true;
  let poolingDim: number | undefined;
  if (poolingPath !== undefined) {
    const file = `${poolingPath ? `${poolingPath}/` : ''}config.json`;
    const cfg = await readModelJson<StPoolingConfig>(src, file);
    if (!cfg && !over.pooling) {
      throw new ModelError(`the model has no pooling config ${file} (modules.json lists a Pooling module at "${poolingPath}")`, {
        model: src.label,
        file: describeFile(src, file),
        hint: `restore ${file} from the original model (e.g. {"pooling_mode_mean_tokens": true}), or pass --pooling mean|cls|max|lasttoken|weightedmean`,
      });
    }
    if (cfg) {
      poolingModes = poolingModesOf(cfg);
      if (!poolingModes.length) {
        throw new ModelError(`${file} selects no pooling mode`, {
          model: src.label,
          file: describeFile(src, file),
          hint: 'set one pooling_mode_* key to true',
        });
      }
      includePrompt = cfg.include_prompt ?? true;
      poolingDim = cfg.word_embedding_dimension;
      sources.push(file);
    }
  } else if (!modules && known) {
    poolingModes = [known.st.pooling];
    normalize = known.st.normalize;
    sources.push(`known-models registry (${known.name}) for pooling/normalize`);
  }
  if (over.pooling) {
    poolingModes = [over.pooling];
    sources.push(`--pooling ${over.pooling}`);
  }
  if (over.normalize !== undefined) normalize = over.normalize;
  if (!poolingModes.length) {
    throw new ModelError('the model has no sentence-transformers pooling config (modules.json and 1_Pooling/config.json are missing)', {
      model: src.label,
      file: describeFile(src, '1_Pooling/config.json'),
      hint: 'add modules.json and 1_Pooling/config.json as sentence-transformers saves them, or pass --pooling mean|cls|max|lasttoken|weightedmean (and --normalize if the model expects it)',
    });
  }

  const prefix = transformerPath ? `${transformerPath}/` : '';
  const sbert = await readModelJson<{ max_seq_length?: number; do_lower_case?: boolean }>(src, `${prefix}sentence_bert_config.json`);
  let maxSeqLength = sbert?.max_seq_length ?? undefined;
  const doLowerCase = sbert?.do_lower_case ?? known?.st.doLowerCase ?? false;
  if (sbert) sources.push(`${prefix}sentence_bert_config.json`);
  else if (known) {
    maxSeqLength = known.st.maxSeqLength;
    sources.push(`known-models registry (${known.name}) for max_seq_length`);
  }

  const stc = await readModelJson<{ prompts?: PromptMap; default_prompt_name?: string | null; similarity_fn_name?: string | null }>(
    src,
    'config_sentence_transformers.json',
  );
  if (stc) sources.push('config_sentence_transformers.json');
  const sim = stc?.similarity_fn_name ?? undefined;
  let similarity: SimilarityName | undefined;
  if (sim === 'cosine' || sim === 'dot') similarity = sim;
  else if (sim === 'dot_product') similarity = 'dot';
  else if (sim) {
    throw new ModelError(`similarity_fn_name "${sim}" is not supported (cosine, dot)`, {
      model: src.label,
      file: describeFile(src, 'config_sentence_transformers.json'),
    });
  }
  return {
    transformerPath,
    poolingModes,
    includePrompt,
    poolingDim,
    normalize,
    maxSeqLength,
    doLowerCase,
    prompts: stc?.prompts ?? {},
    defaultPromptName: stc?.default_prompt_name ?? undefined,
    similarity,
    sources,
  };
}
