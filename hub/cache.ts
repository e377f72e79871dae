/**
 * The Hugging Face cache layout shared with Python's huggingface_hub:
 *   <cache>/datasets--<owner>--<name>/      (models--<owner>--<name>/ for model repos)
 *     blobs/<etag>                     file contents (sha256 for LFS files, git blob sha1 otherwise)
 *     snapshots/<commit>/<path>        relative symlink to ../../blobs/<etag>
 *     refs/<branch-or-tag>             the commit sha it pointed to when last resolved
 * Every write goes to a temp file first and is renamed into place, so no reader ever sees a partial file.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { type RawEnv, readEnv } from '../core/env.js';
import { pidAlive, waitLock } from '../core/file-lock.js';
import { joinUnder, pathComponent, pathSegments } from '../core/safe-path.js';

export const COMMIT_RE = /^[0-9a-f]{40}$/;

/** The HF cache folder as huggingface_hub resolves it: HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME or ~/.cache + huggingface/hub. */
export function defaultCacheDir(raw?: RawEnv): string {
  const env = readEnv(raw);
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return join(env.HF_HOME, 'hub');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface', 'hub');
}

export type RepoType = 'dataset' | 'model';

/** `datasets--owner--name` / `models--owner--name`, as huggingface_hub's repo_folder_name. */
export function repoFolderName(repoId: string, repoType: RepoType = 'dataset'): string {
  return [`${repoType}s`, ...repoId.split('/')].join('--');
}

export class RepoCache {
  readonly dir: string;
  constructor(
    readonly cacheDir: string,
    readonly repoId: string,
    readonly repoType: RepoType = 'dataset',
  ) {
    pathSegments(repoId, 'repository id');
    this.dir = joinUnder(cacheDir, repoFolderName(repoId, repoType));
  }

  blobPath(etag: string): string {
    return joinUnder(this.dir, 'blobs', pathComponent(etag, 'blob id'));
  }
  snapshotDir(commit: string): string {
    return joinUnder(this.dir, 'snapshots', pathComponent(commit, 'commit'));
  }
  snapshotPath(commit: string, file: string): string {
    return joinUnder(this.snapshotDir(commit), ...pathSegments(file, 'file path in the repository'));
  }
  private refPath(revision: string): string {
    return joinUnder(this.dir, 'refs', ...pathSegments(revision, 'revision'));
  }

  /** The commit a ref (branch/tag) pointed to, or the revision itself when it is a commit. */
  readRef(revision: string): string | undefined {
    if (COMMIT_RE.test(revision)) return revision;
    const f = this.refPath(revision);
    return existsSync(f) ? readFileSync(f, 'utf8').trim() : undefined;
  }

  writeRef(revision: string, commit: string): void {
    if (revision === commit) return;
    const f = this.refPath(revision);
    if (existsSync(f) && readFileSync(f, 'utf8').trim() === commit) return;
    writeFileAtomic(f, commit);
  }

  /** The blob name a snapshot entry points to, if the entry exists (symlink or plain copy). */
  linkedBlob(commit: string, file: string): string | undefined {
    const p = this.snapshotPath(commit, file);
    try {
      const target = readlinkSync(p);
      return target.split(/[\\/]/).pop();
    } catch {
      return undefined;
    }
  }

  /** A temp path next to the blobs; unique per process and call so concurrent writers never collide. */
  tempBlobPath(etag: string): string {
    const blobs = join(this.dir, 'blobs');
    mkdirSync(blobs, { recursive: true });
    sweepStaleTemps(blobs);
    return join(blobs, `${etag}.${process.pid}.${randomBytes(4).toString('hex')}.incomplete`);
  }

  /**
   * Cross-process download lock for one blob (`.locks/<repo folder>/<etag>.mteb-ts.lock`, next to
   * huggingface_hub's own lock files but not shared with them). Resolves to a release function, or to
   * undefined when `isDone()` turns true while another process holds the lock (it finished the blob).
   * A holder that died, or stopped refreshing the lock for `staleMs`, loses it.
   */
  async lock(etag: string, isDone: () => Promise<boolean>, staleMs = 60_000): Promise<(() => void) | undefined> {
    const file = join(this.cacheDir, '.locks', repoFolderName(this.repoId, this.repoType), `${etag}.mteb-ts.lock`);
    return waitLock(file, staleMs, { giveUp: isDone });
  }

  /** Moves a verified temp file to its blob name and points the snapshot entry at it. */
  install(tempFile: string, etag: string, commit: string, file: string): string {
    const blob = this.blobPath(etag);
    // rename() replaces atomically: a second process finishing the same blob just swaps in identical bytes.
    renameSync(tempFile, blob);
    this.link(etag, commit, file);
    return this.snapshotPath(commit, file);
  }

  link(etag: string, commit: string, file: string): void {
    const snap = this.snapshotPath(commit, file);
    mkdirSync(dirname(snap), { recursive: true });
    const target = relative(dirname(snap), this.blobPath(etag));
    try {
      if (readlinkSync(snap) === target) return;
    } catch {
      /* absent or not a link */
    }
    const tmp = `${snap}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      symlinkSync(target, tmp);
    } catch (e) {
      // No symlinks (Windows without developer mode): a copy, as huggingface_hub falls back to.
      if (!['EPERM', 'EACCES', 'ENOSYS', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
      copyFileSync(this.blobPath(etag), tmp);
    }
    renameSync(tmp, snap);
  }
}

const TEMP_RE = /\.(\d+)\.[0-9a-f]{8}\.(incomplete|tmp)$/;

/**
 * Removes temp files left by processes that died mid-download (killed, power loss): their pid is in the
 * name, and a pid that no longer runs cannot finish them. Temps of live processes are left alone.
 */
export function sweepStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    removeQuietly(join(dir, name));
  }
}

export function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}

export function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Hash of a file as the hub names it: sha256 hex for LFS blobs, the git blob sha1 otherwise. */
export async function hashFile(file: string, kind: 'sha256' | 'git-sha1'): Promise<string> {
  const h = newHasher(kind, fileSize(file) ?? 0);
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Both names a file's content could have as a blob (sha256 for LFS, git blob sha1 otherwise), in one read. */
export async function blobNamesOf(file: string): Promise<string[]> {
  const sha256 = newHasher('sha256', 0);
  const sha1 = newHasher('git-sha1', fileSize(file) ?? 0);
  for await (const chunk of createReadStream(file)) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return [sha256.digest('hex'), sha1.digest('hex')];
}

export function newHasher(kind: 'sha256' | 'git-sha1', size: number) {
  if (kind === 'sha256') return createHash('sha256');
  const h = createHash('sha1');
  h.update(`blob ${size}\0`);
  return h;
}

/** Blob names are hashes: 64 hex chars = sha256 (LFS), 40 = git sha1. */
export function hashKindOf(etag: string): 'sha256' | 'git-sha1' | undefined {
  if (/^[0-9a-f]{64}$/.test(etag)) return 'sha256';
  if (/^[0-9a-f]{40}$/.test(etag)) return 'git-sha1';
  return undefined;
}
