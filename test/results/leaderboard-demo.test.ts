/**
 * End to end through the real registry: result files written by mteb-ts's own writer (results/write.ts) for the
 * built-in `demo` benchmark, aggregated by `mteb-ts leaderboard -b demo`. Expected means are computed in the test
 * from the scores it wrote (plain arithmetic), one row per (split, subset).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResult } from '../../results/write.js';
import { run as leaderboard } from '../../runners/commands/leaderboard.js';
import { getBenchmark, getBenchmarkTasks } from '../../tasks/registry.js';

describe('leaderboard -b demo on files written by mteb-ts', () => {
  it('per-task means, Mean (Task), per-type means, Borda and a missing task', async () => {
    const tasks = getBenchmarkTasks(getBenchmark('demo'));
    expect(tasks.length).toBeGreaterThan(1);
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-demo-lb-'));
    const expected: Record<string, Record<string, number>> = { 'org/a': {}, 'org/b': {} };
    tasks.forEach((t, ti) => {
      for (const [mi, model] of ['org/a', 'org/b'].entries()) {
        if (model === 'org/b' && ti === tasks.length - 1) continue; // org/b lacks the last task
        const scores: Record<string, { main_score: number; hf_subset: string; languages: string[] }[]> = {};
        const vals: number[] = [];
        for (const split of t.evalSplits) {
          scores[split] = Object.keys(t.subsets).map((sub, si) => {
            const v = 0.5 + 0.01 * ti + 0.1 * mi - 0.001 * si;
            vals.push(v);
            return { main_score: v, hf_subset: sub, languages: t.subsets[sub]! };
          });
        }
        expected[model]![t.name] = vals.reduce((a, b) => a + b, 0) / vals.length;
        writeResult(path.join(root, model.replace('/', '__'), 'r1', `${t.name}.json`), {
          dataset_revision: t.dataset.revision,
          task_name: t.name,
          mteb_version: '2.20.0',
          scores,
          evaluation_time: 1,
          kg_co2_emissions: null,
          date: null,
          evaluation_phases: null,
        });
      }
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await leaderboard(
      { benchmark: 'demo', results: [root], format: 'json' },
      { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false },
    );
    expect(code).toBe(0);
    const lb = JSON.parse(out.join('\n')) as {
      rows: { model: string; per_task: Record<string, number | null>; mean_task: number | null; rank_borda: number; missing: { task: string }[] }[];
    };
    const a = lb.rows.find((r) => r.model === 'org/a')!;
    const b = lb.rows.find((r) => r.model === 'org/b')!;
    for (const t of tasks) {
      // writeResult rounds to 6 decimals, as mteb does
      expect(a.per_task[t.name]).toBeCloseTo(expected['org/a']![t.name]!, 6);
    }
    const meanA = tasks.reduce((s, t) => s + expected['org/a']![t.name]!, 0) / tasks.length;
    expect(a.mean_task).toBeCloseTo(meanA, 6);
    expect(b.mean_task).toBeNull();
    expect(b.missing.map((m) => m.task)).toEqual([tasks[tasks.length - 1]!.name]);
    // b beats a on every shared task (+0.1) but lacks one: Borda points b = n-1 tasks × 1, a = 1 (the task only a has)
    expect(b.rank_borda).toBe(1);
    expect(a.rank_borda).toBe(tasks.length - 1 > 1 ? 2 : 1);
    expect(err.join('\n')).toMatch(/1 task result is missing/);
  });
});
