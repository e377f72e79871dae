/**
 * Gets the published MTEB results the way mteb's `ResultCache._load_from_cache` does (mteb/cache/result_cache.py):
 *   1. the pre-built `__cached_results.json.gz` from the `cached-data` branch of embeddings-benchmark/results
 *      (checked as mteb checks it: HTTP status, Git LFS pointer -> media URL, content type, size, gzip, UTF-8);
 *   2. else, or with --rebuild / --revision, a shallow git clone into `<cache>/remote`, from which
 *      `<cache>/leaderboard/__cached_results.json` is built.
 * Additions: conditional re-downloads (ETag / Last-Modified), the file is validated before it replaces a good one,
 * the commit it was built from is recorded, and when nothing can be reached a cached copy is reused with a warning.
 * HTTP goes through the one retry policy (core/http.ts); git runs as a child process with prompts off.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { childEnv, type Env, mtebResultCacheRoot, readEnv } from '../core/env.js';
import { describeError, HttpError, NonRetryable, type RetryOptions, type RetryPolicy, retryPolicy, safeUrl, withRetry } from '../core/http.js';
import { RUNNER_NAME, RUNNER_VERSION } from '../core/version.js';
import { collectResults } from './collect.js';
import {
  cachedResultsUrl,
  cacheUsable,
  DEFAULT_RESULTS_REMOTE,
  describeRecord,
  lfsMediaUrl,
  MAX_CACHED_RESULTS_BYTES,
  type PublishedPaths,
  type PublishedRecord,
  PublishedResultsError,
  publishedPaths,
  readRecord,
  writeCache,
} from './published-cache.js';
import { buildCachedResults, parseCachedResults } from './published-load.js';
import type { TaskLookup } from './read.js';

/** The clone in <cache>/remote is of another repository: never mixed, never silently replaced (mteb raises too). */
export class RemoteMismatchError extends PublishedResultsError {}

/** Where the published results come from and go to. */
export interface PublishedSource {
  /** Cache root ($MTEB_CACHE or ~/.cache/mteb). */
  root: string;
  /** The cached-results file URL; by default derived from `remote` as mteb does (none for a non-GitHub remote). */
  url?: string;
  /** Git remote: a URL or a local path. */
  remote: string;
}

export function publishedSourceFromEnv(env: Env = readEnv()): PublishedSource {
  return { root: mtebResultCacheRoot(env), url: env.MTEB_TS_RESULTS_URL, remote: env.MTEB_TS_RESULTS_REMOTE ?? DEFAULT_RESULTS_REMOTE };
}

export interface FetchOptions extends PublishedSource {
  /** A commit (full sha), branch or tag of the results repository: implies the git path. */
  revision?: string;
  /** Skip the pre-built file and build from a clone (mteb's rebuild=True). */
  rebuild?: boolean;
  http?: Partial<RetryPolicy> & RetryOptions;
  log?: (msg: string) => void;
  warn?: (msg: string) => void;
  lookup?: TaskLookup;
}

/**
 * downloaded / not-modified (304 on the stored ETag) / built (from a clone) / up-to-date (the clone did not move) /
 * cached (ensurePublished found a usable cache and touched no network) / offline (nothing reachable; cache reused).
 */
export type FetchStatus = 'downloaded' | 'not-modified' | 'built' | 'up-to-date' | 'cached' | 'offline';

export interface FetchOutcome {
  status: FetchStatus;
  paths: PublishedPaths;
  record: PublishedRecord | undefined;
}

/** mteb's 60 s request timeout, with the house retry policy around it. */
const RESULTS_HTTP: RetryPolicy = { timeoutMs: 60_000, maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };
const GZIP_TYPES = ['application/gzip', 'application/octet-stream', 'application/x-gzip'];

