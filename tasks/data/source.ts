import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import { mirrorDatasetDir } from '../../hub/mirror.js';
import type { DataOptions } from '../../hub/options.js';
import type { DatasetRef } from '../task-info.js';
import { LocalRepo } from './local-repo.js';
import type { LoadedRows } from './rows.js';

export { type DataOptions, dataOptionsFromEnv } from '../../hub/options.js';

export interface DatasetSource {
  loadRows(ref: DatasetRef, config: string, split: string): Promise<LoadedRows>;
  listConfigs(ref: DatasetRef): Promise<string[]>;
  /** Split names of one config, in `datasets`' order. */
  listSplits(ref: DatasetRef, config: string): Promise<string[]>;
}

export function createDatasetSource(opts: DataOptions): DatasetSource {
  const repos = new Map<string, Promise<LocalRepo>>();
  const loaded = new Map<string, Promise<LoadedRows>>();
  const repoFor = (ref: DatasetRef): Promise<LocalRepo> => {
    const key = `${ref.path}@${ref.revision}`;
    let p = repos.get(key);
    if (!p) {
      p = resolveRepo(ref, opts).then((repo) => {
        repo.warn = opts.warn;
        return repo;
      });
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
    async listSplits(ref, config) {
      return (await repoFor(ref)).splitNames(config);
    },
  };
}

/** Datasets already reported missing from a mirror (one notice per process, however many tasks share them). */
const noticed = new Set<string>();

async function resolveRepo(ref: DatasetRef, opts: DataOptions): Promise<LocalRepo> {
  // A custom task may point at a local folder directly.
  if (/^(\.{0,2}\/|[A-Za-z]:\\)/.test(ref.path) && existsSync(ref.path)) return new LocalRepo(resolve(ref.path), ref.path);
  if (opts.hubMirror) {
    const dir = mirrorDatasetDir(opts.hubMirror, ref.path);
    if (existsSync(dir)) {
      checkMirrorRevision(dir, ref);
      return new LocalRepo(dir, ref.path);
    }
    // Not mirrored: the HF cache (offline) or the hub may still have it. Say so before trying.
    const key = `${opts.hubMirror}|${ref.path}`;
    if (!noticed.has(key)) {
      noticed.add(key);
      (opts.notice ?? opts.log)?.(
        `${ref.path} is not in the mirror (no ${dir}); ${opts.offline ? 'looking in the HF cache (offline)' : 'trying the hub'}`,
      );
    }
  }
  // Imported only when needed, so reading a mirror never loads the hub client.
  let hub: typeof import('./hub-resolver.js') | undefined;
  let importError: unknown;
  try {
    hub = await import('./hub-resolver.js');
  } catch (e) {
    importError = e;
  }
  if (!hub) {
    const why = importError instanceof Error ? `: ${importError.message}` : '';
    throw new DatasetError(`cannot load dataset ${ref.path}@${ref.revision}: the hub client is unavailable${why}`, {
      file: opts.hubMirror ? mirrorDatasetDir(opts.hubMirror, ref.path) : undefined,
      hint: 'add the dataset to a hub mirror (--hub-mirror <dir> or MTEB_HUB_MIRROR)',
    });
  }
  return hub.openHubRepo(ref, opts);
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
