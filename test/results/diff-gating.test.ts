/**
 * `diff` in CI (issue #11 item 6): `--fail-on-missing` fails when the new run lacks tasks, splits or subsets the base
 * has; `--significance` counts a drop beyond the threshold as a regression only when its bootstrap interval lies
 * below zero (per-sample interval of a task, across-task interval of the mean), and lists what it could not judge.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { savePredictions } from '../../results/predictions.js';
import { runCli } from '../helpers/cli.js';

const row = (subset: string, main: number) => ({ main_score: main, hf_subset: subset, languages: ['eng-Latn'], mteb_version: '2.3.0' });
function write(root: string, model: string, files: Record<string, Record<string, number>>): string {
  const dir = path.join(root, model, 'rev1');
  mkdirSync(dir, { recursive: true });
  for (const [task, subsets] of Object.entries(files)) {
    const scores = { test: Object.entries(subsets).map(([s, m]) => row(s, m)) };
    writeFileSync(
      path.join(dir, `${task}.json`),
      JSON.stringify({ dataset_revision: 'r', task_name: task, mteb_version: '2.3.0', scores, evaluation_time: 1 }),
    );
  }
  return path.join(root, model);
}

describe('diff --fail-on-missing', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-missing-'));
  // tasks unknown to the registry: every split/subset row counts
  const base = write(root, 'org__base', { TaskA: { default: 0.5 }, TaskB: { default: 0.5 }, TaskC: { en: 0.5, de: 0.4 } });
  const whole = write(root, 'org__whole', { TaskA: { default: 0.5 }, TaskB: { default: 0.5 }, TaskC: { en: 0.5, de: 0.4 } });
  const lacksTask = write(root, 'org__lacks-task', { TaskA: { default: 0.5 }, TaskC: { en: 0.5, de: 0.4 } });
  const lacksSubset = write(root, 'org__lacks-subset', { TaskA: { default: 0.5 }, TaskB: { default: 0.5 }, TaskC: { en: 0.5 } });

  it('exits 0 without the flag (as before) and 1 with it when a task is missing, naming it', async () => {
    expect((await runCli(['diff', base, lacksTask, '--fail-on-regression'])).code).toBe(0);
    const r = await runCli(['diff', base, lacksTask, '--fail-on-missing']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the new run lacks results the base has: TaskB \(--fail-on-missing\)/);
    expect(r.stdout).toMatch(/Missing tasks \(in base, not in new\): TaskB/);
    expect(r.stdout).toMatch(/^Missing from the new run: TaskB$/m);
    const md = await runCli(['diff', base, lacksSubset, '--fail-on-missing', '--format', 'github']);
    expect(md.stdout).toMatch(/✅ No regression beyond 0.5 points\.\n\n❌ Missing from the new run: TaskC/);
  });

  it('a subset the new run lacks counts too; a complete run passes', async () => {
    const r = await runCli(['diff', base, lacksSubset, '--fail-on-missing', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).incomplete).toEqual(['TaskC']);
    expect((await runCli(['diff', base, whole, '--fail-on-missing', '--fail-on-regression'])).code).toBe(0);
    // tasks only the new run has are not missing
    expect((await runCli(['diff', lacksTask, base, '--fail-on-missing'])).code).toBe(0);
  });
});

describe('diff --significance', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-sig-'));
  const ids = Array.from({ length: 40 }, (_, i) => `q${i}`);
  const noisyBase = Object.fromEntries(ids.map((q, i) => [q, i % 2 ? 0.9 : 0.1]));
  // mean drop 0.02 with large per-query swings: the interval includes zero
  const noisyNew = Object.fromEntries(ids.map((q, i) => [q, i % 4 === 0 ? 0.9 : i % 4 === 1 ? 0.1 : i % 4 === 2 ? 0.1 - 0.04 : 0.9 - 0.04]));
  const steadyBase = Object.fromEntries(ids.map((q, i) => [q, 0.5 + (i % 5) / 100]));
  const steadyNew = Object.fromEntries(ids.map((q, i) => [q, 0.45 + (i % 5) / 100]));
  const mean = (v: Record<string, number>) => Object.values(v).reduce((a, b) => a + b, 0) / ids.length;
  const side = (model: string, noisy: Record<string, number>, steady: Record<string, number>, plain: number) => {
    const dir = write(root, model, { Noisy: { default: mean(noisy) }, Steady: { default: mean(steady) }, Plain: { default: plain } });
    const pred = path.join(dir, 'rev1', 'predictions');
    for (const [task, values] of [
      ['Noisy', noisy],
      ['Steady', steady],
    ] as const) {
      savePredictions(pred, {
        task,
        model,
        split: 'test',
        subset: 'default',
        predictions: {},
        perSample: { statistic: 'mean', metric: 'ndcg_at_10', unit: 'query', values },
      });
    }
    return dir;
  };
  const base = side('org__base', noisyBase, steadyBase, 0.6);
  const next = side('org__new', noisyNew, steadyNew, 0.55);

  it('the point threshold alone flags all three drops', async () => {
    const r = await runCli(['diff', base, next, '--fail-on-regression', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).regressions).toEqual(['Noisy', 'Plain', 'Steady']);
  });

  it('with --significance a drop whose interval includes zero is not counted; no interval means threshold only', async () => {
    const r = await runCli(['diff', base, next, '--fail-on-regression', '--significance', '--format', 'json']);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout);
    const noisy = rep.tasks.find((t: { task: string }) => t.task === 'Noisy');
    expect(noisy.perSample.ci[0]).toBeLessThan(0);
    expect(noisy.perSample.ci[1]).toBeGreaterThan(0);
    expect(rep.tasks.find((t: { task: string }) => t.task === 'Steady').perSample.ci[1]).toBeLessThan(0);
    expect(rep.regressions).toEqual(['Plain', 'Steady']);
    expect(rep.notSignificant).toEqual(['Noisy']);
    expect(rep.thresholdOnly).toEqual(['Plain']);
    const text = await runCli(['diff', base, next, '--significance']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Not counted as regressions \(the 95% bootstrap interval includes zero\): Noisy/);
    expect(text.stdout).toMatch(/Judged by the threshold alone \(no per-sample bootstrap\): Plain/);
    expect(text.stdout).toMatch(/Regression beyond 0.5 points \(95% interval below zero, or no interval\): Plain, Steady/);
  });

  it('only insignificant drops: --significance passes where the threshold alone fails; the mean is gated by its own interval', async () => {
    const r2 = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-sig2-'));
    const b = write(r2, 'org__b', { Noisy: { default: mean(noisyBase) } });
    const n = write(r2, 'org__n', { Noisy: { default: mean(noisyNew) } });
    for (const [dir, values] of [
      [b, noisyBase],
      [n, noisyNew],
    ] as const) {
      savePredictions(path.join(dir, 'rev1', 'predictions'), {
        task: 'Noisy',
        model: 'm',
        split: 'test',
        subset: 'default',
        predictions: {},
        perSample: { statistic: 'mean', metric: 'ndcg_at_10', unit: 'query', values },
      });
    }
    expect((await runCli(['diff', b, n, '--fail-on-regression'])).code).toBe(1);
    const r = await runCli(['diff', b, n, '--fail-on-regression', '--significance', '--format', 'json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    // one task: the across-task "interval" is a single point, so the task's own verdict stands for the mean
    expect(rep.aggregate.bootstrap.ci).toEqual([rep.aggregate.delta, rep.aggregate.delta]);
    expect(rep.aggregate.regression).toBe(false);
    expect(rep.notSignificant).toEqual(['Noisy', '(mean)']);
  });
});
