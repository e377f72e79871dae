import pLimit from 'p-limit';
import type { EncodeContext, Encoder, ModelMeta, PromptType } from '../core/encoder.js';
import { ConfigError, ModelError } from '../core/errors.js';
import { type RetryPolicy, retryPolicy } from '../core/http.js';
import { API_RETRY, postJson } from './http-client.js';
import type { ModelOptions } from './options.js';
import { type PromptMap, resolvePrompt } from './prompts.js';
import { estimateTokens, RateLimiter } from './rate-limiter.js';
import type { RequestBudget } from './request-budget.js';

/** How one HTTP embedding API is spoken: the request for a batch and the vectors in its response. */
export interface ApiDialect {
  url: string;
  headers: Record<string, string>;
  request(texts: string[], promptType: PromptType | undefined): unknown;
  /** The vectors of the response in input order; throw a plain Error describing a malformed body. */
  parse(body: unknown, n: number): number[][];
}

export interface ApiSettings {
  concurrency: number;
  rpm?: number;
  tpm?: number;
  policy: RetryPolicy;
  batchSize: number;
  /** Pool-wide limits (queue workers): taken per HTTP attempt, on top of this process's own limits. */
  budget?: RequestBudget;
}

/** Provider settings from ModelOptions and `?key=value` pairs after the model id (`openai:m?concurrency=8&rpm=500`). */
export function apiSettings(query: URLSearchParams, opts: ModelOptions): ApiSettings {
  const num = (key: string, fallback?: number): number | undefined => {
    const raw = query.get(key) ?? (opts[key] as string | number | undefined);
    if (raw === undefined || raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`model option ${key} must be a positive number, got "${raw}"`);
    return n;
  };
  return {
    concurrency: num('concurrency', 4)!,
    rpm: num('rpm'),
    tpm: num('tpm'),
    batchSize: num('batchSize', opts.batchSize ?? 32)!,
    budget: opts.budget as RequestBudget | undefined,
    // `backoffMs` is the user-facing name of the policy's first backoff delay.
    policy: retryPolicy(API_RETRY, { timeoutMs: num('timeoutMs'), maxRetries: num('maxRetries'), baseDelayMs: num('backoffMs') }),
  };
}

/** Splits "name?a=1&b=2" into the name and its options. */
export function splitSpec(spec: string): { name: string; query: URLSearchParams } {
  const q = spec.indexOf('?');
  return q < 0 ? { name: spec, query: new URLSearchParams() } : { name: spec.slice(0, q), query: new URLSearchParams(spec.slice(q + 1)) };
}

/**
 * An Encoder over an HTTP API: batches, runs up to `concurrency` requests at once within the rate limits,
 * retries transient failures, prepends mteb-resolved prompts, and checks every vector it gets back.
 */
export function apiEncoder(
  meta: ModelMeta,
  dialect: ApiDialect,
  s: ApiSettings,
  prompts: PromptMap,
  secrets: (string | undefined)[],
  log?: (m: string) => void,
  cacheIdentity?: string,
): Encoder {
  const limiter = new RateLimiter(s.rpm, s.tpm);
  const limit = pLimit(s.concurrency);
  const promptFor = (ctx: EncodeContext) => resolvePrompt(prompts, ctx.task.name, ctx.task.type, ctx.promptType).text;
  let dim = meta.embedDim;
  return {
    name: meta.name,
    revision: meta.revision,
    similarity: meta.similarity ?? 'cosine',
    meta: { ...meta, prompts },
    cacheIdentity,
    resolvePrompt: (ctx) => promptFor(ctx) || undefined,
    async encode(texts, ctx) {
      const prefix = promptFor(ctx);
      const rows: number[][] = new Array(texts.length);
      const batches: [number, number][] = [];
      for (let i = 0; i < texts.length; i += s.batchSize) batches.push([i, Math.min(texts.length, i + s.batchSize)]);
      let done = 0;
      await Promise.all(
        batches.map(([from, to], b) =>
          limit(async () => {
            const part = texts.slice(from, to).map((t) => prefix + t);
            const tokens = estimateTokens(part);
            await limiter.acquire(tokens);
            const label = `batch ${b + 1}/${batches.length} (texts ${from}-${to - 1}) of ${ctx.task.name} ${ctx.split}/${ctx.subset}`;
            const body = await postJson(dialect.url, dialect.request(part, ctx.promptType), {
              headers: dialect.headers,
              policy: s.policy,
              model: meta.name,
              batch: label,
              secrets,
              log,
              budget: s.budget,
              tokens,
            });
            let vecs: number[][];
            try {
              vecs = dialect.parse(body, part.length);
            } catch (e) {
              throw new ModelError(`${label}: ${(e as Error).message}`, { model: meta.name });
            }
            if (vecs.length !== part.length)
              throw new ModelError(`${label}: API returned ${vecs.length} vectors for ${part.length} texts`, { model: meta.name });
            vecs.forEach((v, k) => {
              if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
                throw new ModelError(`${label}: vector ${from + k} is not a list of finite numbers`, { model: meta.name });
              }
              dim ??= v.length;
              if (v.length !== dim)
                throw new ModelError(`${label}: vector ${from + k} has ${v.length} dimensions, expected ${dim}`, { model: meta.name });
              rows[from + k] = v;
            });
            done += part.length;
            ctx.onProgress?.(done, texts.length);
          }),
        ),
      );
      const d = dim ?? 0;
      const data = new Float32Array(texts.length * d);
      rows.forEach((v, i) => data.set(v, i * d));
      return { rows: texts.length, cols: d, data };
    },
  };
}
