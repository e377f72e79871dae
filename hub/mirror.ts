/**
 * A local hub mirror is a folder laid out like the hub's URL space: `<dir>/datasets/<owner>/<name>` (and
 * `<dir>/models/<owner>/<name>`). A wrong path used to fall back to the network silently; it is now an error that
 * says what was expected, and the usual slip (the mirror's parent folder) is named.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';

const KINDS = ['datasets', 'models'] as const;

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** The folder a dataset repo would have in the mirror. */
export function mirrorDatasetDir(mirror: string, repo: string): string {
  return join(mirror, 'datasets', ...repo.split('/'));
}

/**
 * Throws a ConfigError unless `dir` is a mirror: an existing folder holding `datasets/` or `models/`. `source` names
 * where the path came from (`--hub-mirror` or `MTEB_HUB_MIRROR`).
 */
export function checkMirrorRoot(dir: string, source = '--hub-mirror'): void {
  const abs = resolve(dir);
  const expected = `expected a folder holding datasets/<owner>/<name> (for example ${join(abs, 'datasets', 'mteb', 'stsbenchmark-sts')})`;
  if (!existsSync(abs)) throw new ConfigError(`${source} ${dir} does not exist; ${expected}`, { file: abs });
  if (!statSync(abs).isDirectory()) throw new ConfigError(`${source} ${dir} is not a folder; ${expected}`, { file: abs });
  if (KINDS.some((k) => isDir(join(abs, k)))) return;
  // The usual slip: the mirror's parent (../shared instead of ../shared/hub).
  const inner = readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isDirectory() && KINDS.some((k) => isDir(join(abs, e.name, k))))
    .map((e) => join(dir, e.name));
  throw new ConfigError(`${source} ${dir} is not a hub mirror: it has no datasets/ or models/ folder; ${expected}`, {
    file: abs,
    hint: inner.length ? `did you mean ${source} ${inner.join(' or ')}?` : 'point it at the folder that contains datasets/',
  });
}