/** `results fetch`: refresh the cache (conditionally), falling back as described above. */
export async function fetchPublished(o: FetchOptions): Promise<FetchOutcome> {
  const paths = publishedPaths(o.root);
  const prev = readRecord(paths);
  const usable = cacheUsable(paths, prev);
  const problems: string[] = [];
  if (!o.rebuild && !o.revision) {
    const url = o.url ?? cachedResultsUrl(o.remote);
    if (url) {
      try {
        const known = usable && prev?.source === 'cached-data' && prev.url === safeUrl(url) ? prev : undefined;
        const got = await downloadCachedResults(url, known, o);
        if (got === 'not-modified') {
          o.log?.(`published results unchanged (HTTP 304 for ETag ${known?.etag ?? '-'})`);
          return { status: 'not-modified', paths, record: prev };
        }
        const record = writeCache(paths, got.json, {
          source: 'cached-data',
          url: safeUrl(got.url),
          etag: got.etag,
          lastModified: got.lastModified,
          remote: null,
          revision: null,
          ...got.counts,
        });
        return { status: 'downloaded', paths, record };
      } catch (e) {
        const msg = describeError(e);
        problems.push(`pre-built file ${safeUrl(url)}: ${msg}`);
        o.warn?.(`cannot use the pre-built published results from ${safeUrl(url)}: ${msg}; falling back to a git clone of ${o.remote}`);
      }
    } else {
      o.log?.(`the remote ${o.remote} is not on GitHub, so it has no cached-data file; using git`);
    }
  }
  try {
    const commit = await syncClone(paths, o);
    if (!o.rebuild && prev?.source === 'git' && prev.remote === o.remote && prev.revision === commit && usable) {
      o.log?.(`published results already built from ${o.remote} at ${commit}`);
      return { status: 'up-to-date', paths, record: prev };
    }
    return { status: 'built', paths, record: buildFromClone(paths, o, commit) };
  } catch (e) {
    if (e instanceof RemoteMismatchError) throw e;
    problems.push(`git ${o.remote}: ${describeError(e)}`);
    // An earlier clone (ours or mteb's) still holds every file: build from it rather than fail.
    if (!usable && !o.revision && existsSync(paths.remoteResults)) {
      const commit = await git(['rev-parse', 'HEAD'], paths.remote).catch(() => null);
      o.warn?.(`cannot update the clone in ${paths.remote} (${describeError(e)}); building from it as it is${commit ? ` (commit ${commit})` : ''}`);
      return { status: 'built', paths, record: buildFromClone(paths, o, commit) };
    }
  }
  if (usable && (!o.revision || prev?.revision === o.revision)) {
    o.warn?.(`cannot reach the published results (${problems.join('; ')}); reusing the cached copy: ${describeRecord(prev)}`);
    return { status: 'offline', paths, record: prev };
  }
  const cached = usable ? `the cached copy is of another revision (${prev?.revision ?? 'unknown'})` : `none are cached in ${paths.cachedResults}`;
  throw new PublishedResultsError(`cannot fetch the published results, and ${cached}:\n  - ${problems.join('\n  - ')}`, {
    hint: 'connect and run `mteb-ts results fetch`, or point MTEB_TS_RESULTS_URL (the .json.gz file) or MTEB_TS_RESULTS_REMOTE (a git URL or a local clone of embeddings-benchmark/results) at a mirror; MTEB_CACHE moves the cache',
  });
}

/** What `--results published` uses: the cache when it is there (no network, as mteb), else a fetch. */
export async function ensurePublished(o: FetchOptions): Promise<FetchOutcome> {
  const paths = publishedPaths(o.root);
  const record = readRecord(paths);
  if (cacheUsable(paths, record)) return { status: 'cached', paths, record };
  o.log?.(`no published results in ${paths.cachedResults}; fetching them`);
  return fetchPublished(o);
}

interface Downloaded {
  json: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  counts: { models: number; taskResults: number };
}

/** Downloads and checks the pre-built file; 'not-modified' when the server confirms `known` is current. */
async function downloadCachedResults(url: string, known: PublishedRecord | undefined, o: FetchOptions): Promise<Downloaded | 'not-modified'> {
  const headers: Record<string, string> = { 'user-agent': `${RUNNER_NAME}/${RUNNER_VERSION}` };
  if (known?.etag) headers['if-none-match'] = known.etag;
  if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
  let got = await get(url, headers, o);
  if (got === 'not-modified') return got;
  if (isLfsPointer(got.contentType, got.body)) {
    // mteb: a pointer means the file is in Git LFS; GitHub serves the content from its media host.
    const media = lfsMediaUrl(url);
    if (!media)
      throw new PublishedResultsError(
        `got a Git LFS pointer instead of the file (${got.body.length} bytes of text), and ${safeUrl(url)} has no LFS media URL`,
      );
    o.log?.(`Git LFS pointer at ${safeUrl(url)}; trying ${media}`);
    got = await get(media, { 'user-agent': headers['user-agent']! }, o);
    if (got === 'not-modified') throw new PublishedResultsError(`unexpected HTTP 304 from ${media}`);
    url = media;
  }
  if (got.contentType && !GZIP_TYPES.some((t) => got.contentType.includes(t))) {
    throw new PublishedResultsError(`unexpected content type "${got.contentType}" (expected one of ${GZIP_TYPES.join(', ')})`);
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(gunzipSync(got.body));
  } catch (e) {
    throw new PublishedResultsError(`the download is not a complete gzip file of UTF-8 text (${got.body.length} bytes): ${(e as Error).message}`);
  }
  const models = parseCachedResults(json, safeUrl(url));
  return {
    json,
    url,
    etag: got.etag,
    lastModified: got.lastModified,
    counts: { models: models.length, taskResults: models.reduce((a, m) => a + (m.task_results as unknown[]).length, 0) },
  };
}

interface Got {
  body: Buffer;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
}

