import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from './errors.js';

/**
 * Path components taken from names the user or a file supplies (model names, revisions, task names, hub refs).
 * A name like `..` or `../../x` must never move a write outside the folder the user gave, so every component is
 * checked, and every joined path is checked again against its root.
 */

const MAX_COMPONENT_BYTES = 255; // NAME_MAX on Linux and macOS

/** Why `part` cannot be one path component, or undefined when it can. */
function componentProblem(part: string): string | undefined {
  if (part === '') return 'is empty';
  if (part === '.' || part === '..') return `is "${part}"`;
  if (part.includes('\0')) return 'contains a NUL byte';
  if (/[/\\]/.test(part)) return 'contains a path separator';
  if (Buffer.byteLength(part) > MAX_COMPONENT_BYTES) return `is longer than ${MAX_COMPONENT_BYTES} bytes`;
  return undefined;
}

/** `part` as it is, or a ConfigError naming `what` and the value when it cannot be one path component. */
export function pathComponent(part: string, what: string): string {
  const problem = componentProblem(part);
  if (problem) throw new ConfigError(`${what} ${JSON.stringify(part.slice(0, 80))} ${problem}, so it cannot name a folder or file`);
  return part;
}

/** mteb's `ModelMeta.model_name_as_path`: "/" -> "__", " " -> "_"; then checked as one component. */
export function modelNameAsPath(name: string): string {
  return pathComponent(name.replace(/\//g, '__').replace(/ /g, '_'), 'model name');
}

/** A revision as one folder name: "/" (as in refs/pr/1) -> "__"; then checked. */
export function revisionAsPath(revision: string): string {
  return pathComponent(revision.replace(/\//g, '__'), 'model revision');
}

/** `join(root, ...parts)`, refusing any result that is not inside `root`. */
export function joinUnder(root: string, ...parts: string[]): string {
  const out = join(root, ...parts);
  const rel = relative(resolve(root), resolve(out));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new ConfigError(`refusing to write ${JSON.stringify(out)}: it is not inside ${JSON.stringify(root)}`);
  }
  return out;
}

/** Segments of a slash-separated name (a hub ref like refs/pr/1, a repo id), each checked as a component. */
export function pathSegments(value: string, what: string): string[] {
  return value.split('/').map((s) => pathComponent(s, what));
}

const MAX_PATH_BYTES = 4095; // PATH_MAX on Linux, less its NUL

/**
 * A folder or file the user names (--output-folder, --cache-dir, ...), checked before anything is written: a NUL
 * byte or an over-long name would otherwise surface later as a raw Node error (ERR_INVALID_ARG_VALUE,
 * ENAMETOOLONG) from inside a task. Returns the path unchanged.
 */
export function userPath(path: string, what: string): string {
  const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
  if (path.includes('\0')) throw new ConfigError(`${what} ${shown} contains a NUL byte`);
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw new ConfigError(`${what} ${shown} is longer than ${MAX_PATH_BYTES} bytes`);
  const long = path.split(/[/\\]/).find((c) => Buffer.byteLength(c) > MAX_COMPONENT_BYTES);
  if (long !== undefined) {
    throw new ConfigError(`${what} ${shown} has a name longer than ${MAX_COMPONENT_BYTES} bytes (${JSON.stringify(`${long.slice(0, 40)}…`)})`);
  }
  return path;
}

/** A Node error that a bad path name causes (NUL byte, name too long), as a ConfigError naming the path; else undefined. */
export function pathNameError(err: unknown): ConfigError | undefined {
  const e = err as { code?: unknown; path?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.code === 'ENAMETOOLONG') {
    return new ConfigError(
      `a file name is too long: ${typeof e.path === 'string' ? JSON.stringify(e.path.length > 120 ? `${e.path.slice(0, 120)}…` : e.path) : String(e.message)}`,
      {
        hint: 'use a shorter --output-folder, --cache-dir or model/task name',
      },
    );
  }
  if (e.code === 'ERR_INVALID_ARG_VALUE' || e.code === 'ERR_INVALID_ARG_TYPE') {
    if (typeof e.message === 'string' && e.message.includes('null bytes')) return new ConfigError(`a path contains a NUL byte: ${e.message}`);
  }
  return undefined;
}
