import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../../results/schema.js';
import { roundScores, serializeResult } from '../../results/write.js';

describe('result writer', () => {
  it('rounds floats to 6 decimals like Python round(x, 6), recursively', () => {
    // Python: round(0.123456789, 6) = 0.123457; round(-0.0000004, 6) = -0.0; round(2.5e-7, 6) = 0.0
    expect(roundScores({ a: 0.123456789, b: [0.9999996, { c: -4e-7 }], d: 3, e: 'x' })).toEqual({ a: 0.123457, b: [1, { c: -0 }], d: 3, e: 'x' });
    expect(roundScores(2.5e-7)).toBe(0);
    expect(roundScores(0.0000015)).toBe(0.000002); // 1.5e-6 is stored slightly above 1.5e-6
  });
  it('writes strict JSON: NaN and Infinity become null', () => {
    const r: TaskResult = {
      dataset_revision: 'abc',
      task_name: 'T',
      mteb_version: '2.20.0',
      scores: { test: [{ main_score: 0.5, ap: NaN, x: Infinity, hf_subset: 'default', languages: ['eng-Latn'] }] },
      evaluation_time: 1.5,
      kg_co2_emissions: null,
      date: 1,
      evaluation_phases: null,
    };
    const s = serializeResult(r);
    expect(() => JSON.parse(s)).not.toThrow();
    expect(JSON.parse(s).scores.test[0]).toMatchObject({ ap: null, x: null, main_score: 0.5 });
    expect(Object.keys(JSON.parse(s))).toEqual([
      'dataset_revision',
      'task_name',
      'mteb_version',
      'scores',
      'evaluation_time',
      'kg_co2_emissions',
      'date',
      'evaluation_phases',
    ]);
  });
});
