/** Where datasets come from: a local mirror, the HF cache, the hub (and how to reach it). */
import { join } from 'node:path';

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
}

/** huggingface_hub's boolean env values: 1/ON/YES/TRUE, case-insensitive. */
function envTrue(v: string | undefined): boolean {
  return !!v && ['1', 'on', 'yes', 'true'].includes(v.trim().toLowerCase());
}

export function dataOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DataOptions {
  return {
    hubMirror: env.MTEB_HUB_MIRROR || undefined,
    offline: envTrue(env.HF_HUB_OFFLINE),
    endpoint: env.HF_ENDPOINT || undefined,
    cacheDir: env.HF_HUB_CACHE || (env.HF_HOME ? join(env.HF_HOME, 'hub') : undefined),
    token: env.HF_TOKEN || undefined,
    timeoutMs: Number(env.HF_HUB_DOWNLOAD_TIMEOUT) > 0 ? Number(env.HF_HUB_DOWNLOAD_TIMEOUT) * 1000 : undefined,
  };
}
