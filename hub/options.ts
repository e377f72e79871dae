/** Where datasets come from: a local mirror, the HF cache, the hub (and how to reach it). */
import { join } from 'node:path';
import { type RawEnv, readEnv } from '../core/env.js';

export interface DataOptions {
  /** Folder holding `datasets/<owner>/<name>/` (MTEB_HUB_MIRROR). */
  hubMirror?: string;
  /** HF_HUB_OFFLINE: use only the cache (or mirror). */
  offline?: boolean;
  /** HF_ENDPOINT. */
  endpoint?: string;
  /** HF_HUB_CACHE. */
  cacheDir?: string;
  token?: string;
  /** HF_HUB_DOWNLOAD_TIMEOUT (seconds in the env): time allowed without progress per request. */
  timeoutMs?: number;
  log?: (msg: string) => void;
  /** What the user should see without -v (a dataset missing from the mirror, before the hub is tried). */
  notice?: (msg: string) => void;
  /** Data problems that do not stop loading (invalid UTF-8 in a data file); evaluate() routes them to its warn. */
  warn?: (msg: string) => void;
}

/** Data options from the environment (core/env.ts reads it: MTEB_HUB_MIRROR and huggingface_hub's HF_* variables). */
export function dataOptionsFromEnv(raw?: RawEnv): DataOptions {
  const env = readEnv(raw);
  return {
    hubMirror: env.MTEB_HUB_MIRROR,
    offline: env.HF_HUB_OFFLINE,
    endpoint: env.HF_ENDPOINT,
    cacheDir: env.HF_HUB_CACHE ?? (env.HF_HOME ? join(env.HF_HOME, 'hub') : undefined),
    token: env.HF_TOKEN,
    timeoutMs: env.HF_HUB_DOWNLOAD_TIMEOUT,
  };
}
