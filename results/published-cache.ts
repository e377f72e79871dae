/**
 * Where the published MTEB results live on disk: mteb's `ResultCache` layout (mteb/cache/result_cache.py), so mteb
 * and mteb-ts share one cache:
 *   <cache>/leaderboard/__cached_results.json   the whole BenchmarkResults as JSON (decompressed)
 *   <cache>/remote/                             a shallow clone of embeddings-benchmark/results (`remote/results/...`)
 * `<cache>` is $MTEB_CACHE or ~/.cache/mteb, as mteb resolves it. Next to the cached file we keep one file of our
 * own, `__cached_results.mteb-ts.json` (mteb never reads it): where the file came from, its ETag / Last-Modified
 * for conditional re-downloads, the results repository's commit when it was built from a clone, and its sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { MtebError } from '../core/errors.js';

/** The published results could not be fetched or read. */
export class PublishedResultsError extends MtebError {}

/** mteb's defaults (`download_from_remote`, `_download_cached_results_from_branch`). */
export const DEFAULT_RESULTS_REMOTE = 'https://github.com/embeddings-benchmark/results';
export const CACHED_DATA_BRANCH = 'cached-data';
export const CACHED_RESULTS_GZ = '__cached_results.json.gz';
export const CACHED_RESULTS_JSON = '__cached_results.json';
/** mteb's `max_size_mb`. */
export const MAX_CACHED_RESULTS_BYTES = 500 * 1024 * 1024;

export interface PublishedPaths {
  root: string;
  /** <root>/leaderboard/__cached_results.json */
  cachedResults: string;
  /** Our record next to it. */
  record: string;
  /** <root>/remote: the git clone. */
  remote: string;
  /** <root>/remote/results: the result folders inside the clone. */
  remoteResults: string;
}

export function publishedPaths(root: string): PublishedPaths {
  const leaderboard = join(root, 'leaderboard');
  return {
    root,
    cachedResults: join(leaderboard, CACHED_RESULTS_JSON),
    record: join(leaderboard, '__cached_results.mteb-ts.json'),
    remote: join(root, 'remote'),
    remoteResults: join(root, 'remote', 'results'),
  };
}

/**
 * The cached-results URL mteb derives from the remote: `https://raw.githubusercontent.com/<owner>/<repo>/cached-data/
 * __cached_results.json.gz`. A remote that is not on GitHub has no such file (undefined).
 */
export function cachedResultsUrl(remote: string): string | undefined {
  const m = /^https?:\/\/github\.com\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(remote);
  return m ? `https://raw.githubusercontent.com/${m[1]}/${CACHED_DATA_BRANCH}/${CACHED_RESULTS_GZ}` : undefined;
}

/** GitHub serves LFS-tracked files from media.githubusercontent.com (mteb's fallback when it gets a pointer). */
export function lfsMediaUrl(url: string): string | undefined {
  const m = /^https:\/\/raw\.githubusercontent\.com\/(.+)$/.exec(url);
  return m ? `https://media.githubusercontent.com/media/${m[1]}` : undefined;
}

/** How the cached file was obtained. */
export interface PublishedRecord {
  source: 'cached-data' | 'git';
  /** The URL the file was downloaded from (source cached-data). */
  url: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The git remote and the results repository's commit the file was built from (source git). */
  remote: string | null;
  revision: string | null;
  /** sha256 and size of __cached_results.json as written. */
  sha256: string;
  bytes: number;
  fetchedAt: string;
  models: number;
  taskResults: number;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The record, or undefined when absent or unreadable (then the cache counts as unverified). */
export function readRecord(paths: PublishedPaths): PublishedRecord | undefined {
  if (!existsSync(paths.record)) return undefined;
  try {
    const r = JSON.parse(readFileSync(paths.record, 'utf8')) as PublishedRecord;
    return typeof r.sha256 === 'string' && (r.source === 'cached-data' || r.source === 'git') ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cached file, then its record (both atomically; the record names the file's hash). */
export function writeCache(paths: PublishedPaths, json: string, record: Omit<PublishedRecord, 'sha256' | 'bytes' | 'fetchedAt'>): PublishedRecord {
  const full: PublishedRecord = { ...record, sha256: sha256(json), bytes: Buffer.byteLength(json), fetchedAt: new Date().toISOString() };
  writeFileAtomic(paths.cachedResults, json);
  writeFileAtomic(paths.record, `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/** True when the cached file exists and matches its record (no record: exists at all, as mteb would use it). */
export function cacheUsable(paths: PublishedPaths, record = readRecord(paths)): boolean {
  if (!existsSync(paths.cachedResults)) return false;
  if (!record) return true;
  return sha256(readFileSync(paths.cachedResults)) === record.sha256;
}

/** One line saying what the cache holds, for messages. */
export function describeRecord(r: PublishedRecord | undefined): string {
  if (!r) return 'origin unknown (no mteb-ts record; written by mteb?)';
  const what =
    r.source === 'git'
      ? `built from ${r.remote} at ${r.revision?.slice(0, 12) ?? '?'}`
      : `downloaded from ${r.url}${r.etag ? ` (ETag ${r.etag})` : ''}`;
  return `${r.models} models, ${r.taskResults} task results, ${what}, fetched ${r.fetchedAt}`;
}
