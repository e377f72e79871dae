/**
 * `run --save-predictions` end to end on the demo benchmark (one inline task per type): one mteb prediction file
 * per task (`<Task>_predictions.json` = {"mteb_model_meta", subset: {split: payload}}), the per-sample sidecar
 * where the type has a per-sample statistic, nothing half-written, and result files equal to a run without it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tasks as demo } from '../../tasks/demo/tasks.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-savepred-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every result file under `out` without its timing fields. */
function results(out: string): Record<string, unknown> {
  const got: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== 'predictions' && e.name !== '.partial') walk(join(d, e.name));
      } else if (e.name.endsWith('.json') && e.name !== 'model_meta.json') {
        const r = JSON.parse(readFileSync(join(d, e.name), 'utf8')) as Record<string, unknown>;
        got[e.name] = r.scores;
      }
    }
  };
  walk(out);
  return got;
}

/** The first folder named `name` below `root` (the result layout's depth is not this test's business). */
function findDir(root: string, name: string): string | undefined {
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    if (e.name === name) return join(root, e.name);
    const f = findDir(join(root, e.name), name);
    if (f) return f;
  }
  return undefined;
}

describe('run --save-predictions (demo benchmark, lexical model)', () => {
  it('writes mteb prediction files and per-sample sidecars and changes no score', async () => {
    const a = join(tmp, 'plain');
    const b = join(tmp, 'pred');
    const names = demo.map((t) => t.name);
    const r1 = await runCli(['run', '-m', 'lexical', '-t', ...names, '--output-folder', a, '--no-cache']);
    const r2 = await runCli(['run', '-m', 'lexical', '-t', ...names, '--output-folder', b, '--no-cache', '--save-predictions']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(results(b)).toEqual(results(a));
    expect(Object.keys(results(a)).length).toBe(names.length);

    const dir = findDir(b, 'predictions')!;
    const files = readdirSync(dir).sort();
    // atomic writes leave no temporary files behind
    expect(
      files.every((f) => /_(predictions|per_sample)\.json$/.test(f)),
      files.join(', '),
    ).toBe(true);
    for (const t of demo) {
      expect(files).toContain(`${t.name}_predictions.json`);
      const p = JSON.parse(readFileSync(join(dir, `${t.name}_predictions.json`), 'utf8')) as Record<string, Record<string, unknown>>;
      expect(Object.keys(p)[0]).toBe('mteb_model_meta');
      expect(p.mteb_model_meta!.model_name).toBe('mteb-ts/lexical-hash-512');
      for (const subset of Object.keys(t.subsets))
        for (const split of t.evalSplits) expect(p[subset]?.[split], `${t.name} ${subset}/${split}`).toBeDefined();
      // Clustering has its per-set values in the result file itself
      const sidecar = t.type !== 'Clustering';
      expect(files.includes(`${t.name}_per_sample.json`), t.name).toBe(sidecar);
    }

    // results that already exist are not recomputed, so they get no predictions: the run says so
    const r3 = await runCli(['run', '-m', 'lexical', '-t', names[0]!, '--output-folder', a, '--no-cache', '--save-predictions']);
    expect(r3.code).toBe(0);
    expect(r3.stderr).toContain(
      `warning: ${names[0]}: its result already exists, so no predictions were saved for it (rerun with --overwrite-strategy always to save them)`,
    );
    const r4 = await runCli(['run', '-m', 'lexical', '-t', names[0]!, '--output-folder', b, '--no-cache', '--save-predictions']);
    expect(r4.stderr).not.toContain('no predictions were saved');
  });
});
