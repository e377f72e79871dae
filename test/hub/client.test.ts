import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../core/errors.js';
import { HubClient, requestStats } from '../../hub/client.js';
import { writeHubFixtures } from '../../scripts/fixtures/hub-repos.js';
import { openHubRepo } from '../../tasks/data/hub-resolver.js';
import { LocalRepo } from '../../tasks/data/local-repo.js';
import { prefetchTasks } from '../../tasks/data/prefetch.js';
import { createDatasetSource, dataOptionsFromEnv } from '../../tasks/data/source.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { type HubServer, startHubServer } from '../helpers/hub-server.js';
import { SHARED_HUB } from '../helpers/shared.js';

const fixturesRoot = mkdtempSync(join(tmpdir(), 'mteb-hubfx-'));
const fixtures = writeHubFixtures(fixturesRoot);

let server: HubServer;
let work: string;
const delays: number[] = [];

function client(cacheDir: string, extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {}): HubClient {
  return new HubClient({
    endpoint: server.url,
    cacheDir,
    baseDelayMs: 5,
    maxDelayMs: 3000,
    timeoutMs: 3000,
    sleep: async (ms) => {
      delays.push(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
    ...extra,
  });
}
const freshCache = () => mkdtempSync(join(work, 'cache-'));
const ref = (path: string, revision = 'main') => ({ path, revision });

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String);
}

