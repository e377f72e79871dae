/**
 * End to end: `mteb-ts run -m precomputed:<dir> -t STSBenchmark` with HF_ENDPOINT pointing at a local hub
 * server downloads STSBenchmark at its pinned revision into HF_HUB_CACHE; a second run with HF_HUB_OFFLINE=1
 * makes no request at all and writes the same scores.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRepo } from '../../../tasks/data/local-repo.js';
import { runCli } from '../../helpers/cli.js';
import { type HubServer, startHubServer } from '../../helpers/hub-server.js';
import { writePrecomputed } from '../../helpers/mirror.js';
import { SHARED_HUB } from '../../helpers/shared.js';

const REPO = 'mteb/stsbenchmark-sts';
const REPO_DIR = join(SHARED_HUB, 'datasets', ...REPO.split('/'));
const present = existsSync(REPO_DIR);
if (!present) console.warn(`skipping hub end-to-end test: ${REPO_DIR} not found`);

describe.skipIf(!present)('mteb-ts run against a local hub (HF_ENDPOINT), then offline', () => {
  let server: HubServer;
  const tmp = mkdtempSync(join(tmpdir(), 'mteb-hub-e2e-'));
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startHubServer();
    const revision = (JSON.parse(readFileSync(join(REPO_DIR, '.mirror.json'), 'utf8')) as { revision: string }).revision;
    server.addRepo(REPO, REPO_DIR, revision);
  });
  afterAll(async () => {
    process.env = saved;
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const resultOf = (out: string) => {
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d, { withFileTypes: true }).forEach((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : e.name === 'STSBenchmark.json' && files.push(join(d, e.name)),
      );
    walk(out);
    expect(files).toHaveLength(1);
    return JSON.parse(readFileSync(files[0]!, 'utf8')) as { dataset_revision: string; scores: unknown };
  };

  it('downloads and caches, then HF_HUB_OFFLINE=1 makes no request and gives identical scores', async () => {
    const rows = (await new LocalRepo(REPO_DIR, REPO).loadRows('default', 'test')).rows as { sentence1: string; sentence2: string }[];
    const vectors = writePrecomputed(
      join(tmp, 'vectors'),
      rows.flatMap((r) => [r.sentence1, r.sentence2]),
    );
    const cache = join(tmp, 'hf-cache');
    delete process.env.MTEB_HUB_MIRROR;
    process.env.HF_ENDPOINT = server.url;
    process.env.HF_HUB_CACHE = cache;
    delete process.env.HF_HUB_OFFLINE;

    const first = await runCli(['run', '-m', `precomputed:${vectors}`, '-t', 'STSBenchmark', '--output-folder', join(tmp, 'out1'), '--no-cache']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(server.requests.some((r) => r.includes('/resolve/'))).toBe(true);
    const snap = join(cache, 'datasets--mteb--stsbenchmark-sts', 'snapshots');
    expect(readdirSync(snap)).toEqual(['b0fddb56ed78048fa8b90373c8a3cfc37b684831']);

    const before = server.requests.length;
    process.env.HF_HUB_OFFLINE = '1';
    const second = await runCli(['run', '-m', `precomputed:${vectors}`, '-t', 'STSBenchmark', '--output-folder', join(tmp, 'out2'), '--no-cache']);
    expect(second.code).toBe(0);
    expect(server.requests.length).toBe(before);

    const a = resultOf(join(tmp, 'out1'));
    const b = resultOf(join(tmp, 'out2'));
    expect(a.dataset_revision).toBe('b0fddb56ed78048fa8b90373c8a3cfc37b684831');
    expect(b.scores).toEqual(a.scores);
  });

  it('`mteb-ts download` fills the cache so a later offline run needs no request', async () => {
    const rows = (await new LocalRepo(REPO_DIR, REPO).loadRows('default', 'test')).rows as { sentence1: string; sentence2: string }[];
    const vectors = writePrecomputed(
      join(tmp, 'vectors-dl'),
      rows.flatMap((r) => [r.sentence1, r.sentence2]),
    );
    delete process.env.MTEB_HUB_MIRROR;
    delete process.env.HF_HUB_OFFLINE;
    process.env.HF_ENDPOINT = server.url;
    process.env.HF_HUB_CACHE = join(tmp, 'hf-cache-dl');
    const dl = await runCli(['download', '-t', 'STSBenchmark']);
    expect(dl.stderr).toMatch(/STSBenchmark: 3 files in the cache/);
    expect(dl.stdout).toMatch(/1\/1 tasks ready for offline use/);
    expect(dl.code).toBe(0);
    const before = server.requests.length;
    process.env.HF_HUB_OFFLINE = '1';
    const run = await runCli(['run', '-m', `precomputed:${vectors}`, '-t', 'STSBenchmark', '--output-folder', join(tmp, 'out-dl'), '--no-cache']);
    expect(run.code).toBe(0);
    expect(server.requests.length).toBe(before);
    delete process.env.HF_HUB_OFFLINE;
  });
});
