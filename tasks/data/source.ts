import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import type { DatasetRef } from '../metadata.js';
import { LocalRepo } from './local-repo.js';
import type { LoadedRows } from './rows.js';

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

export interface DatasetSource {
  loadRows(ref: DatasetRef, config: string, split: string): Promise<LoadedRows>;
  listConfigs(ref: DatasetRef): Promise<string[]>;
}

/** Resolves a dataset to a local repo folder: a custom local folder, the mirror, or (later) a hub snapshot. */
export type RepoResolver = (ref: DatasetRef, opts: DataOptions) => Promise<LocalRepo>;

let hubResolver: RepoResolver | undefined;
/** The hub client registers itself here, so loading from the mirror never imports it. */
export function setHubResolver(r: RepoResolver): void {
  hubResolver = r;
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

export function createDatasetSource(opts: DataOptions): DatasetSource {
  const repos = new Map<string, Promise<LocalRepo>>();
  const loaded = new Map<string, Promise<LoadedRows>>();
  const repoFor = (ref: DatasetRef): Promise<LocalRepo> => {
    const key = `${ref.path}@${ref.revision}`;
    let p = repos.get(key);
    if (!p) {
      p = resolveRepo(ref, opts);
      repos.set(key, p);
      // A failed lookup (network, missing cache) is not remembered: the next task may retry it.
      p.catch(() => repos.delete(key));
    }
    return p;
  };
  return {
    async loadRows(ref, config, split) {
      const key = `${ref.path}@${ref.revision}|${config}|${split}`;
      let p = loaded.get(key);
      if (!p) {
        p = repoFor(ref).then((r) => r.loadRows(config, split));
        loaded.set(key, p);
        p.catch(() => loaded.delete(key));
      }
      return p;
    },
    async listConfigs(ref) {
      return (await repoFor(ref)).configs().map((c) => c.name);
    },
  };
}

async function resolveRepo(ref: DatasetRef, opts: DataOptions): Promise<LocalRepo> {
  // A custom task may point at a local folder directly.
  if (/^(\.{0,2}\/|[A-Za-z]:\\)/.test(ref.path) && existsSync(ref.path)) return new LocalRepo(resolve(ref.path), ref.path);
  if (opts.hubMirror) {
    const dir = join(opts.hubMirror, 'datasets', ...ref.path.split('/'));
    if (existsSync(dir)) {
      checkMirrorRevision(dir, ref);
      return new LocalRepo(dir, ref.path);
    }
    // Not mirrored: the HF cache (offline) or the hub may still have it.
  }
  let importError: unknown;
  if (!hubResolver) await import('./hub-resolver.js').catch((e: unknown) => (importError = e));
  if (!hubResolver) {
    const why = importError instanceof Error ? `: ${importError.message}` : '';
    throw new DatasetError(`cannot load dataset ${ref.path}@${ref.revision}: the hub client is unavailable${why}`, {
      file: opts.hubMirror ? join(opts.hubMirror, 'datasets', ...ref.path.split('/')) : undefined,
      hint: 'add the dataset to a hub mirror (--hub-mirror <dir> or MTEB_HUB_MIRROR)',
    });
  }
  return hubResolver(ref, opts);
}

/** A mirror that holds another revision than the task pins would give scores that are not comparable. */
function checkMirrorRevision(dir: string, ref: DatasetRef): void {
  const metaFile = join(dir, '.mirror.json');
  if (!existsSync(metaFile)) return;
  let rev: unknown;
  try {
    rev = (JSON.parse(readFileSync(metaFile, 'utf8')) as { revision?: unknown }).revision;
  } catch (e) {
    throw new DatasetError(`invalid .mirror.json: ${(e as Error).message}`, { file: metaFile });
  }
  if (typeof rev === 'string' && rev !== ref.revision) {
    throw new DatasetError(`mirror holds revision ${rev} of ${ref.path}, but the task pins ${ref.revision}`, {
      file: metaFile,
      hint: 'mirror the pinned revision, or define a custom task with the mirrored revision',
    });
  }
}
