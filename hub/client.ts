/**
 * Hugging Face hub client for dataset (or model) repos at a pinned revision: revision lookup, file listing
 * (@huggingface/hub `listFiles` / `pathsInfo` over our retrying fetch) and verified downloads into the
 * cache layout shared with Python's huggingface_hub (see cache.ts).
 */

import { existsSync, readdirSync, type Stats, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { listFiles, pathsInfo } from '@huggingface/hub';
import pLimit from 'p-limit';
import { DatasetError, type ErrorContext, ModelError, type MtebError } from '../core/errors.js';
import {
  fatalCode,
  HttpError,
  isRetryableStatus,
  NonRetryable,
  parseRetryAfter,
  type RetryOptions,
  type RetryPolicy,
  safeUrl,
  withRetry,
} from '../core/http.js';
import { redact } from '../core/redact.js';
import {
  blobNamesOf,
  COMMIT_RE,
  defaultCacheDir,
  fileSize,
  hashFile,
  hashKindOf,
  newHasher,
  RepoCache,
  type RepoType,
  removeQuietly,
} from './cache.js';
import { type HttpOptions, hubFetch, hubRequest, hubRetry, USER_AGENT } from './http.js';
import { progressBar } from './progress.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface HubClientOptions extends HttpOptions {
  endpoint?: string;
  cacheDir: string;
  /** HF_HUB_OFFLINE: never touch the network. */
  offline?: boolean;
  /** Parallel file downloads. */
  concurrency?: number;
  /** 'dataset' (default) or 'model': API paths, resolve URLs, cache folder and error type follow it. */
  repoType?: RepoType;
}

/** One file of a repo as the hub lists it. */
export interface RemoteFile {
  path: string;
  size: number;
  /** git blob sha1 */
  oid?: string;
  /** LFS pointer: sha256 and size of the real content. */
  lfs?: { oid: string; size: number };
}

/** Counts requests per process (tests assert that offline mode makes none). */
export const requestStats = { count: 0 };

export class HubClient {
  readonly endpoint: string;
  readonly repoType: RepoType;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly verified = new Set<string>();
  private readonly http: HttpOptions;
  private readonly retry: RetryPolicy & RetryOptions;

  constructor(readonly opts: HubClientOptions) {
    this.endpoint = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    this.repoType = opts.repoType ?? 'dataset';
    this.limit = pLimit(opts.concurrency ?? 4);
    this.http = { ...opts };
    this.retry = hubRetry(opts);
  }

  cache(repo: string): RepoCache {
    return new RepoCache(this.opts.cacheDir, repo, this.repoType);
  }

  /** The commit sha of `revision` (a sha, branch or tag); offline, the cached ref. */
  async resolveRevision(repo: string, revision: string): Promise<string> {
    const cache = this.cache(repo);
    if (this.opts.offline) {
      const commit = cache.readRef(revision);
      if (!commit || !existsSync(cache.snapshotDir(commit))) {
        throw this.error(`offline (--offline or HF_HUB_OFFLINE) and ${this.repoType} ${repo} at revision ${revision} is not in the HF cache`, {
          file: cache.snapshotDir(commit ?? revision),
          hint: this.offlineHint(repo),
        });
      }
      return commit;
    }
    const url = `${this.endpoint}/api/${this.repoType}s/${repo}/revision/${encodeURIComponent(revision)}`;
    let res: Response;
    try {
      res = await this.get(url, { accept: 'application/json' });
    } catch (e) {
      throw this.wrap(e, repo, revision, undefined, 'cannot resolve the revision of');
    }
    if (!res.ok) throw await this.apiError(res, repo, revision);
    const body = (await res.json().catch(() => undefined)) as { sha?: unknown } | undefined;
    const sha = body?.sha;
    if (typeof sha !== 'string' || !COMMIT_RE.test(sha)) {
      throw this.error(`hub answered without a commit sha for ${this.repoType} ${repo} at revision ${revision}`, { file: safeUrl(url) });
    }
    cache.writeRef(revision, sha);
    return sha;
  }

