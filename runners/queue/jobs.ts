import { createHash } from 'node:crypto';
import { type RawEnv, secretEnvValues } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import type { ModelOptions } from '../../models/options.js';
import type { BudgetLimits } from './rate-budget.js';

/**
 * What a queue job carries. Only names and options that anyone may read: Redis, the dashboard and `queue status`
 * show job data, so secrets (API keys, HF_TOKEN) stay in each worker's environment and never enter it.
 */
export interface UnitJobData {
  kind: 'unit';
  runnerVersion: string;
  model: string;
  modelOptions: Pick<ModelOptions, 'revision' | 'batchSize' | 'prompts' | 'dtype' | 'threads'> & Record<string, unknown>;
  sklearnVersion: string;
  task: string;
  /** Subset unit: the (split, subset) pairs; absent = the whole task. */
  pairs?: [string, string][];
  /** The task's split and subset order, so `collect` assembles subset units without the catalog. */
  order: { splits: string[]; subsets: string[] };
  /** Custom task files (paths every worker can read, e.g. on the shared folder). */
  taskFiles?: string[];
  /** Retrieval fan-out: corpus chunks encoded by child jobs into the shared embedding cache first. */
  fanOut?: { chunkSize: number };
  /** Pool-wide API limits (requests/tokens per window, requests in flight), held in Redis. */
  budget?: BudgetLimits;
}

/** A fan-out child: encode one slice of a retrieval corpus into the shared embedding cache. */
export interface EncodeChunkJobData {
  kind: 'encode-chunk';
  runnerVersion: string;
  model: string;
  modelOptions: UnitJobData['modelOptions'];
  task: string;
  taskFiles?: string[];
  split: string;
  subset: string;
  /** Corpus rows [start, end) in the order the evaluator reads them. */
  start: number;
  end: number;
  budget?: BudgetLimits;
}

export type JobData = UnitJobData | EncodeChunkJobData;

/** What a finished unit job returns (stored by BullMQ as the job's return value; `collect` writes it out). */
export interface UnitJobResult {
  task: string;
  /** `<model folder>/<revision folder>` as the runner names them. */
  folder: [string, string];
  /** The result file's text, exactly as the worker wrote it. */
  result: string;
  modelMeta: string | null;
  worker: string;
}

/** Deterministic job id, so submitting the same work twice adds nothing (BullMQ ignores a known jobId). */
export function jobId(data: JobData): string {
  return `${data.kind === 'unit' ? 'u' : 'c'}-${createHash('sha256').update(stableJson(data)).digest('hex').slice(0, 32)}`;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Values of the secret environment variables (HF_TOKEN, OPENAI_API_KEY, *_TOKEN, ...), at least 8 characters long. */
export function secretValues(env?: RawEnv): string[] {
  return secretEnvValues(env).filter((v) => v.length >= 8);
}

/**
 * Refuses job data that would carry a secret into Redis: a value of a secret environment variable, a URL with
 * a password, or a key-like query parameter.
 */
export function assertNoSecrets(data: unknown, env?: RawEnv): void {
  const secrets = secretValues(env);
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (secrets.some((s) => v.includes(s)))
        throw new ConfigError(`job field ${path} contains the value of a secret environment variable; secrets stay in each worker's environment`);
      if (/\/\/[^/@\s]*:[^/@\s]+@/.test(v))
        throw new ConfigError(`job field ${path} holds a URL with a password; give credentials through the workers' environment`);
      if (/[?&](api[_-]?key|key|token|access_token|password)=/i.test(v))
        throw new ConfigError(`job field ${path} holds a URL with a key parameter; give credentials through the workers' environment`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(data, '');
}

/** Just the parts of BullMQ's SandboxedJob the processor uses. */
export interface ProcessorJob {
  id?: string;
  name: string;
  data: JobData;
  attemptsStarted: number;
  updateProgress(p: object): Promise<void>;
  log(row: string): Promise<unknown>;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
  moveToWaitingChildren?(token: string): Promise<boolean>;
}
