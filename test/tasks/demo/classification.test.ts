import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../../tasks/catalog/benchmarks.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import { tasks as demo } from '../../../tasks/demo/classification.js';
import { tasks as allDemo } from '../../../tasks/demo/tasks.js';
import { loadEvaluator } from '../../../tasks/types/index.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';
import { hashEmbed } from '../../helpers/hash-embeddings.js';

describe('DemoClassification', () => {
  const task = demo[0]!;

  it('is a registered demo task in the demo benchmark, with balanced inline train/test rows', () => {
    expect(allDemo.map((t) => t.name)).toContain('DemoClassification');
    expect(BENCHMARKS.find((b) => b.name === 'demo')!.tasks).toContain('DemoClassification');
    expect(task.origin).toBe('demo');
    const count = (rows: Record<string, unknown>[]) => {
      const c = new Map<unknown, number>();
      for (const r of rows) c.set(r.label, (c.get(r.label) ?? 0) + 1);
      return [...c.values()];
    };
    expect(count(task.inline!.default!.train!)).toEqual([8, 8, 8, 8]);
    expect(count(task.inline!.default!.test!)).toEqual([4, 4, 4, 4]);
  });

  it('evaluates to a finite accuracy with 10 experiments (hash embeddings)', async () => {
    const mod = await loadEvaluator(task);
    const data = await mod.load(testLoadContext(task, 'test', 'default', async (c, s) => inMemoryRows(task.inline![c]![s]!)));
    const scores = await mod.evaluate(
      data,
      testEvalContext(
        task,
        'test',
        'default',
        functionEncoder((x) => hashEmbed(x, 128)),
      ),
    );
    expect(scores.accuracy as number).toBeGreaterThan(0.25);
    expect(scores.accuracy as number).toBeLessThanOrEqual(1);
    expect((scores.scores_per_experiment as unknown[]).length).toBe(10);
  });
});
