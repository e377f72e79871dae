import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetUnreachableOrigins } from '../../core/http.js';
import type { BenchmarkSpec } from '../../results/aggregate.js';
import { registryLookup } from '../../results/read.js';
import { run as leaderboard } from '../../runners/commands/leaderboard.js';
import { buildResultsFixture } from '../../scripts/fixtures/results-repo.js';

/** The HTML report of a local model ranked among published ones sets the local model against the field. */
const TINY = join(import.meta.dirname, 'fixtures', 'published-tiny');
const SPEC: BenchmarkSpec = {
  name: 'tiny',
  tasks: [
    { name: 'STS12', type: 'STS' },
    { name: 'SciFact', type: 'Retrieval' },
  ],
  metadata: new Map(['STS12', 'SciFact'].map((n) => [n, registryLookup(n)!])),
  aggregates: {},
};
let tmp: string;
let url: string;
let repo: string;
let close: () => Promise<void>;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'published-html-'));
  const fixture = buildResultsFixture(TINY, join(tmp, 'fixture'));
  repo = fixture.repo;
  const body = readFileSync(fixture.cachedGz);
  const server = createServer((req, res) =>
    req.url === '/c.gz' ? res.writeHead(200, { 'content-type': 'application/gzip' }).end(body) : res.writeHead(404).end(),
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/c.gz`;
  close = () => new Promise<void>((ok) => server.close(() => ok()));
  const dir = join(tmp, 'local', 'my__model', 'r1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model_meta.json'), JSON.stringify({ name: 'my/model', revision: 'r1' }));
  for (const [task, v] of Object.entries({ STS12: 0.75, SciFact: 0.55 })) {
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
});
afterAll(async () => {
  await close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => resetUnreachableOrigins());

describe('html report with published results', () => {
  it('sets the local model against the published field by default', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: () => {}, stderrIsTTY: false };
    const code = await leaderboard(
      {
        benchmark: '',
        spec: SPEC,
        results: ['published', join(tmp, 'local')],
        format: 'html',
        published: { root: join(tmp, 'cache'), url, remote: repo, http: { maxRetries: 0 } },
      },
      io,
    );
    expect(code).toBe(0);
    const data = JSON.parse(/const DATA = (.*);\n/.exec(out.join('\n'))![1]!) as { highlight: number; models: { full: string }[] };
    expect(data.models).toHaveLength(5); // four published models and mine
    expect(data.models[data.highlight]!.full).toBe('my/model@r1');
  });
});