  /** Every file of the repo at `commit` (recursive). Offline: the files present in the snapshot. */
  async listFiles(repo: string, commit: string): Promise<RemoteFile[]> {
    if (this.opts.offline) return listSnapshot(this.cache(repo).snapshotDir(commit)).map((path) => ({ path, size: -1 }));
    try {
      const out: RemoteFile[] = [];
      for await (const e of listFiles({
        repo: { type: this.repoType, name: repo },
        revision: commit,
        recursive: true,
        hubUrl: this.endpoint,
        fetch: this.fetch(),
      })) {
        if (e.type === 'file') out.push({ path: e.path, size: e.size, oid: e.oid, lfs: e.lfs ? { oid: e.lfs.oid, size: e.lfs.size } : undefined });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    } catch (e) {
      throw this.wrap(e, repo, commit, undefined, 'cannot list the files of');
    }
  }

  /** Metadata of some paths (one request); missing paths are simply absent from the answer. */
  async pathsInfo(repo: string, commit: string, paths: string[]): Promise<RemoteFile[]> {
    if (!paths.length) return [];
    try {
      const infos = await pathsInfo({
        repo: { type: this.repoType, name: repo },
        revision: commit,
        paths,
        hubUrl: this.endpoint,
        fetch: this.fetch(),
      });
      return infos
        .filter((i) => i.type === 'file')
        .map((i) => ({ path: i.path, size: i.size, oid: i.oid, lfs: i.lfs ? { oid: i.lfs.oid, size: i.lfs.size } : undefined }));
    } catch (e) {
      throw this.wrap(e, repo, commit, paths.join(', '), 'cannot get file info from');
    }
  }

  /**
   * The local path of `file` in the snapshot, downloading it when missing or when the cached blob
   * does not match its hash. Deduplicated within the process and bounded by the concurrency limit.
   */
  async download(repo: string, commit: string, file: RemoteFile): Promise<string> {
    const key = `${repo}@${commit}/${file.path}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.limit(() => this.downloadOnce(repo, commit, file));
      this.inflight.set(key, p);
      p.finally(() => this.inflight.delete(key)).catch(() => undefined);
    }
    return p;
  }

  /** Offline counterpart: the cached, verified file or an error naming repo, revision and file. */
  async cachedFile(repo: string, revision: string, commit: string, path: string): Promise<string> {
    const cache = this.cache(repo);
    const etag = cache.linkedBlob(commit, path);
    const snap = cache.snapshotPath(commit, path);
    const missing = () =>
      this.error(
        `offline (--offline or HF_HUB_OFFLINE) and file ${path} of ${this.repoType} ${repo} at revision ${revision} is not in the HF cache`,
        {
          file: snap,
          hint: this.offlineHint(repo),
        },
      );
    if (!existsSync(snap)) throw missing();
    if (etag && !(await this.blobIsValid(cache.blobPath(etag), etag))) {
      throw this.error(
        `offline (--offline or HF_HUB_OFFLINE) and the cached copy of ${path} (${this.repoType} ${repo}, revision ${revision}) is corrupted`,
        {
          file: cache.blobPath(etag),
          hint: this.offlineHint(repo),
        },
      );
    }
    if (!etag && !(await this.copyIsVerified(cache, snap))) {
      throw this.error(
        `offline (--offline or HF_HUB_OFFLINE) and the cached copy of ${path} (${this.repoType} ${repo}, revision ${revision}) cannot be verified: it is a plain file, not a link to a blob, and its content hashes to no blob of the cache (it may be corrupted)`,
        {
          file: snap,
          hint: `run once online (the hub's file listing gives its hash; a bad copy is downloaded again), or delete it; ${this.offlineHint(repo)}`,
        },
      );
    }
    return snap;
  }

  /**
   * A snapshot entry that is a plain file rather than a link: a copy, as huggingface_hub (and our cache.link) make
   * where symlinks are unavailable. Online, such an entry is never trusted (the listing's hash decides); offline,
   * it is used only when its content hashes to a blob the cache holds, i.e. it is a faithful copy of one.
   */
  private async copyIsVerified(cache: RepoCache, snap: string): Promise<boolean> {
    if (this.verified.has(snap)) return true;
    const ok = (await blobNamesOf(snap)).some((name) => existsSync(cache.blobPath(name)));
    if (ok) this.verified.add(snap);
    return ok;
  }

  private async downloadOnce(repo: string, commit: string, file: RemoteFile): Promise<string> {
    const cache = this.cache(repo);
    const expectedSize = file.lfs?.size ?? file.size;
    const etag = file.lfs?.oid ?? file.oid;
    // Cache hit: the snapshot entry points at a blob whose content still hashes to its name.
    const linked = cache.linkedBlob(commit, file.path);
    if (linked && (!etag || linked === etag) && (await this.blobIsValid(cache.blobPath(linked), linked, expectedSize))) {
      return cache.snapshotPath(commit, file.path);
    }
    if (etag && (await this.blobIsValid(cache.blobPath(etag), etag, expectedSize))) {
      cache.link(etag, commit, file.path);
      return cache.snapshotPath(commit, file.path);
    }
    if (this.opts.offline) return this.cachedFile(repo, commit, commit, file.path);
    // Another process may be fetching the same blob: wait for it rather than download twice.
    let release: (() => void) | undefined;
    if (etag) {
      const blobEtag = etag;
      release = await cache.lock(blobEtag, () => this.blobIsValid(cache.blobPath(blobEtag), blobEtag, expectedSize));
      // Done by another process, either while we waited or just before we took the lock.
      if (!release || (await this.blobIsValid(cache.blobPath(blobEtag), blobEtag, expectedSize))) {
        release?.();
        cache.link(blobEtag, commit, file.path);
        return cache.snapshotPath(commit, file.path);
      }
    }
    try {
      return await this.fetchBlob(repo, commit, file, etag, expectedSize);
    } finally {
      release?.();
    }
  }

  private async fetchBlob(repo: string, commit: string, file: RemoteFile, knownEtag: string | undefined, expectedSize: number): Promise<string> {
    const cache = this.cache(repo);
    let etag = knownEtag;
    const url = `${this.endpoint}/${this.repoType === 'dataset' ? 'datasets/' : ''}${repo}/resolve/${commit}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
    return withRetry(url, this.retry, async (signal, progress) => {
      requestStats.count++;
      const res = await this.fetchFollowing(url, signal);
      const { response, hubHeaders } = res;
      if (!response.ok) {
        const status = response.status;
        if (isRetryableStatus(status)) {
          await response.body?.cancel().catch(() => undefined);
          throw new HttpError(`HTTP ${status}`, status, safeUrl(url), { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
        }
        throw new NonRetryable(await this.apiError(response, repo, commit, file.path));
      }
      const headerCommit = hubHeaders.get('x-repo-commit');
      if (headerCommit && headerCommit !== commit) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`server sent commit ${headerCommit} for ${file.path}, expected ${commit}`);
      }
      const headerEtag = normalizeEtag(hubHeaders.get('x-linked-etag') ?? hubHeaders.get('etag'));
      if (!etag) etag = headerEtag;
      if (!etag || !hashKindOf(etag)) {
        throw new NonRetryable(
          this.error(`hub gave no usable ETag for ${file.path} of ${this.repoType} ${repo} at revision ${commit}`, { file: safeUrl(url) }),
        );
      }
      if (headerEtag && headerEtag !== etag) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`server sent ETag ${headerEtag} for ${file.path}, expected ${etag}`);
      }
      const sizeHeader = hubHeaders.get('x-linked-size') ?? (res.fromHub ? response.headers.get('content-length') : null);
      if (sizeHeader !== null && expectedSize >= 0 && Number(sizeHeader) !== expectedSize) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`server announced ${sizeHeader} bytes for ${file.path}, expected ${expectedSize}`);
      }
      const tmp = cache.tempBlobPath(etag);
      try {
        await this.writeBody(response, tmp, etag, expectedSize, `${repo}/${file.path}`, progress);
        const installed = cache.install(tmp, etag, commit, file.path);
        this.verified.add(cache.blobPath(etag));
        return installed;
      } finally {
        removeQuietly(tmp);
      }
    }).catch((e: unknown) => {
      throw this.wrap(e, repo, commit, file.path, 'cannot download');
    });
  }

  /** Streams the body to `tmp`, hashing on the way; throws (retryably) on truncation or a hash mismatch. */
  private async writeBody(res: Response, tmp: string, etag: string, expectedSize: number, label: string, progress: () => void): Promise<void> {
    const kind = hashKindOf(etag)!;
    const total = expectedSize >= 0 ? expectedSize : Number(res.headers.get('content-length') ?? 0);
    const hasher = newHasher(kind, total);
    const bar = progressBar(label, total);
    const fh = await open(tmp, 'w');
    let written = 0;
    try {
      if (!res.body) throw new Error('empty response body');
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        progress();
        hasher.update(chunk);
        await fh.write(chunk);
        written += chunk.byteLength;
        bar.update(written);
      }
    } finally {
      await fh.close();
      bar.done();
    }
    if (expectedSize >= 0 && written !== expectedSize) throw new Error(`truncated body: got ${written} of ${expectedSize} bytes`);
    const got = kind === 'git-sha1' && expectedSize < 0 ? await hashFile(tmp, kind) : hasher.digest('hex');
    if (got !== etag) throw new Error(`checksum mismatch: content hashes to ${got}, expected ${etag}`);
  }

  /** A blob whose content (size, then hash) matches its name; checked once per process. */
  private async blobIsValid(blob: string, etag: string, expectedSize = -1): Promise<boolean> {
    const size = fileSize(blob);
    if (size === undefined) return false;
    if (expectedSize >= 0 && size !== expectedSize) return false;
    if (this.verified.has(blob)) return true;
    const kind = hashKindOf(etag);
    if (!kind) return true;
    const ok = (await hashFile(blob, kind)) === etag;
    if (ok) this.verified.add(blob);
    else this.opts.log?.(`cached blob ${blob} does not match its hash; downloading it again`);
    return ok;
  }

  /**
   * GET following redirects by hand, as huggingface_hub does: relative redirects (a renamed repo) stay on the
   * hub; the first other answer carries the file's metadata (X-Linked-Etag, X-Linked-Size, X-Repo-Commit), and
   * an absolute redirect from it leads to the LFS CDN, which never gets the token unless it is the hub's host.
   */
  private async fetchFollowing(url: string, signal: AbortSignal): Promise<{ response: Response; fromHub: boolean; hubHeaders: Headers }> {
    const origin = new URL(url).origin;
    let current = url;
    let hubHeaders: Headers | undefined;
    for (let hop = 0; hop < 6; hop++) {
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity' };
      if (new URL(current).origin === origin && this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
      const res = await fetch(current, { headers, redirect: 'manual', signal });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(() => undefined);
        const relative = !/^([a-z][a-z0-9+.-]*:)?\/\//i.test(location);
        if (!(relative && !hubHeaders)) hubHeaders ??= res.headers;
        current = new URL(location, current).href;
        continue;
      }
      return { response: res, fromHub: !hubHeaders, hubHeaders: hubHeaders ?? res.headers };
    }
    throw new Error('too many redirects');
  }

  private get(url: string, headers: Record<string, string>): Promise<Response> {
    requestStats.count++;
    return hubRequest(url, { headers }, this.http);
  }

  private fetch(): typeof fetch {
    const f = hubFetch(this.http);
    return ((input: string | URL | Request, init?: RequestInit) => {
      requestStats.count++;
      return f(input, init);
    }) as typeof fetch;
  }

  /** A DatasetError (ModelError for models) for a non-OK hub answer, using X-Error-Code like huggingface_hub does. */
  private async apiError(res: Response, repo: string, revision: string, file?: string): Promise<MtebError> {
    const code = res.headers.get('x-error-code') ?? '';
    const text = await res.text().catch(() => '');
    // The body may echo request headers (the Authorization token): redact before it reaches any message.
    let detail = redact(text.slice(0, 200), [this.opts.token]);
    try {
      const j = JSON.parse(text) as { error?: string };
      if (j.error) detail = redact(j.error, [this.opts.token]);
    } catch {
      /* not json */
    }
    const where = `${this.repoType} ${repo} at revision ${revision}`;
    if (code === 'EntryNotFound' || (file && res.status === 404 && code !== 'RepoNotFound' && code !== 'RevisionNotFound')) {
      return this.error(`file ${file} not found in ${where} (HTTP ${res.status}${code ? ` ${code}` : ''})`, { file: file && `${repo}/${file}` });
    }
    if (code === 'RevisionNotFound')
      return this.error(`revision ${revision} does not exist in ${this.repoType} ${repo}`, {
        hint:
          this.repoType === 'model' ? 'check the revision pinned by the model registry or --model-revision' : 'check the revision pinned by the task',
      });
    if (code === 'RepoNotFound' || res.status === 401) {
      return this.error(`${this.repoType} ${repo} not found or not accessible (HTTP ${res.status})`, {
        hint: this.opts.token ? 'check that HF_TOKEN has access to this repo' : 'if the repo is private or gated, set HF_TOKEN',
      });
    }
    if (code === 'GatedRepo' || res.status === 403) {
      return this.error(`access to ${this.repoType} ${repo} is restricted (HTTP ${res.status})`, {
        hint: 'accept the conditions on the hub and set HF_TOKEN',
      });
    }
    return this.error(`hub error for ${where}${file ? `, file ${file}` : ''}: HTTP ${res.status} ${detail}`.trim());
  }

  /** The three ways out of an offline miss: the cache, a mirror, `download` (or the network once). */
  private offlineHint(repo: string): string {
    const fill = this.repoType === 'dataset' ? '`mteb-ts download -t <task>` (or a run without --offline)' : 'a run without --offline';
    return `offline runs read only the HF cache (${this.opts.cacheDir}; HF_HUB_CACHE / HF_HOME move it) and a hub mirror. Fill the cache with ${fill} where the hub is reachable, or pass --hub-mirror <dir> holding ${this.repoType}s/${repo}`;
  }

  /** DatasetError for dataset repos, ModelError for model repos. */
  private error(message: string, context: ErrorContext = {}, options?: { cause?: unknown }): MtebError {
    return this.repoType === 'model' ? new ModelError(message, context, options) : new DatasetError(message, context, options);
  }

  private wrap(e: unknown, repo: string, revision: string, file: string | undefined, what: string): unknown {
    if (e instanceof DatasetError || e instanceof ModelError) return e;
    const fatal = fatalCode(e);
    if (fatal === 'ENOSPC' || fatal === 'EDQUOT') {
      return this.error(
        `${what} ${this.repoType} ${repo}${file ? `, file ${file}` : ''}: the disk holding ${this.opts.cacheDir} is full (${fatal})`,
        {
          file: this.opts.cacheDir,
          hint: 'free space there, or point HF_HUB_CACHE / HF_HOME at a disk with room; nothing was retried',
        },
        { cause: e },
      );
    }
    if (fatal) {
      const again = /not tried again/.test(String((e as Error).message)) ? ' (found unreachable earlier in this run; not tried again)' : '';
      return this.error(
        `the hub at ${this.endpoint} is unreachable (${fatal}) while trying to ${what.replace(/^cannot /, '')} ${this.repoType} ${repo}${again}`,
        {
          hint: 'work offline: HF_HUB_OFFLINE=1 (or --offline) uses what the cache holds, --hub-mirror <dir> reads a local mirror, and `mteb-ts download` fills the cache where the hub is reachable',
        },
        { cause: e },
      );
    }
    const status = (e as { statusCode?: number; status?: number }).statusCode ?? (e as { status?: number }).status;
    const msg = redact((e as Error).message ?? String(e), [this.opts.token]);
    return this.error(
      `${what} ${this.repoType} ${repo} at revision ${revision}${file ? `, file ${file}` : ''}: ${msg}${status && !msg.includes(String(status)) ? ` (HTTP ${status})` : ''}`,
      {
        file: file ? `${repo}/${file}` : undefined,
        hint:
          status === 404
            ? 'check the repo name and revision'
            : 'check your network connection or HF_ENDPOINT; failed downloads are retried on the next run',
      },
      { cause: e },
    );
  }
}

/** How to reach the hub; the HF_* part of DataOptions (hub/options.ts). */
export interface HubAccess {
  endpoint?: string;
  /** Default: defaultCacheDir() (HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub). */
  cacheDir?: string;
  offline?: boolean;
  token?: string;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

const sharedClients = new Map<string, HubClient>();

/**
 * One client per (repo type, endpoint, cache, offline, token, timeout) for the whole process, so datasets and
 * models of one run share in-flight downloads and the verified-blob memo. The first caller's `log` is kept.
 */
export function sharedHubClient(access: HubAccess, repoType: RepoType = 'dataset'): HubClient {
  const cacheDir = access.cacheDir ?? defaultCacheDir();
  // The token itself is part of the key (a different HF_TOKEN must not reuse a client), but never printed.
  const key = JSON.stringify([repoType, access.endpoint, cacheDir, !!access.offline, access.token ?? '', access.timeoutMs ?? 0]);
  let c = sharedClients.get(key);
  if (!c) {
    c = new HubClient({
      repoType,
      endpoint: access.endpoint,
      cacheDir,
      offline: access.offline,
      token: access.token,
      timeoutMs: access.timeoutMs,
      log: access.log,
    });
    sharedClients.set(key, c);
  }
  return c;
}

export function normalizeEtag(v: string | null): string | undefined {
  if (!v) return undefined;
  return v.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Files under a snapshot folder (relative, '/'-separated), skipping temp files. */
export function listSnapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (name.endsWith('.tmp') || name.endsWith('.incomplete')) continue;
      let st: Stats;
      try {
        st = statSync(full);
      } catch {
        continue; // dangling link
      }
      if (st.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
