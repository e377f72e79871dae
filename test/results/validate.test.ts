import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModel, getTask } from '../../index.js';
import { taskResultProblem } from '../../results/validate.js';
import { evaluate } from '../../runners/evaluate.js';
import { ResultStore } from '../../runners/result-store.js';

const good = {
  task_name: 'DemoSTS',
  dataset_revision: 'r',
  mteb_version: '2.20.0',
  scores: { test: [{ main_score: 0.5, hf_subset: 'default', languages: ['eng-Latn'] }] },
};

describe('result files and checkpoints are validated on read', () => {
  it.each([
    [null, /not a JSON object/],
    [{ ...good, scores: { test: 'garbage' } }, /scores.test is not a list/],
    [{ ...good, scores: { test: null } }, /scores.test is not a list/],
    [{ ...good, scores: { test: [{ hf_subset: 'default', languages: [], main_score: 'high' }] } }, /main_score/],
    [{ ...good, scores: { test: [{ main_score: 1, languages: [] }] } }, /hf_subset/],
    [{ ...good, task_name: 3 }, /task_name/],
  ])('rejects %j', (value, re) => expect(taskResultProblem(value)).toMatch(re));

  it('accepts a valid result (null main_score included)', () => {
    expect(taskResultProblem(good)).toBeUndefined();
    expect(taskResultProblem({ ...good, scores: { test: [{ main_score: null, hf_subset: 'x', languages: [] }] } })).toBeUndefined();
  });

  it('a corrupt checkpoint or result is ignored with a warning naming the file, and the task is computed again', async () => {
    const out = mkdtempSync(join(tmpdir(), 'validate-'));
    const model = await getModel('lexical');
    const task = getTask('DemoSTS');
    const clean = await evaluate(model, [task], { outputFolder: join(out, 'clean'), warn: () => {} });
    const store = new ResultStore(join(out, 'bad'), model.name, model.revision);
    mkdirSync(join(store.folder, '.partial'), { recursive: true });
    // The faults seen: scores.test a string (its "g" once reached the final file), scores.test null.
    writeFileSync(store.partialPath('DemoSTS'), JSON.stringify({ ...good, scores: { test: 'garbage' } }));
    writeFileSync(store.finalPath('DemoSTS'), JSON.stringify({ ...good, scores: { test: null } }));
    const warnings: string[] = [];
    const again = await evaluate(model, [task], { outputFolder: join(out, 'bad'), warn: (m) => warnings.push(m) });
    expect(again.failures).toEqual([]);
    expect(warnings.some((w) => w.includes(store.partialPath('DemoSTS')) && /scores.test is not a list/.test(w))).toBe(true);
    expect(warnings.some((w) => w.includes(store.finalPath('DemoSTS')))).toBe(true);
    const written = JSON.parse(readFileSync(store.finalPath('DemoSTS'), 'utf8'));
    expect(written.scores).toEqual(JSON.parse(readFileSync(join(clean.folder!, 'DemoSTS.json'), 'utf8')).scores);
  });
});
