import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlan, parseShard, workUnits } from '../../runners/shard/plan.js';
import { loadTaskFile } from '../../tasks/custom-tasks.js';
import { getBenchmark, getBenchmarkTasks } from '../../tasks/registry.js';
import { runCli } from '../helpers/cli.js';
import { comparable } from '../helpers/comparable-result.js';
import { writeShardTasks } from '../helpers/shard-tasks.js';

/**
 * Static sharding: N shards plus merge give the files one machine writes (apart from evaluation_time, date and
 * evaluation_phases), for a Tatoeba-like task with many subsets, multi-subset clustering, retrieval,
 * classification and bitext mining, with whole-task and subset units.
 */
const dir = mkdtempSync(join(tmpdir(), 'mteb-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { taskFile } = writeShardTasks(dir);
const TASKS = ['TatoebaLike', 'MultiClustering', 'DemoRetrieval', 'DemoClassification', 'DemoClustering', 'DemoBitextMining'];
const common = ['-m', 'lexical', '-t', TASKS.join(','), '--task-file', taskFile];
const MODEL_DIR = join('results', 'mteb-ts__lexical-hash-512', '1');

function expectSameFolder(merged: string, single: string): void {
  const files = (d: string) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.json'))
      .sort();
  expect(files(merged)).toEqual(files(single));
  expect(files(single)).toHaveLength(TASKS.length + 1);
  for (const f of files(single)) expect([f, comparable(join(merged, f))]).toEqual([f, comparable(join(single, f))]);
  expect(existsSync(join(merged, '.shard'))).toBe(false);
}

beforeAll(async () => {
  const r = await runCli(['run', ...common, '--output-folder', join(dir, 'single')]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('plan', () => {
  it('is deterministic, prints a planHash and a CI matrix, and changes with what changes scores', async () => {
    const a = await runCli(['plan', ...common, '--shards', '3', '--json']);
    const b = await runCli(['plan', ...common, '--shards', '3', '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\n')).toHaveLength(1);
    const p = JSON.parse(a.stdout);
    expect(p.planHash).toMatch(/^[0-9a-f]{16}$/);
    expect(p.matrix).toEqual({ shard: ['1/3', '2/3', '3/3'] });
    expect(p.units.map((u: { key: string }) => u.key).sort()).toEqual([...TASKS].sort());
    const other = (args: string[]) => runCli(['plan', ...common, '--shards', '3', '--json', ...args]).then((r) => JSON.parse(r.stdout).planHash);
    expect(await other(['--unit', 'subset'])).not.toBe(p.planHash);
    expect(await other(['--model-revision', 'abc'])).not.toBe(p.planHash);
    expect(await other(['--sklearn-version', '1.2.1'])).not.toBe(p.planHash);
    const text = await runCli(['plan', ...common, '--shards', '3']);
    expect(text.stdout).toMatch(new RegExp(`planHash ${p.planHash}`));
  });

  it('subset units never split the stateful clustering evaluator; other tasks split per (split, subset)', () => {
    const tasks = loadTaskFile(taskFile);
    const keys = workUnits(tasks, 'subset').map((u) => u.key);
    expect(keys).toContain('MultiClustering');
    expect(keys.filter((k) => k.startsWith('MultiClustering/'))).toEqual([]);
    expect(keys.filter((k) => k.startsWith('TatoebaLike/'))).toHaveLength(8);
  });

  it('largest cost first to the least-loaded shard: MSMARCO gets a shard of its own in MTEB(eng, v1)', () => {
    const tasks = getBenchmarkTasks(getBenchmark('MTEB(eng, v1)'));
    const p = makePlan(tasks, 4, 'task', { model: 'm', config: {} });
    expect(p.units[0]!.key).toBe('MSMARCO');
    const ms = p.units[0]!.shard;
    expect(p.units.filter((u) => u.shard === ms).map((u) => u.key)).toEqual(['MSMARCO']);
    // Every unit assigned once; loads add up.
    expect(p.load.reduce((a, b) => a + b, 0)).toBe(p.units.reduce((a, u) => a + u.cost, 0));
    expect(makePlan(tasks, 4, 'task', { model: 'm', config: {} })).toEqual(p);
  });

  it('parses i/N and rejects the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard must be i\/N/);
  });
});

describe('run --shard + merge', () => {
  it.each([
    ['task', 3],
    ['subset', 4],
  ])(
    '%s units over %i shards merge into the single-machine files',
    async (unit, n) => {
      const shards: string[] = [];
      for (let i = 1; i <= n; i++) {
        const out = join(dir, `${unit}-${n}-${i}`);
        shards.push(out);
        const r = await runCli(['run', ...common, '--output-folder', out, '--shard', `${i}/${n}`, '--unit', unit]);
        expect(r.code, r.stderr).toBe(0);
        const m = JSON.parse(readFileSync(join(out, MODEL_DIR, '.shard', `${i}-of-${n}.json`), 'utf8'));
        expect(m).toMatchObject({ shard: i, shards: n, unit, failures: [], runner: { name: 'mteb-ts' }, model: { id: 'lexical' } });
        expect(m.completed).toEqual(m.units);
      }
      const out = join(dir, `${unit}-${n}-merged`);
      const r = await runCli(['merge', ...shards, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expectSameFolder(join(out, MODEL_DIR), join(dir, 'single', MODEL_DIR));

      // A missing shard: exit 1, every missing unit named, complete tasks still merged.
      const partial = join(dir, `${unit}-${n}-partial`);
      const miss = await runCli(['merge', ...shards.slice(1), '--out', partial]);
      expect(miss.code).toBe(1);
      const m1 = JSON.parse(readFileSync(join(shards[0]!, MODEL_DIR, '.shard', `1-of-${n}.json`), 'utf8'));
      for (const k of m1.units) expect(miss.stderr).toContain(`missing unit ${k} (shard 1): shard 1/${n} not among the merged folders`);
    },
    120_000,
  );

  it('refuses mixed planHash, runner version and model revision', async () => {
    const a = join(dir, 'mix-a');
    const b = join(dir, 'mix-b');
    expect((await runCli(['run', ...common, '--output-folder', a, '--shard', '1/2'])).code).toBe(0);
    expect((await runCli(['run', ...common, '--output-folder', b, '--shard', '2/2', '--unit', 'subset'])).code).toBe(0);
    const r = await runCli(['merge', a, b, '--out', join(dir, 'mix-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to merge shards with different planHash/);
    expect(existsSync(join(dir, 'mix-out'))).toBe(false);

    const c = join(dir, 'mix-c');
    expect((await runCli(['run', ...common, '--output-folder', c, '--shard', '2/2'])).code).toBe(0);
    const mf = join(c, MODEL_DIR, '.shard', '2-of-2.json');
    const m = JSON.parse(readFileSync(mf, 'utf8'));
    writeFileSync(mf, JSON.stringify({ ...m, runner: { ...m.runner, version: '0.0.1' } }));
    expect((await runCli(['merge', a, c, '--out', join(dir, 'mix-out')])).stderr).toMatch(/different runner version: .*0\.0\.1/);
    writeFileSync(mf, JSON.stringify({ ...m, model: { ...m.model, revision: 'other' } }));
    expect((await runCli(['merge', a, c, '--out', join(dir, 'mix-out')])).stderr).toMatch(/different model revision/);
    expect((await runCli(['merge', join(dir, 'single'), '--out', join(dir, 'mix-out')])).stderr).toMatch(/no shard manifest found/);
  }, 120_000);

  it('records failures in the manifest and merge names them', async () => {
    const bad = join(dir, 'bad-tasks.yaml');
    writeFileSync(bad, readFileSync(taskFile, 'utf8').replace('./data/tatoeba-like', './data/multi-clustering'));
    const out = join(dir, 'failing');
    const args = ['-m', 'lexical', '-t', 'TatoebaLike,DemoSTS', '--task-file', bad];
    const r = await runCli(['run', ...args, '--output-folder', out, '--shard', '1/1']);
    expect(r.code).toBe(1);
    const m = JSON.parse(readFileSync(join(out, MODEL_DIR, '.shard', '1-of-1.json'), 'utf8'));
    expect(m.completed).toEqual(['DemoSTS']);
    expect(m.failures).toEqual([{ unit: 'TatoebaLike', error: expect.stringMatching(/no rows with lang = "fra-eng"/) }]);
    const mr = await runCli(['merge', out, '--out', join(dir, 'failing-out')]);
    expect(mr.code).toBe(1);
    expect(mr.stderr).toMatch(/missing unit TatoebaLike \(shard 1\): failed: no rows with lang/);
    expect(existsSync(join(dir, 'failing-out', MODEL_DIR, 'DemoSTS.json'))).toBe(true);
  }, 60_000);
});
