/**
 * Advisory cross-process lock files: the hub's per-blob download lock and the runner's per-task lock.
 *
 * A lock file holds "<pid>\n<host>\n<token>\n" and is created with its content in one step (a hard link of a
 * written temporary file), so a reader never sees an empty lock. Its holder refreshes the file's mtime while it
 * lives. A lock is stale, and is taken over, when its holder ran on this host and that process is gone (killed,
 * crashed), or when it has not been refreshed for `staleMs` (a holder on another host sharing the folder).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export interface LockHolder {
  pid: number;
  /** Empty for locks written by older versions (a pid only). */
  host: string;
  /** Milliseconds since the holder last refreshed the lock. */
  ageMs: number;
}

export type LockAttempt = { acquired: true; release: () => void } | { acquired: false; holder: LockHolder };

/** Locks this process holds, removed if it exits without releasing them (process.exit after SIGINT, an uncaught error). */
const held = new Map<string, string>();
let exitHookInstalled = false;

/** One attempt to take the lock `file`; never waits. */
export function tryLock(file: string, staleMs: number): LockAttempt {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    const token = randomBytes(8).toString('hex');
    const content = `${process.pid}\n${hostname()}\n${token}\n`;
    if (create(file, content)) return { acquired: true, release: hold(file, content, staleMs) };
    const holder = readHolder(file);
    if (!holder) continue; // released meanwhile
    if (!isStale(holder, staleMs)) return { acquired: false, holder };
    // Remove only the stale lock we judged, not one another process has just taken over.
    if (readContent(file) === holder.content) removeQuietly(file);
  }
  const holder = readHolder(file);
  return holder ? { acquired: false, holder } : tryLock(file, staleMs);
}

/** Waits (polling every `pollMs`) until the lock is taken, or until `giveUp()` says waiting is no longer needed. */
export async function waitLock(
  file: string,
  staleMs: number,
  opts: { pollMs?: number; giveUp?: () => Promise<boolean> | boolean } = {},
): Promise<(() => void) | undefined> {
  for (;;) {
    const got = tryLock(file, staleMs);
    if (got.acquired) return got.release;
    if (await opts.giveUp?.()) return undefined;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

/** Who holds `file`, or undefined when it is not there. */
export function lockHolder(file: string): LockHolder | undefined {
  const h = readHolder(file);
  return h && { pid: h.pid, host: h.host, ageMs: h.ageMs };
}

function create(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOSYS' && code !== 'ENOTSUP') throw e;
    // No hard links on this file system: exclusive create (a reader may briefly see it empty; see isStale).
    try {
      writeFileSync(file, content, { flag: 'wx' });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    removeQuietly(tmp);
  }
}

function hold(file: string, content: string, staleMs: number): () => void {
  held.set(file, content);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const [f, c] of held) if (readContent(f) === c) removeQuietly(f);
    });
  }
  const beat = setInterval(
    () => {
      try {
        const now = new Date();
        utimesSync(file, now, now);
      } catch {
        /* removed by someone who judged it stale */
      }
    },
    Math.max(1000, Math.min(staleMs / 6, 10_000)),
  );
  beat.unref();
  return () => {
    clearInterval(beat);
    held.delete(file);
    // Still ours? A process that judged us stale may own it now.
    if (readContent(file) === content) removeQuietly(file);
  };
}

interface HolderRecord extends LockHolder {
  content: string;
}

function readHolder(file: string): HolderRecord | undefined {
  const content = readContent(file);
  if (content === undefined) return undefined;
  let ageMs = 0;
  try {
    ageMs = Date.now() - statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const [pid = '', host = ''] = content.split('\n');
  return { pid: /^\d+$/.test(pid.trim()) ? Number(pid.trim()) : Number.NaN, host: host.trim(), ageMs, content };
}

function isStale(h: LockHolder, staleMs: number): boolean {
  if (h.ageMs > staleMs) return true;
  // Unreadable content: being written by a file system without hard links, or garbage; give it a moment.
  if (!Number.isInteger(h.pid) || h.pid <= 0) return h.ageMs > 2000;
  const here = h.host === '' || h.host === hostname();
  return here && h.pid !== process.pid && !pidAlive(h.pid);
}

function readContent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}
