import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-lb-custom-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A result file as `mteb-ts run` writes it, for a task with one split and subset. */
function result(model: string, task: string, score: number): void {
  const dir = join(tmp, 'results', model.replace('/', '__'), 'no_revision_available');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${task}.json`),
    JSON.stringify({
      dataset_revision: 'local',
      task_name: task,
      mteb_version: '2.20.0',
      scores: { test: [{ main_score: score, hf_subset: 'default', languages: ['eng-Latn'] }] },
    }),
  );
}

describe('leaderboard without -b', () => {
  mkdirSync(join(tmp, 'data'), { recursive: true });
  const taskFile = join(tmp, 'tasks.yaml');
  writeFileSync(
    taskFile,
    [
      '- { name: MyPairs, type: STS, dataset: { path: ./data }, eval_splits: [test], languages: [eng-Latn] }',
      '- { name: MyQA, type: Retrieval, dataset: { path: ./data }, eval_splits: [test], languages: [eng-Latn], main_score: ndcg_at_10 }',
      '',
    ].join('\n'),
  );
  result('org/a', 'MyPairs', 0.8);
  result('org/a', 'MyQA', 0.4);
  result('org/b', 'MyPairs', 0.6);
  result('org/b', 'MyQA', 0.5);

  it('aggregates every custom task in the results (--task-file tells their types)', async () => {
    const r = await runCli(['leaderboard', '--results', join(tmp, 'results'), '--task-file', taskFile, '--format', 'json']);
    expect(r.code).toBe(0);
    const lb = JSON.parse(r.stdout) as { tasks: { name: string; type: string }[]; rows: { model: string; mean_task: number; rank_borda: number }[] };
    expect(lb.tasks).toEqual([
      { name: 'MyPairs', type: 'STS' },
      { name: 'MyQA', type: 'Retrieval' },
    ]);
    const a = lb.rows.find((x) => x.model === 'org/a')!;
    const b = lb.rows.find((x) => x.model === 'org/b')!;
    expect(a.mean_task).toBeCloseTo(0.6, 12);
    expect(b.mean_task).toBeCloseTo(0.55, 12);
    // One win each: Borda points tie, so both rank 1.
    expect([a.rank_borda, b.rank_borda]).toEqual([1, 1]);
  });

  it('without --task-file the custom tasks are unknown: a usage error that says what to give', async () => {
    const r = await runCli(['leaderboard', '--results', join(tmp, 'results')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give -b <benchmark>, or --task-file for custom tasks/);
  });
});
