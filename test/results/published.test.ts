import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../core/env.js';
import { resetUnreachableOrigins } from '../../core/http.js';
import { collectResults, joinRevisions, type ModelRun } from '../../results/collect.js';
import { cachedResultsUrl, lfsMediaUrl, PublishedResultsError, publishedPaths, readRecord } from '../../results/published-cache.js';
import { ensurePublished, type FetchOptions, fetchPublished, gitUrl, publishedSourceFromEnv } from '../../results/published-fetch.js';
import { loadPublished } from '../../results/published-load.js';
import { buildResultsFixture, commitResult, type ResultsFixture } from '../../scripts/fixtures/results-repo.js';
import { TINY } from '../helpers/published-tiny.js';
import { etagOf, type Route, startServer } from '../helpers/route-server.js';
import { RESULTS_SAMPLES, sharedPresent } from '../helpers/shared.js';

const gz = (f: ResultsFixture) => readFileSync(f.cachedGz);
const gzRoute = (body: Buffer): Route => ({ headers: { 'content-type': 'application/octet-stream', etag: etagOf(body) }, body });

/** main score per model / task / split / subset, for comparing two ways of reading the same results (NaN is null in JSON). */
function mainScores(runs: readonly ModelRun[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const r of runs)
    for (const [t, res] of r.results)
      for (const [split, rows] of Object.entries(res.scores))
        for (const row of rows) out[`${r.model}|${t}|${split}|${row.hf_subset}`] = Number.isNaN(row.main_score) ? null : row.main_score;
  return out;
}

let tmp: string;
let fixture: ResultsFixture;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'published-'));
  fixture = buildResultsFixture(TINY, join(tmp, 'fixture'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  resetUnreachableOrigins();
});

let n = 0;
/** Fresh cache folder and options for one test. */
function opts(extra: Partial<FetchOptions> = {}): FetchOptions & { warnings: string[] } {
  const warnings: string[] = [];
  return { root: join(tmp, `cache-${n++}`), remote: fixture.repo, http: { maxRetries: 0 }, warn: (m) => warnings.push(m), warnings, ...extra };
}
async function serve(routes: Record<string, Route>) {
  const s = await startServer(routes);
  cleanups.push(s.close);
  return s;
}

