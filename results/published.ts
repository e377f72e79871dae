/**
 * The published results as result folders are used: `--results published` (leaderboard) and `published:<model>`
 * (leaderboard, diff). Uses the cache when present and fetches it otherwise (results/published-fetch.ts).
 */
import { closest } from '../core/suggest.js';
import type { Issue, ModelRun } from './collect.js';
import { joinRevisions } from './collect.js';
import { describeRecord } from './published-cache.js';
import { ensurePublished, type FetchOptions, type FetchOutcome, publishedSourceFromEnv } from './published-fetch.js';
import { loadPublished, unmatchedModels } from './published-load.js';
import type { TaskLookup } from './read.js';

/** `published` or `published:<model>`: the model name, '' for all; undefined when `spec` is a path. */
export function publishedSpec(spec: string): string | undefined {
  if (spec === 'published') return '';
  return spec.startsWith('published:') ? spec.slice('published:'.length) : undefined;
}

export interface PublishedRuns {
  /** One run per model (revisions joined as mteb's join_revisions does). */
  runs: ModelRun[];
  issues: Issue[];
  outcome: FetchOutcome;
  /** Requested names that match no published model, each with the closest published names. */
  unmatched: { name: string; suggestions: string[] }[];
}

export interface PublishedQuery {
  /** Model names to keep (none: all). */
  models?: readonly string[];
  lookup?: TaskLookup;
  /** Defaults to the environment (MTEB_CACHE, MTEB_TS_RESULTS_URL, MTEB_TS_RESULTS_REMOTE). */
  source?: Partial<FetchOptions>;
  log?: (msg: string) => void;
  warn?: (msg: string) => void;
}

export async function publishedRuns(q: PublishedQuery): Promise<PublishedRuns> {
  const outcome = await ensurePublished({ ...publishedSourceFromEnv(), ...q.source, log: q.log, warn: q.warn, lookup: q.lookup });
  q.log?.(`published results: ${outcome.paths.cachedResults} (${describeRecord(outcome.record)})`);
  const loaded = loadPublished(outcome.paths.cachedResults, { models: q.models, lookup: q.lookup });
  const runs = joinRevisions(loaded.runs);
  const unmatched = q.models?.length ? unmatchedModels(runs, q.models).map((name) => ({ name, suggestions: closest(name, loaded.allModels) })) : [];
  return { runs, issues: loaded.issues, outcome, unmatched };
}
