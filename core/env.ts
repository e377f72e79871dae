/**
 * Every environment variable mteb-ts reads, in one typed table: its name, what it means and how its text is
 * read. Code asks `readEnv()` (or `readEnv(someRecord)` in tests) and gets typed values; nothing else touches
 * `process.env`. Values are read at call time, so a test or a parent process can set them before a call.
 * Empty strings count as unset, as huggingface_hub treats them.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A raw environment: `process.env` or a plain record. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

const text = (v: string | undefined): string | undefined => (v ? v : undefined);
/** huggingface_hub's boolean values (constants.py `_is_true`): 1/ON/YES/TRUE, case-insensitive. */
const flag = (v: string | undefined): boolean => !!v && ['1', 'on', 'yes', 'true'].includes(v.trim().toLowerCase());
/** A positive number of seconds, as milliseconds. */
const secondsAsMs = (v: string | undefined): number | undefined => (Number(v) > 0 ? Number(v) * 1000 : undefined);

interface EnvVar<T> {
  description: string;
  read: (raw: string | undefined) => T;
  /** Never print its value (tokens, keys). */
  secret?: true;
}

export const ENV_VARS = {
  // mteb-ts
  MTEB_HUB_MIRROR: { description: 'local HF mirror holding datasets/<owner>/<name> (like --hub-mirror)', read: text },
  MTEB_TS_CACHE: { description: 'root of the mteb-ts caches (embeddings/, glove/); default ~/.cache/mteb-ts', read: text },
  MTEB_TS_SKLEARN_VERSION: { description: 'scikit-learn release to reproduce (like --sklearn-version)', read: text },
  MTEB_TS_SEARCH_BACKEND: { description: '"ort" turns the native exact-search kernel off', read: text },
  MTEB_TS_RESULTS_URL: {
    description:
      'URL of the pre-built published results file (__cached_results.json.gz); default the cached-data branch of embeddings-benchmark/results',
    read: text,
  },
  MTEB_TS_RESULTS_REMOTE: {
    description: 'git remote (URL or local path) of the published results repository; default https://github.com/embeddings-benchmark/results',
    read: text,
  },
  // mteb (mteb/cache/result_cache.py ResultCache.default_cache_path)
  MTEB_CACHE: {
    description: "mteb's cache root (published results: <MTEB_CACHE>/leaderboard, <MTEB_CACHE>/remote); default ~/.cache/mteb",
    read: text,
  },
  MTEB_HTTP_TOKEN: { description: 'bearer token for http: models', read: text, secret: true },
  MTEB_TS_REDIS_URL: { description: 'Redis of the worker pool, for `queue` and `worker` (like --redis)', read: text },
  // Set by `mteb-ts worker` for the sandboxed processes it forks (runners/queue/settings.ts); not for users.
  MTEB_TS_WORKER_OUTPUT: { description: "internal: the worker's --output-folder, for its job processes", read: text },
  MTEB_TS_WORKER_CACHE_DIR: { description: "internal: the worker's --cache-dir", read: text },
  MTEB_TS_WORKER_NO_CACHE: { description: "internal: the worker's --no-cache", read: flag },
  MTEB_TS_WORKER_ID: { description: "internal: the worker's --worker-id", read: text },
  MTEB_TS_WORKER_MAX_STARTS: { description: "internal: the worker's --max-starts", read: text },
  MTEB_TS_WORKER_REFUSE_DELAY_MS: {
    description: 'internal: how long a job another runner version must take waits for a matching worker',
    read: text,
  },
  MTEB_TS_WORKER_QUEUE: { description: "internal: the worker's --queue", read: text },
  // Hugging Face hub, as huggingface_hub reads them (huggingface_hub/constants.py)
  HF_ENDPOINT: { description: 'hub URL (default https://huggingface.co)', read: text },
  HF_TOKEN: { description: 'hub access token', read: text, secret: true },
  HF_HOME: { description: 'HF home; the cache is <HF_HOME>/hub', read: text },
  HF_HUB_CACHE: { description: 'HF cache folder', read: text },
  HF_HUB_OFFLINE: { description: 'use only the cache and the mirror (like --offline)', read: flag },
  HF_HUB_DOWNLOAD_TIMEOUT: { description: 'seconds without progress before a request fails', read: secondsAsMs },
  HF_HUB_DISABLE_PROGRESS_BARS: { description: 'no download progress bars', read: flag },
  XDG_CACHE_HOME: { description: 'cache root when HF_HOME/HF_HUB_CACHE are unset', read: text },
  // API models
  OPENAI_BASE_URL: { description: 'OpenAI-compatible endpoint for openai: models', read: text },
  OPENAI_API_KEY: { description: 'API key for openai: models', read: text, secret: true },
  // CI
  GITHUB_STEP_SUMMARY: { description: 'file `diff --format github` appends its summary to', read: text },
} as const satisfies Record<string, EnvVar<unknown>>;

export type EnvName = keyof typeof ENV_VARS;
export type Env = { readonly [K in EnvName]: ReturnType<(typeof ENV_VARS)[K]['read']> };

/** The typed view of an environment (default: this process's). */
export function readEnv(raw: RawEnv = process.env): Env {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ENV_VARS) as [EnvName, EnvVar<unknown>][]) out[name] = spec.read(raw[name]);
  return out as Env;
}

/**
 * Sets variables in this process's environment, for the child processes it forks afterwards (a worker hands its
 * settings to its sandboxed job processes this way).
 */
export function exportEnv(values: Partial<Record<EnvName, string>>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) process.env[k] = v;
}

/** Names that hold secrets by convention; their values are removed from every output (core/redact.ts). */
const SECRET_NAME = /(_TOKEN|_API_KEY|_SECRET|_PASSWORD)$/;

/** Values of the secret variables: the rows marked `secret` and any *_TOKEN / *_API_KEY / *_SECRET / *_PASSWORD. */
export function secretEnvValues(raw: RawEnv = process.env): string[] {
  const isSecret = (name: string) => SECRET_NAME.test(name) || (name in ENV_VARS && 'secret' in ENV_VARS[name as EnvName]);
  return Object.entries(raw).flatMap(([name, v]) => (v && isSecret(name) ? [v] : []));
}

/** The root of mteb-ts's own caches: $MTEB_TS_CACHE, else ~/.cache/mteb-ts. */
export function mtebCacheRoot(env: Env = readEnv()): string {
  return env.MTEB_TS_CACHE ?? join(homedir(), '.cache', 'mteb-ts');
}

/** mteb's ResultCache root: $MTEB_CACHE, else ~/.cache/mteb (mteb/cache/result_cache.py `default_cache_path`). */
export function mtebResultCacheRoot(env: Env = readEnv()): string {
  return env.MTEB_CACHE ?? join(homedir(), '.cache', 'mteb');
}

/**
 * The environment for a child process (git): this process's, plus `extra`. Children inherit the variables
 * they read themselves (proxies, git's own); we only add to them.
 */
export function childEnv(extra: Record<string, string>, raw: RawEnv = process.env): Record<string, string | undefined> {
  return { ...raw, ...extra };
}
