/**
 * The same leaderboard as leaderboard.test.ts, but with MTEB(eng, v1) taken from the task registry / catalog
 * (tasks/catalog/benchmarks.ts). Skipped with a message while the catalog cannot resolve every task yet.
 * Expected values: scripts/reference/leaderboard_reference.py (see fixtures/leaderboard-reference.ts); tasks whose
 * catalog metadata (main score, splits, subsets) differs from that script's table are listed, not compared.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateBenchmark, type BenchmarkSpec, benchmarkSpec } from '../../results/aggregate.js';
import { collectResults, joinRevisions } from '../../results/collect.js';
import { getBenchmark } from '../../tasks/registry.js';
import { RESULTS_SAMPLE_FOLDERS, RESULTS_SAMPLES } from '../helpers/shared.js';
import { ENG_V1_SPEC } from './fixtures/eng-v1.js';
import { LEADERBOARD_REFERENCE } from './fixtures/leaderboard-reference.js';

const SAMPLES = RESULTS_SAMPLES;
let spec: BenchmarkSpec | undefined;
let why = '';
try {
  spec = benchmarkSpec(getBenchmark('MTEB(eng, v1)'));
} catch (e) {
  why = (e as Error).message.split('\n')[0]!;
}
const ready = !!spec && existsSync(SAMPLES);
if (!ready) console.warn(`skipping registry-based leaderboard test: ${why || `${SAMPLES} not found`}`);

describe.skipIf(!ready)('leaderboard with MTEB(eng, v1) from the registry', () => {
  it('has the 56 tasks and matches the independent reference where the metadata agrees', () => {
    const s = spec!;
    expect(s.tasks.map((t) => t.name).sort()).toEqual(ENG_V1_SPEC.tasks.map((t) => t.name).sort());
    const folders = RESULTS_SAMPLE_FOLDERS;
    const lb = aggregateBenchmark(joinRevisions(collectResults(folders).runs), s);
    const differs: string[] = [];
    const same = (n: string) => {
      const a = s.metadata.get(n);
      const b = ENG_V1_SPEC.metadata.get(n);
      return (
        !!a &&
        !!b &&
        a.mainScore === b.mainScore &&
        JSON.stringify(a.evalSplits) === JSON.stringify(b.evalSplits) &&
        JSON.stringify(Object.keys(a.subsets)) === JSON.stringify(Object.keys(b.subsets))
      );
    };
    for (const row of lb.rows) {
      const ref = LEADERBOARD_REFERENCE[row.model]!;
      for (const [task, v] of Object.entries(ref.tasks)) {
        const members = s.aggregates[task] ?? [task];
        if (!members.every(same)) {
          differs.push(task);
          continue;
        }
        const got = row.perTask[task]!.score;
        if (v === null) expect(got, `${row.model} ${task}`).toBeNull();
        else expect(got, `${row.model} ${task}`).toBeCloseTo(v, 12);
      }
    }
    if (differs.length) console.warn(`catalog metadata differs from the reference table for: ${[...new Set(differs)].join(', ')}`);
    else {
      for (const row of lb.rows) expect(row.bordaRank).toBe(LEADERBOARD_REFERENCE[row.model]!.borda_rank);
    }
  });
});
