import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchmarkSpec } from '../../results/aggregate.js';
import { registryLookup } from '../../results/read.js';
import { buildResultsFixture, type ResultsFixture } from '../../scripts/fixtures/results-repo.js';
import { etagOf, type SeenRequest, startServer } from './route-server.js';

/**
 * The published tiny fixture (test/results/fixtures/published-tiny), main scores (STS12, SciFact):
 *   acme/large (0.80, 0.60), sentence-transformers/all-MiniLM-L6-v2 (0.72, 0.64), acme/small (0.70, 0.50), zeta/base (0.60, 0.40)
 */
export const TINY = join(import.meta.dirname, '..', 'results', 'fixtures', 'published-tiny');

/** A two-task benchmark over the tiny fixture's tasks. */
export const TINY_SPEC: BenchmarkSpec = {
  name: 'tiny',
  tasks: [
    { name: 'STS12', type: 'STS' },
    { name: 'SciFact', type: 'Retrieval' },
  ],
  metadata: new Map(['STS12', 'SciFact'].map((n) => [n, registryLookup(n)!])),
  aggregates: {},
};

/** Writes one local model run (revision r1) with the given main scores; returns its folder. */
export function writeLocal(root: string, model: string, scores: Record<string, number>): string {
  const dir = join(root, model.replace('/', '__'), 'r1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model_meta.json'), JSON.stringify({ name: model, revision: 'r1' }));
  for (const [task, v] of Object.entries(scores)) {
    writeFileSync(
      join(dir, `${task}.json`),
      JSON.stringify({
        dataset_revision: 'x',
        task_name: task,
        mteb_version: '2.1.0',
        scores: { test: [{ main_score: v, hf_subset: 'default', languages: ['eng-Latn'] }] },
        evaluation_time: 1,
      }),
    );
  }
  return dir;
}

export interface ServedTiny {
  /** The temp folder holding everything below; the caller removes it. */
  tmp: string;
  fixture: ResultsFixture;
  /** URL of the pre-built file (with an ETag, so re-fetches can be conditional). */
  url: string;
  /** A results folder with the local model my/model (0.75, 0.55). */
  local: string;
  requests: SeenRequest[];
  close: () => Promise<void>;
}

/** Builds the tiny fixture in a fresh temp folder, serves its pre-built file over loopback and writes my/model beside it. */
export async function serveTinyPublished(prefix: string): Promise<ServedTiny> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const fixture = buildResultsFixture(TINY, join(tmp, 'fixture'));
  const body = readFileSync(fixture.cachedGz);
  const s = await startServer({ '/c.gz': { headers: { 'content-type': 'application/gzip', etag: etagOf(body) }, body } });
  const local = join(tmp, 'local');
  writeLocal(local, 'my/model', { STS12: 0.75, SciFact: 0.55 });
  return { tmp, fixture, url: `${s.url}/c.gz`, local, requests: s.requests, close: s.close };
}
