/**
 * Where a model's files come from: a local folder, or a hub repo at a revision read through transformers.js'
 * file cache (same key layout: `<cacheDir>/<repo>/<file>` for main, `<cacheDir>/<repo>/<revision>/<file>` otherwise),
 * so the ST JSON files we read ourselves live next to the ONNX/tokenizer files transformers.js downloads.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModelError } from '../../core/errors.js';

export interface HubSettings {
  /** transformers.js env.cacheDir. */
  cacheDir: string;
  /** HF_HUB_OFFLINE: never download. */
  offline: boolean;
  /** HF_ENDPOINT (transformers.js env.remoteHost). */
  endpoint: string;
  /** HF_TOKEN: sent as a bearer token, never logged. */
  token?: string;
}

export type ModelSource =
  | { kind: 'local'; dir: string; label: string }
  | { kind: 'hub'; repo: string; revision: string; hub: HubSettings; label: string };

/** Reads a small text file of the model, or undefined when the model does not have it. */
export async function readModelText(src: ModelSource, file: string): Promise<string | undefined> {
  if (src.kind === 'local') {
    const p = join(src.dir, file);
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  }
  const cached = hubCachePath(src, file);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const missing = `${cached}.missing`; // remembers a 404 so offline reruns behave like the first run
  if (existsSync(missing)) return undefined;
  if (src.hub.offline) return undefined;
  const url = `${src.hub.endpoint.replace(/\/$/, '')}/${src.repo}/resolve/${encodeURIComponent(src.revision)}/${file}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: src.hub.token ? { authorization: `Bearer ${src.hub.token}` } : {} });
  } catch (e) {
    throw new ModelError(`cannot download ${file} of ${src.repo}@${src.revision}: ${(e as Error).message}`, {
      model: src.label,
      hint: 'check the network, or set HF_HUB_OFFLINE=1 to use only cached files',
    });
  }
  if (res.status === 404) {
    atomicWrite(missing, '');
    return undefined;
  }
  if (!res.ok) {
    throw new ModelError(`downloading ${file} of ${src.repo}@${src.revision} failed: HTTP ${res.status}`, {
      model: src.label,
      hint: res.status === 401 || res.status === 403 ? 'the repo may be gated or private: set HF_TOKEN' : undefined,
    });
  }
  const text = await res.text();
  atomicWrite(cached, text);
  return text;
}

export async function readModelJson<T>(src: ModelSource, file: string): Promise<T | undefined> {
  const text = await readModelText(src, file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ModelError(`invalid JSON in ${file}: ${(e as Error).message}`, { model: src.label, file: describeFile(src, file) });
  }
}

/** Whether a (possibly large) file exists locally; hub sources answer undefined (unknown until downloaded). */
export function localFileExists(src: ModelSource, file: string): boolean | undefined {
  return src.kind === 'local' ? existsSync(join(src.dir, file)) : undefined;
}

export function describeFile(src: ModelSource, file: string): string {
  return src.kind === 'local' ? join(src.dir, file) : `${src.repo}@${src.revision}/${file}`;
}

/** Whether a hub file is already in the transformers.js cache. */
export function isHubFileCached(src: Extract<ModelSource, { kind: 'hub' }>, file: string): boolean {
  return existsSync(hubCachePath(src, file));
}

function hubCachePath(src: Extract<ModelSource, { kind: 'hub' }>, file: string): string {
  return src.revision === 'main' ? join(src.hub.cacheDir, src.repo, file) : join(src.hub.cacheDir, src.repo, src.revision, file);
}

function atomicWrite(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
