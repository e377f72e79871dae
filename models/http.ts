import type { Encoder } from '../core/encoder.js';
import { readEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { assertNoCredentials } from '../core/redact.js';
import { type ApiDialect, apiEncoder, apiSettings, splitSpec } from './api-encoder.js';
import type { ModelOptions } from './options.js';

/**
 * `http:<url>`: a generic JSON embedding endpoint. Request: `POST <url>` with
 * `{"inputs": [texts], "input_type": "query" | "document" | null}`. Response: a list of vectors, or
 * `{"embeddings": [...]}`, or OpenAI's `{"data": [{"embedding": [...]}]}`. `MTEB_HTTP_TOKEN` is sent as a bearer
 * token when set. Options after `#`: name, concurrency, rpm, tpm, timeoutMs, maxRetries (`http:http://h/embed#name=my-model&concurrency=8`).
 */
export async function create(spec: string, opts: ModelOptions): Promise<Encoder> {
  const hash = spec.indexOf('#');
  const url = hash < 0 ? spec : spec.slice(0, hash);
  const { query } = splitSpec(hash < 0 ? '' : `?${spec.slice(hash + 1)}`);
  if (!/^https?:\/\//.test(url)) throw new ConfigError(`http: needs an http(s) URL, got "${url}"`, { model: `http:${spec}` });
  assertNoCredentials(url, 'the http: URL', 'put the token in MTEB_HTTP_TOKEN and give the URL without user:password@');
  const token = readEnv().MTEB_HTTP_TOKEN;
  const dialect: ApiDialect = {
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    request: (inputs, promptType) => ({ inputs, input_type: promptType ?? null }),
    parse(body) {
      if (Array.isArray(body)) return body as number[][];
      const b = body as { embeddings?: unknown; data?: { embedding: number[] }[] };
      if (Array.isArray(b.embeddings)) return b.embeddings as number[][];
      if (Array.isArray(b.data)) return b.data.map((d) => d.embedding);
      throw new Error('response is neither a list of vectors, {"embeddings": [...]} nor {"data": [...]}');
    },
  };
  const name = query.get('name') ?? new URL(url).host;
  return apiEncoder(
    { name, revision: opts.revision, similarity: 'cosine', framework: ['API'], extra: { endpoint: url.replace(/\?.*$/, '') } },
    dialect,
    apiSettings(query, opts),
    opts.prompts ?? {},
    [token],
    opts.log as ((m: string) => void) | undefined,
    url,
  );
}
