/**
 * Option groups that several commands share (task selection, model loading), each an interface plus its rows.
 * A command's options interface extends the groups it takes; its row in ./index.ts spreads their tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { checkMirrorRoot } from '../../hub/mirror.js';
import { type DataOptions, dataOptionsFromEnv } from '../../hub/options.js';
import type { ModelOptions } from '../../models/options.js';
import { modelIdHelp } from '../../models/registry.js';
import { TASK_TYPE_NAMES } from '../../tasks/task-types.js';
import type { CliIO } from '../cli-io.js';
import { type CliOptions, list, names, positiveInt } from '../cli-options.js';
import type { SelectionOptions } from '../select-tasks.js';

/** Every command has -v/--verbose (the one verbosity rule: more logs, every warning, stack traces on errors). */
export interface Verbosity {
  verbose?: boolean;
}

/** Which tasks: names, a benchmark, or filters (the `run` / `download` / `list` selection), as the CLI parses them. */
export interface TaskFilterFlags extends Omit<SelectionOptions, 'benchmark' | 'taskFileTasks' | 'name' | 'includeSuperseded'> {
  /** One or more benchmarks (-b is repeatable). */
  benchmark?: string[];
}

export const TASK_FILTER_OPTIONS: CliOptions<TaskFilterFlags> = {
  tasks: { short: '-t', argument: '<task...>', description: 'task names', parse: list },
  benchmark: {
    short: '-b',
    argument: '<name...>',
    description: 'one or more benchmarks, e.g. "MTEB(eng, v2)" BEIR (see `list benchmarks`)',
    parse: names,
  },
  taskTypes: { argument: '<type...>', description: `task types: ${TASK_TYPE_NAMES.join(', ')}`, parse: list },
  languages: {
    short: '-l',
    argument: '<lang...>',
    description: 'keep subsets with any of these languages: ISO 639-3 (eng) or language-script (eng-Latn) codes',
    parse: list,
  },
  script: { argument: '<script...>', description: 'keep tasks with any of these ISO 15924 scripts (e.g. Latn Cyrl)', parse: list },
  exclusiveLanguageFilter: { description: 'keep only subsets whose languages are all among --languages (mteb exclusive_language_filter)' },
  categories: { argument: '<cat...>', description: 'task categories, e.g. t2t t2c', parse: list },
  hfSubsets: { argument: '<subset...>', description: 'keep only these HF subsets', parse: list },
  evalSplits: { argument: '<split...>', description: 'keep only these splits', parse: list },
  taskFile: { argument: '<file...>', description: 'custom task definitions (JSON or YAML)', parse: list },
};

/** How to load the model (`run` and `embed`). */
export interface ModelFlags {
  modelRevision?: string;
  batchSize: number;
  /** JSON text or a JSON file; parsed by the command (it reads a file). */
  prompts?: string;
  dtype?: string;
  threads?: number;
  pooling?: string;
  normalize?: boolean;
  maxSeqLength?: number;
  device?: string;
  cacheDir?: string;
  /** false with --no-cache. */
  cache?: boolean;
}

export const MODEL_OPTIONS: CliOptions<ModelFlags> = {
  modelRevision: { argument: '<rev>', description: 'model revision (commit) to load and record' },
  batchSize: { argument: '<n>', description: 'encode batch size', default: 32, parse: positiveInt('--batch-size') },
  prompts: { argument: '<json>', description: 'prompts as JSON or a JSON file: {"query": "...", "STS": "..."}' },
  dtype: { argument: '<dtype>', description: 'ONNX weights: fp32 (default), fp16, q8' },
  threads: { argument: '<n>', description: 'intra-op threads for local models', parse: positiveInt('--threads') },
  pooling: {
    argument: '<mode>',
    description: 'hf: pooling when the model has no 1_Pooling config (mean, cls, max, lasttoken, weightedmean, mean_sqrt_len_tokens)',
  },
  normalize: {
    description: 'hf: L2-normalize embeddings (default: as the model says)',
    negate: 'also',
    negatedDescription: 'hf: do not L2-normalize embeddings',
  },
  maxSeqLength: { argument: '<n>', description: 'hf: override max_seq_length', parse: positiveInt('--max-seq-length') },
  device: { argument: '<device>', description: 'hf:/cross-encoder: onnxruntime execution provider: cpu (default), cuda, dml, webgpu' },
  cacheDir: { argument: '<dir>', description: 'embedding cache folder' },
  cache: { description: 'do not use the embedding cache', negate: 'only' },
};

/** Where datasets (and hub models) come from: a local mirror, the HF cache, the hub. */
export interface DataFlags {
  hubMirror?: string;
  offline?: boolean;
}

export const DATA_OPTIONS: CliOptions<DataFlags> = {
  hubMirror: { argument: '<dir>', description: 'local HF mirror: a folder holding datasets/<owner>/<name> (env MTEB_HUB_MIRROR)' },
  offline: { description: 'never touch the network: only the HF cache and the mirror (like HF_HUB_OFFLINE=1)' },
};

/**
 * DataOptions from the environment and the flags (flags win). A mirror path that is not a mirror is an error here,
 * before anything runs, rather than a silent fall back to the network; datasets missing from a good mirror are
 * reported on stderr before the hub (or, offline, the cache) is tried.
 */
export function dataOptionsFrom(o: DataFlags, io?: CliIO): DataOptions {
  const data = dataOptionsFromEnv();
  if (o.hubMirror) data.hubMirror = o.hubMirror;
  if (o.offline) data.offline = true;
  if (data.hubMirror) checkMirrorRoot(data.hubMirror, o.hubMirror ? '--hub-mirror' : 'MTEB_HUB_MIRROR');
  if (io) data.notice = (m) => io.stderr(`note: ${m}`);
  return data;
}

/** The -m row of `run`; its help lists the provider registry's id forms. */
export const MODEL_ID_OPTION = { short: '-m', argument: '<model>', description: `model id: ${modelIdHelp()}` } as const;

/** ModelOptions from the parsed model flags (prompts already parsed by the command). */
export function modelOptionsFrom(o: ModelFlags, prompts: Record<string, string> | undefined, data: DataOptions): ModelOptions {
  return {
    revision: o.modelRevision,
    batchSize: o.batchSize,
    hubMirror: data.hubMirror,
    offline: data.offline,
    prompts,
    dtype: o.dtype,
    threads: o.threads,
    cacheDir: o.cacheDir,
    noCache: o.cache === false,
    pooling: o.pooling,
    normalize: o.normalize,
    maxSeqLength: o.maxSeqLength,
    device: o.device,
  };
}

/** --prompts: a JSON object of strings, given inline or as a file. */
export function parsePrompts(v: string): Record<string, string> {
  const text = existsSync(v) ? readFileSync(v, 'utf8') : v;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`--prompts is neither a JSON object nor a JSON file: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((x) => typeof x !== 'string')) {
    throw new ConfigError('--prompts must be a JSON object of strings, e.g. {"query": "query: ", "document": "passage: "}');
  }
  return parsed as Record<string, string>;
}
