import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../../tasks/catalog/benchmarks.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import { tasks as demo } from '../../../tasks/demo/clustering.js';
import { tasks as allDemo } from '../../../tasks/demo/tasks.js';
import { loadEvaluator } from '../../../tasks/types/index.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';
import { hashEmbedAll } from './clustering-hash-embed.js';

describe('DemoClustering', () => {
  const t = demo[0]!;

  it('is registered as a demo task and in the demo benchmark', () => {
    expect(allDemo.map((x) => x.name)).toContain('DemoClustering');
    expect(BENCHMARKS.find((b) => b.name === 'demo')!.tasks).toContain('DemoClustering');
    expect(t.inline!.default!.test!).toHaveLength(32);
  });

  it('runs through the evaluator registry to v_measure/ami with 10 bootstrap runs', async () => {
    const mod = await loadEvaluator(t);
    const load = testLoadContext(t, 'test', 'default', async (config, split) => inMemoryRows(t.inline![config]![split]!));
    const data = await mod.load(load);
    const scores = await mod.evaluate(
      data,
      testEvalContext(
        t,
        'test',
        'default',
        functionEncoder((x) => hashEmbedAll(x)),
      ),
    );
    const v = scores['v_measure'] as number;
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThanOrEqual(1);
    expect((scores['v_measures'] as Record<string, number[]>)['Level 0']).toHaveLength(10);
    expect(Number.isFinite(scores['ami'] as number)).toBe(true);
  });
});
