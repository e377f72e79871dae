/**
 * `mteb-ts results fetch [--revision <sha>] [--rebuild] [--json]`: get the published MTEB results into mteb's cache
 * layout (results/published-fetch.ts). Exit codes: 0 fetched, unchanged, or unreachable with a cached copy kept
 * (a warning says so); 1 nothing reachable and nothing cached (a download failure); 2 a bad argument.
 */
import { ConfigError } from '../../core/errors.js';
import { describeRecord } from '../../results/published-cache.js';
import { type FetchOptions, type FetchStatus, fetchPublished, publishedSourceFromEnv } from '../../results/published-fetch.js';
import type { CliIO } from '../cli-io.js';
import type { Verbosity } from './options.js';

export interface ResultsOptions extends Verbosity {
  action: string;
  revision?: string;
  rebuild?: boolean;
  json?: boolean;
}

const SAID: Record<FetchStatus, string> = {
  downloaded: 'downloaded the pre-built published results',
  'not-modified': 'published results unchanged since the last fetch',
  built: 'built the published results from a clone of the results repository',
  'up-to-date': 'published results already built from the current commit',
  cached: 'published results already cached',
  offline: 'kept the cached published results (nothing reachable)',
};

export async function handler(o: ResultsOptions, io: CliIO, source?: Partial<FetchOptions>): Promise<number> {
  if (o.action !== 'fetch')
    throw new ConfigError(`unknown action "${o.action}"`, { hint: 'usage: mteb-ts results fetch [--revision <sha>] [--rebuild]' });
  const out = await fetchPublished({
    ...publishedSourceFromEnv(),
    ...source,
    revision: o.revision,
    rebuild: !!o.rebuild,
    log: o.verbose ? (m) => io.stderr(m) : undefined,
    warn: (m) => io.stderr(`warning: ${m}`),
  });
  if (o.json) {
    io.stdout(JSON.stringify({ status: out.status, file: out.paths.cachedResults, remote: out.paths.remote, record: out.record ?? null }, null, 2));
  } else {
    io.stdout(`${SAID[out.status]}: ${out.paths.cachedResults}`);
    io.stdout(`  ${describeRecord(out.record)}`);
  }
  return 0;
}