async function get(url: string, headers: Record<string, string>, o: FetchOptions): Promise<Got | 'not-modified'> {
  const policy = { ...retryPolicy(RESULTS_HTTP, o.http), log: o.http?.log ?? o.log, sleep: o.http?.sleep };
  return withRetry(url, policy, async (signal, progress) => {
    const res = await fetch(url, { headers, signal, redirect: 'follow' });
    if (res.status === 304) return 'not-modified' as const;
    if (!res.ok) {
      // Retryable statuses (429, 5xx) are retried by withRetry; others (404) fail at once.
      await res.body?.cancel().catch(() => undefined);
      const hint = res.status === 404 ? ' (not found)' : '';
      throw new HttpError(`HTTP ${res.status}${hint} from ${safeUrl(url)}`, res.status, safeUrl(url));
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_CACHED_RESULTS_BYTES)
      throw new NonRetryable(new PublishedResultsError(`the file is too large: ${declared} bytes (max ${MAX_CACHED_RESULTS_BYTES})`));
    const chunks: Uint8Array[] = [];
    let n = 0;
    if (res.body) {
      for await (const c of res.body as AsyncIterable<Uint8Array>) {
        n += c.length;
        if (n > MAX_CACHED_RESULTS_BYTES)
          throw new NonRetryable(new PublishedResultsError(`the file is too large: over ${MAX_CACHED_RESULTS_BYTES} bytes`));
        chunks.push(c);
        progress();
      }
    }
    return {
      body: Buffer.concat(chunks),
      contentType: (res.headers.get('content-type') ?? '').toLowerCase(),
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
    };
  });
}

/** A Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md) served as text. */
function isLfsPointer(contentType: string, body: Buffer): boolean {
  return (contentType === '' || contentType.startsWith('text/plain')) && body.length < 1024 && body.toString('latin1').includes('git-lfs');
}

// ---------------------------------------------------------------- git

const run = promisify(execFile);

async function git(args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, env: childEnv({ GIT_TERMINAL_PROMPT: '0' }), maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; code?: string | number; message: string };
    if (err.code === 'ENOENT') throw new PublishedResultsError('git is not installed (needed to clone the results repository)');
    const detail = (err.stderr ?? '').trim().split('\n').filter(Boolean).slice(-2).join(' / ') || err.message;
    throw new PublishedResultsError(`git ${args[0]} failed: ${detail}`);
  }
}

/** A local folder as a file:// URL (so --depth applies; also once the folder is gone, to recognise its clone); URLs as given. */
export function gitUrl(remote: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/]+@[^/]+:/.test(remote);
  return isUrl ? remote : pathToFileURL(resolve(remote)).href;
}

/**
 * Clones `remote` shallowly into <cache>/remote, or updates that clone (mteb's download_from_remote), and returns
 * the checked-out commit. A clone of another remote is refused, as mteb refuses it.
 */
async function syncClone(paths: PublishedPaths, o: FetchOptions): Promise<string> {
  const url = gitUrl(o.remote);
  if (existsSync(paths.remote)) {
    const current = await git(['config', '--get', 'remote.origin.url'], paths.remote).catch(() => '');
    if (current !== url) {
      throw new RemoteMismatchError(`the clone in ${paths.remote} is of ${current || 'an unknown remote'}, not ${url}`, {
        hint: `remove ${paths.remote} and fetch again`,
      });
    }
    o.log?.(`updating ${paths.remote} from ${o.remote}`);
    if (o.revision) await checkoutRevision(paths.remote, o.revision);
    else {
      await git(['fetch', '--depth', '1', 'origin'], paths.remote);
      const target = await git(['rev-parse', '--abbrev-ref', 'origin/HEAD'], paths.remote).catch(() => 'FETCH_HEAD');
      await git(['reset', '--hard', '--quiet', target], paths.remote);
    }
  } else {
    // Clone next to it and rename, so an interrupted clone never looks like a finished one.
    const tmp = join(paths.root, `.remote.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    o.log?.(`cloning ${o.remote} (shallow) into ${paths.remote}`);
    try {
      await git(['clone', '--quiet', '--depth', '1', ...(o.revision ? ['--no-checkout'] : []), url, tmp]);
      if (o.revision) await checkoutRevision(tmp, o.revision);
      renameSync(tmp, paths.remote);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return git(['rev-parse', 'HEAD'], paths.remote);
}

async function checkoutRevision(dir: string, revision: string): Promise<void> {
  await git(['fetch', '--quiet', '--depth', '1', 'origin', revision], dir);
  await git(['checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD'], dir);
}

function buildFromClone(paths: PublishedPaths, o: FetchOptions, commit: string | null): PublishedRecord {
  if (!existsSync(paths.remoteResults)) throw new PublishedResultsError(`the clone has no results/ folder`, { file: paths.remote });
  const { runs, issues } = collectResults([paths.remoteResults], { lookup: o.lookup, warnUnknownTasks: false });
  if (!runs.length) throw new PublishedResultsError('the clone holds no readable result files', { file: paths.remoteResults });
  if (issues.length) o.warn?.(`${issues.length} result file(s) in the clone could not be used (e.g. ${issues[0]!.message.split('\n')[0]})`);
  const taskResults = runs.reduce((a, r) => a + r.results.size, 0);
  return writeCache(paths, buildCachedResults(runs), {
    source: 'git',
    url: null,
    etag: null,
    lastModified: null,
    remote: o.remote,
    revision: commit,
    models: runs.length,
    taskResults,
  });
}
