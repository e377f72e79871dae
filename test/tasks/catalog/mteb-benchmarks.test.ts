import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getBenchmark, getBenchmarkTasks, getTask } from '../../../tasks/registry.js';

/**
 * Every benchmark's tasks, splits and hf_subsets against mteb 2.20's own selection: the fixture is written by
 * scripts/catalog/benchmark-expectations.py from mteb's benchmark definitions with mteb's LanguageScripts class.
 */
type Subsets = string[] | { count: number; sha1: string };
const expected = JSON.parse(readFileSync(new URL('../../fixtures/catalog/benchmark-selection.json', import.meta.url), 'utf8')) as Record<
  string,
  { name: string; eval_splits: string[]; subsets: Subsets }[]
>;

function asFixture(subsets: string[]): Subsets {
  return subsets.length <= 100 ? subsets : { count: subsets.length, sha1: createHash('sha1').update(subsets.join('\n')).digest('hex') };
}

describe('benchmarks select what mteb 2.20 selects', () => {
  for (const [name, rows] of Object.entries(expected)) {
    it(name, () => {
      const got = getBenchmarkTasks(getBenchmark(name)).map((t) => ({
        name: t.name,
        eval_splits: t.evalSplits,
        subsets: asFixture(Object.keys(t.subsets)),
      }));
      expect(got).toEqual(rows);
    });
  }

  it('MTEB(Multilingual, v2) has 131 tasks, MTEB(Europe, v1) 73, BEIR 15 with CQADupstack as one', () => {
    expect(getBenchmark('MTEB(Multilingual, v2)').tasks).toHaveLength(131);
    expect(getBenchmark('MMTEB').name).toBe('MTEB(Multilingual, v2)');
    expect(getBenchmark('MTEB(Europe, v1)').tasks).toHaveLength(73);
    expect(getBenchmark('BEIR').tasks).toHaveLength(15);
    expect(getBenchmark('BEIR').aggregates?.CQADupstackRetrieval).toHaveLength(12);
    expect(getBenchmark('MTEB(Multilingual, v1)').supersededBy).toBe('MTEB(Multilingual, v2)');
  });

  it('every superseded_by link points at a task of the catalog', () => {
    const names = getBenchmark('MTEB(Multilingual, v2)').tasks.concat(getBenchmark('MTEB(eng, v2)').tasks);
    for (const n of names) {
      const t = getTask(n);
      if (t.supersededBy) expect(() => getTask(t.supersededBy!), `${n} -> ${t.supersededBy}`).not.toThrow();
    }
  });
});
