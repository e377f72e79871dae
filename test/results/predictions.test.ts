import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { perQueryPath, predictionsPath, readPerQuery, readPerSample, readPredictions, savePredictions } from '../../results/predictions.js';
import { ResultFileError } from '../../results/read.js';

describe('savePredictions (mteb prediction-folder layout)', () => {
  it('writes {mteb_model_meta, subset: {split: run}} and merges further subsets/splits atomically', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-pred-'));
    const f = savePredictions(dir, {
      task: 'SciFact',
      model: 'org/m',
      revision: 'abc',
      split: 'test',
      subset: 'default',
      predictions: { q1: { d1: 0.5, d2: 0.25 } },
    });
    expect(f).toBe(predictionsPath(dir, 'SciFact'));
    expect(path.basename(f)).toBe('SciFact_predictions.json');
    savePredictions(dir, { task: 'SciFact', model: 'org/m', revision: 'abc', split: 'dev', subset: 'default', predictions: { q2: { d3: 1 } } });
    savePredictions(dir, { task: 'SciFact', model: 'org/m', revision: 'abc', split: 'test', subset: 'fr', predictions: { q9: {} } });
    const raw = JSON.parse(readFileSync(f, 'utf8'));
    // same shape as mteb's AbsTask._save_task_predictions
    expect(raw).toEqual({
      mteb_model_meta: { model_name: 'org/m', revision: 'abc' },
      default: { test: { q1: { d1: 0.5, d2: 0.25 } }, dev: { q2: { d3: 1 } } },
      fr: { test: { q9: {} } },
    });
    expect(readdirSync(dir).filter((x) => x.endsWith('.tmp'))).toEqual([]); // no temp files left behind
    const runs = readPredictions(f);
    expect([...runs.keys()].sort()).toEqual(['dev\u0000default', 'test\u0000default', 'test\u0000fr']);
    expect(runs.get('test\u0000default')).toEqual({ q1: { d1: 0.5, d2: 0.25 } });
  });
  it('per-query sidecar, split-first layout, and bad files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-pred-'));
    savePredictions(dir, {
      task: 'NFCorpus',
      model: 'm',
      split: 'test',
      subset: 'default',
      predictions: {},
      perQuery: { metric: 'ndcg_at_10', values: { a: 1, b: Number.NaN } },
    });
    const pq = readPerQuery(perQueryPath(dir, 'NFCorpus'));
    expect(pq.metric).toBe('ndcg_at_10');
    expect(pq.values.get('test\u0000default')!.a).toBe(1);
    expect(Number.isNaN(pq.values.get('test\u0000default')!.b)).toBe(true); // NaN written as a Python literal and read back
    const alt = path.join(dir, 'X_predictions.json');
    writeFileSync(alt, JSON.stringify({ test: { default: { q: { d: 1 } } } }));
    expect(readPredictions(alt).get('test\u0000default')).toEqual({ q: { d: 1 } });
    writeFileSync(alt, '{"test": {');
    expect(() => readPredictions(alt)).toThrow(ResultFileError);
    expect(() => readPredictions(alt)).toThrow(/X_predictions\.json/);
  });
});

describe('readPerSample: multilabel_f1 sidecars', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-ps-ml-'));
  const write = (v: unknown) => {
    const f = path.join(dir, 'Ml_per_sample.json');
    writeFileSync(f, JSON.stringify({ mteb_model_meta: {}, default: { test: v } }));
    return f;
  };
  const ok = { statistic: 'multilabel_f1', metric: 'f1', unit: 'example', columns: 3, gold: [[0, 2], []], preds: [[[0], [1]]] };

  it('reads positive columns per row, truth and one list per experiment', () => {
    expect(readPerSample(write(ok)).get('test\u0000default')).toEqual(ok);
  });
  it('refuses columns out of range, repeated columns and row counts that differ, naming the file', () => {
    expect(() => readPerSample(write({ ...ok, gold: [[0, 3], []] }))).toThrow(/"gold"\[0\] must list distinct label columns in \[0, 3\)/);
    expect(() => readPerSample(write({ ...ok, preds: [[[1, 1], []]] }))).toThrow(/"preds"\[0\]\[0\] must list distinct/);
    expect(() => readPerSample(write({ ...ok, preds: [[[0]]] }))).toThrow(/"preds"\[0\] has 1 rows but "gold" 2/);
    expect(() => readPerSample(write({ ...ok, columns: 0 }))).toThrow(/Ml_per_sample\.json/);
  });
});
