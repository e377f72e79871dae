/**
 * The hub client as source.ts uses it: a dataset at its pinned revision becomes a LocalRepo over
 * the snapshot folder of the shared HF cache, whose files are downloaded when a config/split needs them.
 */
import { DatasetError } from '../../core/errors.js';
import { type HubClient, type RemoteFile, sharedHubClient } from '../../hub/client.js';
import type { DataOptions } from '../../hub/options.js';
import type { DatasetRef } from '../task-info.js';
import { LocalRepo, type RepoBackend } from './local-repo.js';

/** The process-wide dataset client for these options. */
export function hubClientFor(opts: DataOptions): HubClient {
  return sharedHubClient(opts, 'dataset');
}

/** Opens `repo@revision` through the cache (and the network unless offline). */
export async function openHubRepo(ref: DatasetRef, opts: DataOptions, client = hubClientFor(opts)): Promise<LocalRepo> {
  const commit = await client.resolveRevision(ref.path, ref.revision);
  const cache = client.cache(ref.path);
  let listing: Map<string, RemoteFile> | undefined;
  const list = async (): Promise<Map<string, RemoteFile>> => {
    listing ??= new Map((await client.listFiles(ref.path, commit)).map((f) => [f.path, f]));
    return listing;
  };
  const label = `${ref.path} at revision ${ref.revision}`;
  const backend: RepoBackend = {
    label,
    async listFiles() {
      return [...(await list()).keys()];
    },
    async ensureFiles(paths) {
      if (client.opts.offline) {
        await Promise.all(paths.map((p) => client.cachedFile(ref.path, ref.revision, commit, p)));
        return;
      }
      const known = await list();
      const missing = paths.filter((p) => !known.has(p));
      if (missing.length) {
        // The listing may be paginated or stale for this commit: ask for exactly these paths.
        for (const info of await client.pathsInfo(ref.path, commit, missing)) known.set(info.path, info);
      }
      await Promise.all(
        paths.map((p) => {
          const f = known.get(p);
          if (!f) throw new DatasetError(`file ${p} not found in dataset ${label} (commit ${commit})`, { file: `${ref.path}/${p}` });
          return client.download(ref.path, commit, f);
        }),
      );
    },
  };
  const repo = new LocalRepo(cache.snapshotDir(commit), ref.path, backend);
  await repo.prepare();
  return repo;
}
