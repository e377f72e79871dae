import type { Encoder } from '../core/encoder.js';
import { readEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { assertNoCredentials } from '../core/redact.js';
import { type ApiDialect, apiEncoder, apiSettings, splitSpec } from './api-encoder.js';
import type { ModelOptions } from './options.js';

/**
 * `openai:<model>[?options]`: the OpenAI embeddings API, or any server with an OpenAI-compatible
 * `POST {base}/embeddings` (TEI, vLLM, Ollama). `OPENAI_BASE_URL` (default https://api.openai.com/v1) and
 * `OPENAI_API_KEY`. Options: dimensions, input_type_field (send `input_type: query|document`, for servers that
 * take it), concurrency, rpm, tpm, timeoutMs, maxRetries.
 */
export async function create(spec: string, opts: ModelOptions): Promise<Encoder> {
  const { name, query } = splitSpec(spec);
  if (!name) throw new ConfigError('openai: needs a model name, e.g. openai:text-embedding-3-small', { model: `openai:${spec}` });
  const env = readEnv();
  const base = String(opts.baseUrl ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  // Fail now: the request could never authenticate that way, and the URL would reach metadata and logs.
  assertNoCredentials(base, 'OPENAI_BASE_URL', 'put the key in OPENAI_API_KEY and give the URL without user:password@');
  const key = env.OPENAI_API_KEY;
  const dims = query.get('dimensions');
  const sendInputType = query.get('input_type_field') === '1' || query.get('input_type_field') === 'true';
  const dialect: ApiDialect = {
    url: `${base}/embeddings`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    request: (input, promptType) => ({
      model: name,
      input,
      encoding_format: 'float',
      ...(dims ? { dimensions: Number(dims) } : {}),
      ...(sendInputType && promptType ? { input_type: promptType } : {}),
    }),
    parse(body, n) {
      const data = (body as { data?: unknown }).data;
      if (!Array.isArray(data)) throw new Error('response has no "data" list');
      const out: number[][] = new Array(n);
      data.forEach((d: { embedding?: unknown; index?: unknown }, i) => {
        const idx = typeof d.index === 'number' ? d.index : i;
        if (idx < 0 || idx >= n) throw new Error(`response item index ${idx} is out of range`);
        out[idx] = d.embedding as number[];
      });
      return data.length === n ? out : data.map((d: { embedding?: number[] }) => d.embedding as number[]);
    },
  };
  const settings = apiSettings(query, opts);
  const identity = JSON.stringify({ base, dimensions: dims ?? null, input_type: sendInputType });
  return apiEncoder(
    { name, revision: opts.revision, embedDim: dims ? Number(dims) : undefined, similarity: 'cosine', framework: ['API'], extra: { api_base: base } },
    dialect,
    settings,
    opts.prompts ?? {},
    [key],
    opts.log as ((m: string) => void) | undefined,
    identity,
  );
}
