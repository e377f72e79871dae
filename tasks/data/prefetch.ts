/**
 * Downloads the data files of tasks ahead of time (e.g. before going offline): for each task, the configs it
 * can read (its subsets, "default", and the retrieval configs corpus/queries/qrels/top_ranked), every split.
 */
import type { TaskMetadata } from '../metadata.js';
import { hubClientFor, openHubRepo } from './hub-resolver.js';
import type { DataOptions } from './source.js';

/** Config names retrieval/reranking tasks load besides their subsets (mteb's RetrievalDataLoader). */
const EXTRA_CONFIGS = ['default', 'corpus', 'queries', 'qrels', 'top_ranked', 'instruction'];

export interface PrefetchResult {
  task: string;
  repo: string;
  revision: string;
  /** Data files now in the cache for this task (including ones that already were). */
  files: number;
  error?: Error;
}

/** Fetches every task's files into the HF cache; failures are reported per task, not thrown. */
export async function prefetchTasks(
  tasks: readonly TaskMetadata[],
  opts: DataOptions,
  onTask?: (r: PrefetchResult) => void,
): Promise<PrefetchResult[]> {
  const out: PrefetchResult[] = [];
  const client = hubClientFor(opts);
  const seen = new Map<string, Promise<number>>();
  for (const task of tasks) {
    if (task.inline || /^(\.{0,2}\/|[A-Za-z]:\\)/.test(task.dataset.path)) continue;
    const { path: repo, revision } = task.dataset;
    const wanted = new Set([...Object.keys(task.subsets), ...EXTRA_CONFIGS]);
    const key = `${repo}@${revision}|${[...wanted].sort().join(',')}`;
    let p = seen.get(key);
    if (!p) {
      p = (async () => {
        const local = await openHubRepo({ path: repo, revision }, opts, client);
        const configs = local.configs();
        let chosen = configs.filter((c) => wanted.has(c.name) || c.isDefault);
        if (!chosen.length && configs.length === 1) chosen = configs;
        const files = new Set<string>();
        for (const cfg of chosen) {
          for (const split of local.splitNames(cfg.name)) for (const f of local.resolveRelative(cfg.name, split)) files.add(f);
        }
        await local.backend?.ensureFiles([...files]);
        return files.size;
      })();
      seen.set(key, p);
    }
    const r: PrefetchResult = { task: task.name, repo, revision, files: 0 };
    try {
      r.files = await p;
    } catch (e) {
      r.error = e as Error;
    }
    out.push(r);
    onTask?.(r);
  }
  return out;
}