beforeAll(async () => {
  server = await startHubServer(7); // small pages: listing must follow Link headers
  for (const [id, dir] of Object.entries(fixtures)) server.addRepo(id, dir);
  server.addRepo('fixtures/missing-file', fixtures['fixtures/retrieval-cards']!, undefined, { exclude: (p) => p === 'qrels/dev.csv' });
  work = mkdtempSync(join(tmpdir(), 'mteb-hubtest-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(fixturesRoot, { recursive: true, force: true });
});

describe('hub client against a local hub server', () => {
  it('downloads at the pinned revision into the huggingface_hub cache layout, then works offline with no request', async () => {
    const cacheDir = freshCache();
    const repoId = 'fixtures/sts-sharded';
    const commit = server.addRepo(repoId, fixtures[repoId]!).commit;
    const online = await openHubRepo(ref(repoId, commit), {}, client(cacheDir));
    const train = await online.loadRows('default', 'train');
    const test = await online.loadRows('default', 'test');
    const expected = new LocalRepo(fixtures[repoId]!, repoId);
    expect(train.rows).toEqual((await expected.loadRows('default', 'train')).rows);
    expect(test.rows).toEqual((await expected.loadRows('default', 'test')).rows);
    expect(train.rows.length).toBe(2200);
    // Streaming gives the same rows, one parquet row group per batch (400 + 400 + 400 + 300 + 300 + 300 + 100).
    const batches: { n: number; row: number }[] = [];
    const streamed: Record<string, unknown>[] = [];
    for await (const b of online.streamRows('default', 'train')) {
      batches.push({ n: b.rows.length, row: b.row });
      streamed.push(...b.rows);
    }
    expect(streamed).toEqual(train.rows);
    expect(batches.map((b) => b.n)).toEqual([400, 400, 400, 300, 300, 300, 100]);
    expect(batches.map((b) => b.row)).toEqual([0, 400, 800, 1200, 0, 300, 600]);

    // Layout: datasets--owner--name/{blobs,snapshots/<sha>}; snapshot entries are relative symlinks to blobs.
    const repoDir = join(cacheDir, 'datasets--fixtures--sts-sharded');
    expect(readdirSync(repoDir).sort()).toEqual(['blobs', 'snapshots']); // pinned sha: no refs written (as huggingface_hub)
    const snap = join(repoDir, 'snapshots', commit);
    const shard = join(snap, 'data', 'train-00000-of-00002.parquet');
    expect(lstatSync(shard).isSymbolicLink()).toBe(true);
    const target = readlinkSync(shard);
    const sha256 = createHash('sha256')
      .update(readFileSync(join(fixtures[repoId]!, 'data', 'train-00000-of-00002.parquet')))
      .digest('hex');
    expect(target).toBe(`../../../blobs/${sha256}`); // LFS file: blob named by its sha256
    const readmeBlob = readlinkSync(join(snap, 'README.md')).split('/').pop()!;
    expect(readmeBlob).toMatch(/^[0-9a-f]{40}$/); // regular file: blob named by its git sha1
    expect(filesUnder(repoDir).filter((f) => /incomplete|\.tmp$/.test(f))).toEqual([]);

    // Offline: identical rows, not one request.
    const before = server.requests.length;
    const statsBefore = requestStats.count;
    const offline = await openHubRepo(ref(repoId, commit), { offline: true }, client(cacheDir, { offline: true }));
    expect((await offline.loadRows('default', 'train')).rows).toEqual(train.rows);
    expect((await offline.loadRows('default', 'test')).rows).toEqual(test.rows);
    expect(server.requests.length).toBe(before);
    expect(requestStats.count).toBe(statsBefore);
  });

  it('resolves a branch name to its commit and records it in refs/, as huggingface_hub does', async () => {
    const cacheDir = freshCache();
    const repoId = 'fixtures/retrieval-cards';
    const repo = await openHubRepo(ref(repoId, 'main'), {}, client(cacheDir));
    expect((await repo.loadRows('corpus', 'corpus')).rows.length).toBe(30);
    expect((await repo.loadRows('default', 'test')).rows).toEqual([
      { 'query-id': 'q1', 'corpus-id': 'd3', score: 1 },
      { 'query-id': 'q2', 'corpus-id': 'd7', score: 2 },
    ]);
    const refFile = join(cacheDir, 'datasets--fixtures--retrieval-cards', 'refs', 'main');
    expect(readFileSync(refFile, 'utf8')).toMatch(/^[0-9a-f]{40}$/);
    // Only the files the requested configs need were downloaded.
    const snap = join(cacheDir, 'datasets--fixtures--retrieval-cards', 'snapshots', readFileSync(refFile, 'utf8'));
    expect(existsSync(join(snap, 'qrels', 'dev.csv'))).toBe(false);
    // Offline with a branch name reads refs/main.
    const offline = await openHubRepo(ref(repoId, 'main'), { offline: true }, client(cacheDir, { offline: true }));
    expect((await offline.loadRows('corpus', 'corpus')).rows.length).toBe(30);
    // ... and a file never downloaded fails naming repo, revision and file.
    const err = await offline.loadRows('default', 'dev').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(/HF_HUB_OFFLINE.*qrels\/dev\.csv.*fixtures\/retrieval-cards.*revision main/);
  });

  it('offline with nothing cached names repo and revision', async () => {
    const err = await openHubRepo(ref('fixtures/sts-sharded', 'main'), { offline: true }, client(freshCache(), { offline: true })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(
      /offline \(--offline or HF_HUB_OFFLINE\) and dataset fixtures\/sts-sharded at revision main is not in the HF cache/,
    );
    // The three ways out: the cache (and where it is), `download`, a mirror.
    const hint = (err as DatasetError).context.hint ?? '';
    expect(hint).toMatch(/the HF cache \(\/.*HF_HUB_CACHE/);
    expect(hint).toContain('`mteb-ts download -t <task>`');
    expect(hint).toContain('--hub-mirror <dir> holding datasets/fixtures/sts-sharded');
  });

  it('survives 500s, 429 with Retry-After, a dropped connection and a corrupted body', async () => {
    const cacheDir = freshCache();
    delays.length = 0;
    server.faults.push(
      { match: '/revision/', kind: '500', times: 2 },
      { match: '/tree/', kind: '429', times: 1, retryAfter: 1 },
      { match: 'train-00000-of-00002', kind: 'drop', times: 1 },
      { match: 'train-00001-of-00002', kind: 'corrupt', times: 1 },
      { match: 'README.md', kind: 'drop', times: 1 },
    );
    const repo = await openHubRepo(ref('fixtures/sts-sharded'), {}, client(cacheDir));
    const rows = (await repo.loadRows('default', 'train')).rows;
    expect(rows).toEqual((await new LocalRepo(fixtures['fixtures/sts-sharded']!, 'x').loadRows('default', 'train')).rows);
    expect(server.faults).toEqual([]);
    expect(delays).toContain(1000); // Retry-After: 1 honoured
    expect(filesUnder(cacheDir).filter((f) => /incomplete|\.tmp$/.test(f))).toEqual([]);
  });

  it('a wrong ETag or size that persists ends in a clear error and leaves no partial file', async () => {
    for (const kind of ['wrong-etag', 'wrong-size'] as const) {
      const cacheDir = freshCache();
      server.faults.push({ match: 'test-00000-of-00001', kind, times: 100 });
      const repo = await openHubRepo(ref('fixtures/sts-sharded'), {}, client(cacheDir, { maxRetries: 2 }));
      const err = await repo.loadRows('default', 'test').catch((e: unknown) => e);
      server.faults.length = 0;
      expect(err).toBeInstanceOf(DatasetError);
      expect((err as Error).message).toMatch(kind === 'wrong-etag' ? /ETag f{64}.*expected/ : /announced \d+ bytes .* expected/);
      expect((err as Error).message).toMatch(/fixtures\/sts-sharded.*data\/test-00000-of-00001\.parquet/);
      const blobs = join(cacheDir, 'datasets--fixtures--sts-sharded', 'blobs');
      expect(filesUnder(blobs).filter((f) => !/^[0-9a-f]{40}$/.test(f))).toEqual([]); // only the README's blob
    }
  });

  it('re-downloads a corrupted or truncated cached blob', async () => {
    const cacheDir = freshCache();
    const repoId = 'fixtures/sts-sharded';
    const first = await openHubRepo(ref(repoId), {}, client(cacheDir));
    const good = (await first.loadRows('default', 'test')).rows;
    const link = join(first.root, 'data', 'test-00000-of-00001.parquet');
    const blob = resolve(join(first.root, 'data'), readlinkSync(link));
    const bytes = readFileSync(blob);
    const corrupted = Buffer.from(bytes);
    corrupted[100] = corrupted[100]! ^ 0xff;
    for (const broken of [corrupted, bytes.subarray(0, bytes.length - 10)]) {
      writeFileSync(blob, broken);
      // Offline cannot repair it: a clear error.
      const off = await openHubRepo(ref(repoId), { offline: true }, client(cacheDir, { offline: true }));
      await expect(off.loadRows('default', 'test')).rejects.toThrow(/corrupted/);
      const again = await openHubRepo(ref(repoId), {}, client(cacheDir));
      expect((await again.loadRows('default', 'test')).rows).toEqual(good);
      expect(readFileSync(blob)).toEqual(bytes);
    }
  });

  it('offline, a snapshot entry that is a plain copy is verified against the blobs: a good copy is used, a garbled one refused (#12 item 7)', async () => {
    const cacheDir = freshCache();
    const repoId = 'fixtures/sts-sharded';
    const first = await openHubRepo(ref(repoId), {}, client(cacheDir));
    const good = (await first.loadRows('default', 'test')).rows;
    const link = join(first.root, 'data', 'test-00000-of-00001.parquet');
    const bytes = readFileSync(resolve(join(first.root, 'data'), readlinkSync(link)));
    // What huggingface_hub leaves where symlinks are unavailable: the blob's bytes copied into the snapshot.
    rmSync(link);
    writeFileSync(link, bytes);
    const offline = () => openHubRepo(ref(repoId), { offline: true }, client(cacheDir, { offline: true }));
    expect((await (await offline()).loadRows('default', 'test')).rows).toEqual(good);
    // A garbled copy used to be read as is (BIOSSES 68.81 -> 52.53); now it is refused, naming the file.
    const garbled = Buffer.from(bytes);
    garbled[100] = garbled[100]! ^ 0xff;
    writeFileSync(link, garbled);
    const err = await (await offline()).loadRows('default', 'test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(/cached copy of data\/test-00000-of-00001\.parquet .* cannot be verified: it is a plain file/);
    expect((err as Error).message).toContain(link);
    // Online, the listing's hash decides: the copy is replaced by a link to the verified blob.
    const again = await openHubRepo(ref(repoId), {}, client(cacheDir));
    expect((await again.loadRows('default', 'test')).rows).toEqual(good);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('missing files, unknown revisions, repos without data and malformed files end in clear errors', async () => {
    const cacheDir = freshCache();
    const c = client(cacheDir);
    // The card lists qrels/dev.csv but the repo does not have it.
    const missing = await openHubRepo(ref('fixtures/missing-file'), {}, c);
    await expect(missing.loadRows('default', 'dev')).rejects.toThrow(/qrels\/dev\.csv not found in dataset fixtures\/missing-file/);
    // The resolve endpoint's 404 with X-Error-Code: EntryNotFound.
    const commit = await c.resolveRevision('fixtures/missing-file', 'main');
    const err404 = await c
      .download('fixtures/missing-file', commit, { path: 'qrels/dev.csv', size: 10, oid: 'a'.repeat(40) })
      .catch((e: unknown) => e);
    expect(err404).toBeInstanceOf(DatasetError);
    expect((err404 as Error).message).toMatch(
      /file qrels\/dev\.csv not found in dataset fixtures\/missing-file at revision [0-9a-f]{40} \(HTTP 404 EntryNotFound\)/,
    );

    await expect(openHubRepo(ref('fixtures/sts-sharded', 'v9.9'), {}, c)).rejects.toThrow(
      /revision v9\.9 does not exist in dataset fixtures\/sts-sharded/,
    );
    await expect(openHubRepo(ref('fixtures/sts-sharded', 'b'.repeat(40)), {}, c)).rejects.toThrow(/does not exist/);
    await expect(openHubRepo(ref('nobody/nothing'), {}, c)).rejects.toThrow(/dataset nobody\/nothing not found or not accessible/);
    // A server that keeps failing: a DatasetError after the retries, naming repo and revision.
    server.faults.push({ match: '/revision/', kind: '500', times: 100 });
    const down = await openHubRepo(ref('fixtures/sts-sharded'), {}, client(freshCache(), { maxRetries: 2 })).catch((e: unknown) => e);
    server.faults.length = 0;
    expect(down).toBeInstanceOf(DatasetError);
    expect((down as Error).message).toMatch(
      /cannot resolve the revision of dataset fixtures\/sts-sharded at revision main: request to .* failed after 3 attempts: HTTP 500/,
    );

    const empty = await openHubRepo(ref('fixtures/no-data'), {}, c);
    await expect(empty.loadRows('default', 'test')).rejects.toThrow(/fixtures\/no-data at revision main has no data files/);

    const bad = await openHubRepo(ref('fixtures/malformed'), {}, c);
    await expect(bad.loadRows('parquet', 'test')).rejects.toThrow(/malformed parquet file.*bad\.parquet/);
    await expect(bad.loadRows('jsonl', 'test')).rejects.toThrow(/invalid JSON on line 2.*bad\.jsonl, row 1/);
  });

  it('private repos need HF_TOKEN; the token never appears in messages', async () => {
    const token = 'hf_SeCrEtToKeN123';
    server.addRepo('fixtures/private', fixtures['fixtures/retrieval-cards']!, undefined, { token });
    const noToken = await openHubRepo(ref('fixtures/private'), {}, client(freshCache())).catch((e: unknown) => e);
    expect(noToken).toBeInstanceOf(DatasetError);
    expect((noToken as Error).message).toMatch(/dataset fixtures\/private not found or not accessible[\s\S]*set HF_TOKEN/);
    // dataOptionsFromEnv reads HF_TOKEN.
    const opts = dataOptionsFromEnv({ HF_TOKEN: token, HF_ENDPOINT: server.url, HF_HUB_CACHE: freshCache() });
    expect(opts.token).toBe(token);
    const repo = await openHubRepo(ref('fixtures/private'), opts, client(opts.cacheDir!, { token }));
    expect((await repo.loadRows('queries', 'queries')).rows).toHaveLength(2);
    const err = await client(opts.cacheDir!, { token })
      .download('fixtures/private', await client(opts.cacheDir!, { token }).resolveRevision('fixtures/private', 'main'), {
        path: 'nope.txt',
        size: 1,
        oid: 'b'.repeat(40),
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/nope\.txt not found/);
    expect(JSON.stringify(err) + String(err) + (err as Error).stack).not.toContain(token);
  });

  it('sweeps temp files left by dead processes, keeps those of live ones', async () => {
    const cacheDir = freshCache();
    const blobs = join(cacheDir, 'datasets--fixtures--split-in-filename', 'blobs');
    mkdirSync(blobs, { recursive: true });
    const dead = join(blobs, `${'c'.repeat(40)}.2147483646.0badc0de.incomplete`);
    const live = join(blobs, `${'d'.repeat(40)}.${process.ppid}.0badc0de.incomplete`);
    writeFileSync(dead, 'partial');
    writeFileSync(live, 'partial');
    // A download lock left by a dead process does not block.
    const locks = join(cacheDir, '.locks', 'datasets--fixtures--split-in-filename');
    mkdirSync(locks, { recursive: true });
    const c0 = client(freshCache());
    const commit = await c0.resolveRevision('fixtures/split-in-filename', 'main');
    const [info] = await c0.pathsInfo('fixtures/split-in-filename', commit, ['eval-set.jsonl']);
    writeFileSync(join(locks, `${info!.oid}.mteb-ts.lock`), '2147483646\n');
    const repo = await openHubRepo(ref('fixtures/split-in-filename'), {}, client(cacheDir));
    await repo.loadRows('default', 'test');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(locks)).toEqual([]);
  });

  it('downloads run concurrently, bounded by the p-limit concurrency', async () => {
    const many = mkdtempSync(join(work, 'many-'));
    mkdirSync(join(many, 'data'));
    for (let i = 0; i < 6; i++) writeFileSync(join(many, 'data', `part-${i}.txt`), randomBytes(400_000));
    writeFileSync(join(many, 'README.md'), '---\nconfigs:\n- config_name: default\n  data_files:\n  - split: test\n    path: data/*.txt\n---\n');
    server.addRepo('fixtures/many', many);
    server.faults.push({ match: '/fixtures/many/resolve/', kind: 'slow', times: 6 });
    const c = client(freshCache(), { concurrency: 2 });
    const repo = await openHubRepo(ref('fixtures/many'), {}, c);
    const files = repo.resolveRelative('default', 'test');
    expect(files).toHaveLength(6);
    server.inFlight.max = 0;
    await repo.backend!.ensureFiles(files);
    expect(server.inFlight.max).toBe(2);
  });

  it('prefetchTasks downloads what the tasks need, then everything loads offline without a request', async () => {
    const cacheDir = freshCache();
    const task = (name: string, path: string, type: TaskMetadata['type']): TaskMetadata => ({
      name,
      type,
      description: '',
      dataset: { path, revision: 'main' },
      evalSplits: ['test'],
      subsets: { default: ['eng-Latn'] },
      mainScore: 'x',
    });
    const opts = { endpoint: server.url, cacheDir };
    const results = await prefetchTasks(
      [task('R', 'fixtures/retrieval-cards', 'Retrieval'), task('S', 'fixtures/sts-sharded', 'STS'), task('Bad', 'nobody/nothing', 'STS')],
      opts,
    );
    expect(results.map((r) => [r.task, r.files, r.error ? 'error' : 'ok'])).toEqual([
      ['R', 5, 'ok'], // corpus/part-0 + part-1, queries.jsonl.gz, qrels/test.tsv + dev.csv (README.md is no data file)
      ['S', 3, 'ok'],
      ['Bad', 0, 'error'],
    ]);
    expect(results[2]!.error!.message).toMatch(/nobody\/nothing not found or not accessible/);
    const before = server.requests.length;
    const off = { ...opts, offline: true };
    const r = await openHubRepo(ref('fixtures/retrieval-cards'), off, client(cacheDir, { offline: true }));
    for (const [c, s] of [
      ['corpus', 'corpus'],
      ['queries', 'queries'],
      ['default', 'test'],
      ['default', 'dev'],
    ] as const)
      expect((await r.loadRows(c, s)).rows.length).toBeGreaterThan(0);
    const st = await openHubRepo(ref('fixtures/sts-sharded'), off, client(cacheDir, { offline: true }));
    expect((await st.loadRows('default', 'train')).rows).toHaveLength(2200);
    expect(server.requests.length).toBe(before);
  });

  it('a dataset absent from --hub-mirror comes from the HF cache (offline) or the hub', async () => {
    const cacheDir = freshCache();
    const mirror = mkdtempSync(join(work, 'empty-mirror-'));
    const dsRef = ref('fixtures/split-in-filename');
    const online = createDatasetSource({ hubMirror: mirror, endpoint: server.url, cacheDir });
    const rows = (await online.loadRows(dsRef, 'default', 'test')).rows;
    const before = server.requests.length;
    const offline = createDatasetSource({ hubMirror: mirror, endpoint: server.url, cacheDir, offline: true });
    expect((await offline.loadRows(dsRef, 'default', 'test')).rows).toEqual(rows);
    expect(server.requests.length).toBe(before);
    const missing = createDatasetSource({ hubMirror: mirror, endpoint: server.url, cacheDir: freshCache(), offline: true });
    await expect(missing.loadRows(dsRef, 'default', 'test')).rejects.toThrow(
      /offline \(--offline or HF_HUB_OFFLINE\) and dataset fixtures\/split-in-filename at revision main is not in the HF cache/,
    );
  });

  it('follows a renamed repo (relative redirects) and still reads the LFS metadata of the new location', async () => {
    server.addAlias('fixtures/old-name', 'fixtures/sts-sharded');
    const repo = await openHubRepo(ref('fixtures/old-name'), {}, client(freshCache()));
    expect((await repo.loadRows('default', 'test')).rows).toEqual(
      (await new LocalRepo(fixtures['fixtures/sts-sharded']!, 'x').loadRows('default', 'test')).rows,
    );
  });

  it('times out a request that never answers and retries it', async () => {
    server.faults.push({ match: 'eval-set.jsonl', kind: 'hang', times: 1 });
    const repo = await openHubRepo(ref('fixtures/split-in-filename'), {}, client(freshCache(), { timeoutMs: 300 }));
    expect((await repo.loadRows('default', 'test')).rows).toEqual([{ y: 't' }]);
  });

  it('two processes downloading the same file at once both end with the complete file, fetched once', async () => {
    const big = mkdtempSync(join(work, 'bigrepo-'));
    mkdirSync(join(big, 'data'));
    const payload = randomBytes(6 * 1024 * 1024);
    writeFileSync(join(big, 'data', 'corpus.jsonl.gz'), payload);
    server.addRepo('fixtures/big', big);
    const want = createHash('sha256').update(payload).digest('hex');
    const cacheDir = freshCache();
    const barrier = join(work, `go-${Date.now()}`);
    // The body is served slowly (about a second), so the second process arrives while the first downloads.
    server.faults.push({ match: 'fixtures/big/resolve/', kind: 'slow', times: 2 });
    let ready = 0;
    const child = () =>
      new Promise<{ local: string; sha: string }>((ok, fail) => {
        const p = spawn(
          process.execPath,
          ['--import', 'tsx', join(__dirname, 'download-child.ts'), server.url, cacheDir, 'fixtures/big', 'main', 'data/corpus.jsonl.gz', barrier],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => {
          out += d;
          if (String(d).includes('ready') && ++ready === 2) writeFileSync(barrier, 'go');
        });
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => (code === 0 ? ok(JSON.parse(out.trim().split('\n').pop()!)) : fail(new Error(`child exited ${code}: ${err}`))));
      });
    const [a, b] = await Promise.all([child(), child()]);
    server.faults.length = 0;
    expect(a.sha).toBe(want);
    expect(b.sha).toBe(want);
    expect(a.local).toBe(b.local);
    // One process downloaded while the other waited on the lock; one complete blob, no temp or lock file left.
    expect(server.requests.filter((r) => r.startsWith(`GET /cdn/${want}`))).toHaveLength(1);
    expect(readdirSync(join(cacheDir, 'datasets--fixtures--big', 'blobs'))).toEqual([want]);
    expect(readdirSync(join(cacheDir, '.locks', 'datasets--fixtures--big'))).toEqual([]);
  });
});

describe.skipIf(!existsSync(SHARED_HUB))('the shared mirror served by the local hub', () => {
  if (!existsSync(SHARED_HUB)) console.warn(`skipping: ${SHARED_HUB} not found`);
  it('createDatasetSource with HF_ENDPOINT downloads mteb/stsbenchmark-sts and mteb/scifact and matches the mirror', async () => {
    const cacheDir = freshCache();
    const rows = async (id: string, config: string, split: string) => {
      const dir = join(SHARED_HUB, 'datasets', ...id.split('/'));
      const revision = (JSON.parse(readFileSync(join(dir, '.mirror.json'), 'utf8')) as { revision: string }).revision;
      server.addRepo(id, dir, revision);
      const source = createDatasetSource(dataOptionsFromEnv({ HF_ENDPOINT: server.url, HF_HUB_CACHE: cacheDir }));
      const got = await source.loadRows({ path: id, revision }, config, split);
      const want = await new LocalRepo(dir, id).loadRows(config, split);
      expect(got.rows).toEqual(want.rows);
      expect(existsSync(join(cacheDir, `datasets--${id.replace('/', '--')}`, 'snapshots', revision))).toBe(true);
      return got.rows.length;
    };
    expect(await rows('mteb/stsbenchmark-sts', 'default', 'test')).toBe(1379);
    expect(await rows('mteb/scifact', 'corpus', 'corpus')).toBe(5183);
    expect(await rows('mteb/scifact', 'default', 'test')).toBe(339);
  });

  it('lists a repo with 112 folders through paginated tree pages', async () => {
    const id = 'mteb/tatoeba-bitext-mining';
    const dir = join(SHARED_HUB, 'datasets', ...id.split('/'));
    const revision = (JSON.parse(readFileSync(join(dir, '.mirror.json'), 'utf8')) as { revision: string }).revision;
    server.addRepo(id, dir, revision);
    const repo = await openHubRepo({ path: id, revision }, {}, client(freshCache()));
    expect(repo.resolveRelative('default', 'test').length).toBe(112);
    expect((await repo.loadRows('afr-eng', 'test')).rows.length).toBe(1000);
  });
});
