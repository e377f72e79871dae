import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetUnreachableOrigins } from '../../core/http.js';
import { run as diff } from '../../runners/commands/diff.js';
import { run as leaderboard } from '../../runners/commands/leaderboard.js';
import { captureIo as capture, runCli } from '../helpers/cli.js';
import { type ServedTiny, TINY_SPEC as SPEC, serveTinyPublished, writeLocal } from '../helpers/published-tiny.js';

/**
 * The published tiny fixture (test/results/fixtures/published-tiny), main scores (STS12, SciFact):
 *   acme/large (0.80, 0.60), sentence-transformers/all-MiniLM-L6-v2 (0.72, 0.64), acme/small (0.70, 0.50), zeta/base (0.60, 0.40)
 * and a local model my/model (0.75, 0.55).
 */
let served: ServedTiny;
let tmp: string;
let url: string;
let local: string;

beforeAll(async () => {
  served = await serveTinyPublished('published-cli-');
  ({ tmp, url, local } = served);
});
afterAll(async () => {
  await served.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => resetUnreachableOrigins());

let n = 0;
const source = () => ({ root: join(tmp, `cache-${n++}`), url, remote: served.fixture.repo, http: { maxRetries: 0 } });
const rowsOf = (text: string) =>
  (JSON.parse(text) as { rows: { model: string; rank_borda: number; borda_points: number }[] }).rows.map((r) => [
    r.model,
    r.rank_borda,
    r.borda_points,
  ]);

describe('leaderboard --results published', () => {
  it('ranks a local model among all published ones (Borda over the five models, worked by hand)', async () => {
    const c = capture();
    const code = await leaderboard({ benchmark: '', spec: SPEC, results: ['published', local], format: 'json', published: source() }, c.io);
    expect(code).toBe(0);
    // STS12: large 4, my 3, MiniLM 2, small 1, zeta 0; SciFact: MiniLM 4, large 3, my 2, small 1, zeta 0.
    expect(rowsOf(c.out.join('\n'))).toEqual([
      ['acme/large', 1, 7],
      ['sentence-transformers/all-MiniLM-L6-v2', 2, 6],
      ['my/model', 3, 5],
      ['acme/small', 4, 2],
      ['zeta/base', 5, 0],
    ]);
    expect(c.err.join('\n')).toMatch(
      /published results: 4 model\(s\) from .*__cached_results\.json \(4 models, 8 task results, downloaded from http/,
    );
  });

  it('--top 2 keeps the two best published models (ranked among the published), then ranks them with mine', async () => {
    const c = capture();
    await leaderboard({ benchmark: '', spec: SPEC, results: ['published', local], format: 'json', top: 2, published: source() }, c.io);
    // Published only: large 3+2, MiniLM 2+3 (a tie, both kept); then with my/model: large 2+1, MiniLM 0+2, my 1+0.
    expect(rowsOf(c.out.join('\n'))).toEqual([
      ['acme/large', 1, 3],
      ['sentence-transformers/all-MiniLM-L6-v2', 2, 2],
      ['my/model', 3, 1],
    ]);
  });

  it('--models and published:<model> pick published models; unknown names get suggestions', async () => {
    const c = capture();
    await leaderboard(
      { benchmark: '', spec: SPEC, results: ['published', local], format: 'json', models: ['acme/small', 'ZETA/base'], published: source() },
      c.io,
    );
    expect(rowsOf(c.out.join('\n')).map((r) => r[0])).toEqual(['my/model', 'acme/small', 'zeta/base']);
    const d = capture();
    await leaderboard({ benchmark: '', spec: SPEC, results: ['published:acme/large', local], format: 'json', published: source() }, d.io);
    expect(rowsOf(d.out.join('\n')).map((r) => r[0])).toEqual(['acme/large', 'my/model']);
    const e = capture();
    expect(await leaderboard({ benchmark: '', spec: SPEC, results: ['published:acme/smal'], format: 'json', published: source() }, e.io)).toBe(2);
    expect(e.err.join('\n')).toMatch(/no published results for model "acme\/smal" \(did you mean acme\/small/);
  });

  it('a published model that is also in a local folder is shown as "(published)"', async () => {
    const mine = join(tmp, 'local-minilm');
    writeLocal(mine, 'sentence-transformers/all-MiniLM-L6-v2', { STS12: 0.73, SciFact: 0.65 });
    const c = capture();
    await leaderboard(
      { benchmark: '', spec: SPEC, results: ['published:sentence-transformers/all-MiniLM-L6-v2', mine], format: 'json', published: source() },
      c.io,
    );
    expect(rowsOf(c.out.join('\n')).map((r) => r[0])).toEqual([
      'sentence-transformers/all-MiniLM-L6-v2',
      'sentence-transformers/all-MiniLM-L6-v2 (published)',
    ]);
  });
});

describe('diff published:<model> <dir>', () => {
  const minilm = 'published:sentence-transformers/all-MiniLM-L6-v2';
  it('diffs against the published model, with the usual exit codes', async () => {
    const mine = join(local, 'my__model');
    const c = capture();
    expect(await diff({ base: minilm, new: mine, format: 'json', published: source() }, c.io)).toBe(0);
    const report = JSON.parse(c.out.join('\n')) as { base: { model: string; revision: string }; tasks: { task: string; delta: number }[] };
    expect(report.base).toMatchObject({ model: 'sentence-transformers/all-MiniLM-L6-v2', revision: '8b3219a92973c328a8e22fadcfa821b5dc75636a' });
    const deltas = Object.fromEntries(report.tasks.map((t) => [t.task, t.delta]));
    expect(deltas.STS12).toBeCloseTo(0.03, 12);
    expect(deltas.SciFact).toBeCloseTo(-0.09, 12);
    // SciFact dropped 9 points: a regression.
    expect(await diff({ base: minilm, new: mine, failOnRegression: true, published: source() }, capture().io)).toBe(1);
  });
  it('an unknown published model or a bare `published` side is a usage error (2)', async () => {
    const c = capture();
    expect(await diff({ base: 'published:acme/smal', new: join(local, 'my__model'), published: source() }, c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/base: no published results for model "acme\/smal" \(did you mean acme\/small/);
    const d = capture();
    expect(await diff({ base: 'published', new: join(local, 'my__model'), published: source() }, d.io)).toBe(2);
  });
});

describe('mteb-ts results fetch (the CLI, configured by the environment)', () => {
  const ENV = ['MTEB_CACHE', 'MTEB_TS_RESULTS_URL', 'MTEB_TS_RESULTS_REMOTE'] as const;
  const saved = ENV.map((k) => process.env[k]);
  afterEach(() => ENV.forEach((k, i) => (saved[i] === undefined ? delete process.env[k] : (process.env[k] = saved[i]))));

  it('fetch, conditional re-fetch, --rebuild --json; a bad action exits 2, offline with nothing cached exits 1', async () => {
    process.env.MTEB_CACHE = join(tmp, 'cli-cache');
    process.env.MTEB_TS_RESULTS_URL = url;
    process.env.MTEB_TS_RESULTS_REMOTE = served.fixture.repo;
    const first = await runCli(['results', 'fetch']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/downloaded the pre-built published results: .*cli-cache\/leaderboard\/__cached_results\.json/);
    const second = await runCli(['results', 'fetch']);
    expect(second.stdout).toMatch(/unchanged since the last fetch/);
    const rebuilt = await runCli(['results', 'fetch', '--rebuild', '--json']);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ status: 'built', record: { source: 'git', revision: served.fixture.commit } });
    const lb = await runCli(['leaderboard', '-b', 'MTEB(eng, v1)', '--results', 'published', local, '--top', '2', '--format', 'json']);
    expect(lb.code).toBe(0);
    expect(rowsOf(lb.stdout).map((r) => r[0])).toEqual(['acme/large', 'sentence-transformers/all-MiniLM-L6-v2', 'my/model']);
    const bad = await runCli(['results', 'frob']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown action "frob"/);
    process.env.MTEB_CACHE = join(tmp, 'empty-cache');
    process.env.MTEB_TS_RESULTS_URL = 'http://127.0.0.1:9/none.gz';
    process.env.MTEB_TS_RESULTS_REMOTE = join(tmp, 'nowhere');
    const offline = await runCli(['results', 'fetch']);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/error: cannot fetch the published results, and none are cached/);
    const lbOffline = await runCli(['leaderboard', '-b', 'MTEB(eng, v1)', '--results', 'published', local]);
    expect(lbOffline.code).toBe(1);
    expect(lbOffline.stderr).toMatch(/cannot fetch the published results/);
    expect(served.requests.length).toBeGreaterThan(0);
  });
});