describe('where the published results come from (env, URLs)', () => {
  it('MTEB_CACHE moves the cache as mteb does; the overrides set the URL and the remote', () => {
    expect(publishedSourceFromEnv(readEnv({}))).toEqual({
      root: join(homedir(), '.cache', 'mteb'),
      url: undefined,
      remote: 'https://github.com/embeddings-benchmark/results',
    });
    expect(
      publishedSourceFromEnv(readEnv({ MTEB_CACHE: '/c', MTEB_TS_RESULTS_URL: 'http://m/x.json.gz', MTEB_TS_RESULTS_REMOTE: '/mirror/results' })),
    ).toEqual({ root: '/c', url: 'http://m/x.json.gz', remote: '/mirror/results' });
    const p = publishedPaths('/c');
    expect([p.cachedResults, p.remote, p.remoteResults]).toEqual(['/c/leaderboard/__cached_results.json', '/c/remote', '/c/remote/results']);
  });
  it("derives mteb's cached-data and LFS media URLs from a GitHub remote", () => {
    expect(cachedResultsUrl('https://github.com/embeddings-benchmark/results')).toBe(
      'https://raw.githubusercontent.com/embeddings-benchmark/results/cached-data/__cached_results.json.gz',
    );
    expect(cachedResultsUrl('/local/clone')).toBeUndefined();
    expect(lfsMediaUrl('https://raw.githubusercontent.com/embeddings-benchmark/results/cached-data/__cached_results.json.gz')).toBe(
      'https://media.githubusercontent.com/media/embeddings-benchmark/results/cached-data/__cached_results.json.gz',
    );
    expect(lfsMediaUrl('http://127.0.0.1:1/x')).toBeUndefined();
    expect(gitUrl(fixture.repo)).toMatch(/^file:\/\//);
    expect(gitUrl('https://github.com/a/b')).toBe('https://github.com/a/b');
    expect(gitUrl('git@github.com:a/b.git')).toBe('git@github.com:a/b.git');
  });
});

describe('results fetch: the pre-built file', () => {
  it('downloads, decompresses into <cache>/leaderboard/__cached_results.json and records where it came from', async () => {
    const s = await serve({ '/cached.json.gz': gzRoute(gz(fixture)) });
    const o = opts({ url: `${s.url}/cached.json.gz` });
    const out = await fetchPublished(o);
    expect(out.status).toBe('downloaded');
    expect(readFileSync(out.paths.cachedResults, 'utf8')).toBe(gunzipSync(gz(fixture)).toString('utf8'));
    const rec = readRecord(out.paths)!;
    expect(rec).toMatchObject({
      source: 'cached-data',
      url: `${s.url}/cached.json.gz`,
      etag: etagOf(gz(fixture)),
      models: fixture.models,
      taskResults: fixture.taskResults,
    });
    expect(o.warnings).toEqual([]);
    // The same main scores as reading the folders directly.
    expect(mainScores(loadPublished(out.paths.cachedResults).runs)).toEqual(mainScores(collectResults([TINY]).runs));
  });

  it('re-downloads conditionally: If-None-Match -> 304 keeps the file; a changed ETag downloads again', async () => {
    const routes: Record<string, Route> = { '/c.gz': gzRoute(gz(fixture)) };
    const s = await serve(routes);
    const o = opts({ url: `${s.url}/c.gz` });
    await fetchPublished(o);
    const before = readFileSync(publishedPaths(o.root).cachedResults);
    const second = await fetchPublished(o);
    expect(second.status).toBe('not-modified');
    expect(s.requests[1]!.headers['if-none-match']).toBe(etagOf(gz(fixture)));
    expect(readFileSync(second.paths.cachedResults)).toEqual(before);
    // The server's file changes: one model fewer.
    const data = JSON.parse(gunzipSync(gz(fixture)).toString('utf8'));
    data.model_results = data.model_results.slice(1);
    const { gzipSync } = await import('node:zlib');
    routes['/c.gz'] = gzRoute(gzipSync(JSON.stringify(data)));
    const third = await fetchPublished(o);
    expect(third.status).toBe('downloaded');
    expect(third.record!.models).toBe(fixture.models - 1);
  });

  it('a local cache is used without any request (ensurePublished), as mteb loads an existing quick cache', async () => {
    const s = await serve({ '/c.gz': gzRoute(gz(fixture)) });
    const o = opts({ url: `${s.url}/c.gz` });
    expect((await ensurePublished(o)).status).toBe('downloaded');
    expect((await ensurePublished(o)).status).toBe('cached');
    expect(s.requests.length).toBe(1);
  });
});

describe('results fetch: faults fall back to a shallow git clone, as mteb does', () => {
  const truncated = () => gz(fixture).subarray(0, Math.floor(gz(fixture).length / 2));
  const faults: [string, Route, RegExp][] = [
    ['404', { status: 404, body: '404: Not Found' }, /HTTP 404/],
    [
      'truncated gzip',
      { headers: { 'content-type': 'application/gzip' }, body: Buffer.alloc(0) },
      /not a complete gzip file.*unexpected end of file/,
    ],
    [
      'Git LFS pointer text',
      {
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
      },
      /Git LFS pointer/,
    ],
    [
      'wrong content type',
      { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html>rate limited</html>' },
      /unexpected content type "text\/html/,
    ],
  ];
  for (const [name, route, why] of faults) {
    it(`${name}: warns with the reason, clones, builds the cache and records the commit`, async () => {
      const r = name === 'truncated gzip' ? { ...route, body: truncated() } : route;
      const s = await serve({ '/c.gz': r });
      const o = opts({ url: `${s.url}/c.gz` });
      const out = await fetchPublished(o);
      expect(out.status).toBe('built');
      expect(o.warnings.join('\n')).toMatch(why);
      expect(o.warnings.join('\n')).toMatch(/falling back to a git clone/);
      expect(readRecord(out.paths)).toMatchObject({ source: 'git', revision: fixture.commit, remote: fixture.repo });
      expect(existsSync(join(out.paths.remoteResults, 'acme__small', 'aaa111', 'STS12.json'))).toBe(true);
      // Built from the clone: the same main scores as the pre-built file.
      expect(mainScores(loadPublished(out.paths.cachedResults).runs)).toEqual(mainScores(collectResults([TINY]).runs));
    });
  }

  it('a non-GitHub remote without MTEB_TS_RESULTS_URL goes straight to git; a second fetch finds the clone up to date', async () => {
    const o = opts();
    expect((await fetchPublished(o)).status).toBe('built');
    expect((await fetchPublished(o)).status).toBe('up-to-date');
  });

  it('--rebuild skips the download; --revision checks out that commit and records it', async () => {
    const f = buildResultsFixture(TINY, join(tmp, 'moving'));
    const s = await serve({ '/c.gz': gzRoute(gz(f)) });
    const o = opts({ url: `${s.url}/c.gz`, remote: f.repo });
    const built = await fetchPublished({ ...o, rebuild: true });
    expect(built.status).toBe('built');
    expect(s.requests).toEqual([]);
    const newer = commitResult(f.repo, 'new__model/r1/STS12.json', {
      dataset_revision: 'x',
      task_name: 'STS12',
      mteb_version: '2.1.0',
      scores: { test: [{ main_score: 0.9, hf_subset: 'default', languages: ['eng-Latn'] }] },
      evaluation_time: 1,
    });
    const updated = await fetchPublished({ ...o, rebuild: true });
    expect(updated.record!.revision).toBe(newer);
    expect(loadPublished(updated.paths.cachedResults).runs.map((r) => r.model)).toContain('new/model');
    const pinned = await fetchPublished({ ...o, revision: f.commit });
    expect(pinned.record!.revision).toBe(f.commit);
    expect(loadPublished(pinned.paths.cachedResults).runs.map((r) => r.model)).not.toContain('new/model');
  });

  it('refuses a clone of another remote, as mteb does', async () => {
    const o = opts();
    await fetchPublished(o);
    const other = buildResultsFixture(TINY, join(tmp, 'other'));
    const err = await fetchPublished({ ...o, remote: other.repo, rebuild: true }).catch((e) => e);
    expect(err).toBeInstanceOf(PublishedResultsError);
    expect(err.message).toMatch(/the clone in .*remote is of file:.*fixture\/repo, not file:.*other\/repo/);
    expect(err.message).toMatch(/hint: remove .*remote/);
  });
});

describe('results fetch: offline', () => {
  it('nothing reachable and nothing cached: a clear error naming both sources and the way out', async () => {
    const s = await serve({});
    await s.close();
    cleanups.pop();
    const o = opts({ url: `${s.url}/c.gz`, remote: join(tmp, 'no-such-repo') });
    const err = await fetchPublished(o).catch((e) => e);
    expect(err).toBeInstanceOf(PublishedResultsError);
    expect(err.message).toMatch(/cannot fetch the published results, and none are cached in .*__cached_results\.json/);
    expect(err.message).toMatch(/pre-built file http:\/\/127\.0\.0\.1:\d+\/c\.gz: .*ECONNREFUSED/);
    expect(err.message).toMatch(/git .*no-such-repo/);
    expect(err.message).toMatch(/hint: .*MTEB_TS_RESULTS_URL/);
  });

  it('unreachable with a good cache: reuses it with a warning, and a failed download never replaces it', async () => {
    const routes: Record<string, Route> = { '/c.gz': gzRoute(gz(fixture)) };
    const s = await serve(routes);
    const o = opts({ url: `${s.url}/c.gz`, remote: join(tmp, 'no-such-repo') });
    await fetchPublished(o);
    const before = readFileSync(publishedPaths(o.root).cachedResults);
    routes['/c.gz'] = { headers: { 'content-type': 'application/gzip', etag: '"other"' }, body: gz(fixture).subarray(0, 100) };
    const out = await fetchPublished(o);
    expect(out.status).toBe('offline');
    expect(o.warnings.at(-1)).toMatch(/reusing the cached copy: 4 models, \d+ task results, downloaded from/);
    expect(readFileSync(out.paths.cachedResults)).toEqual(before);
  });

  it('an earlier clone (mteb or ours) is built from when its remote cannot be reached', async () => {
    const o = opts();
    const first = await fetchPublished({ ...o, rebuild: true });
    rmSync(first.paths.cachedResults);
    // Same remote path, now gone: the fetch fails, the clone is still there.
    const moved = join(tmp, 'moved-away');
    const { renameSync } = await import('node:fs');
    renameSync(fixture.repo, moved);
    try {
      const out = await fetchPublished({ ...o, rebuild: true });
      expect(out.status).toBe('built');
      expect(o.warnings.join('\n')).toMatch(/building from it as it is \(commit [0-9a-f]{40}\)/);
    } finally {
      renameSync(moved, fixture.repo);
    }
  });
});

describe('published results from ../shared/results-samples', () => {
  it('the pre-built file and the clone give the same scores as reading the folders', async () => {
    if (!sharedPresent(RESULTS_SAMPLES, 'published results built from results-samples')) return;
    // Three eras (mteb 0.0.2, model-card imports with no mteb_version); the two big folders would only add time.
    const only = [
      'sentence-transformers__average_word_embeddings_glove.6B.300d',
      'sentence-transformers__average_word_embeddings_komninos',
      'vprelovac__universal-sentence-encoder-4',
    ];
    const f = buildResultsFixture(RESULTS_SAMPLES, join(tmp, 'samples'), only);
    const s = await serve({ '/c.gz': gzRoute(gz(f)) });
    const direct = mainScores(joinRevisions(collectResults(only.map((d) => join(RESULTS_SAMPLES, d))).runs));
    const viaHttp = await fetchPublished(opts({ url: `${s.url}/c.gz`, remote: f.repo }));
    expect(viaHttp.status).toBe('downloaded');
    expect(mainScores(joinRevisions(loadPublished(viaHttp.paths.cachedResults).runs))).toEqual(direct);
    const viaGit = await fetchPublished(opts({ remote: f.repo }));
    expect(viaGit.status).toBe('built');
    expect(viaGit.record!.revision).toBe(f.commit);
    expect(mainScores(joinRevisions(loadPublished(viaGit.paths.cachedResults).runs))).toEqual(direct);
    expect(Object.keys(direct).length).toBeGreaterThan(150);
  });
});
