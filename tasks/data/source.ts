import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import type { DatasetRef } from '../task-info.js';
import { LocalRepo } from './local-repo.js';
import type { LoadedRows } from './rows.js';
import type { DataOptions } from '../../hub/options.js';

export { dataOptionsFromEnv, type DataOptions } from '../../hub/options.js';

export interface DatasetSource {
  loadRows(ref: DatasetRef, config: string, split: string): Promise<LoadedRows>;
  listConfigs(ref: DatasetRef): Promise<string[]>;
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
      file: opts.hubMirror ? join(opts.hubMirror, 'datasets', ...ref.path.split('/')) : undefined,
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
