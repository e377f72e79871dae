import { describe, expect, it } from 'vitest';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import { tasks as bitext } from '../../../tasks/demo/bitext-mining.js';
import { tasks as pair } from '../../../tasks/demo/pair-classification.js';
import { tasks as sts } from '../../../tasks/demo/sts.js';
import { tasks as summarization } from '../../../tasks/demo/summarization.js';
import { tasks as allDemo } from '../../../tasks/demo/tasks.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import { loadEvaluator } from '../../../tasks/types/index.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';
import { hashEmbed } from '../../helpers/hash-embeddings.js';

const demos: TaskMetadata[] = [...sts, ...pair, ...bitext, ...summarization];

describe('demo tasks for STS, pair classification, bitext mining, summarization', () => {
  it('are registered in tasks/demo/tasks.ts with origin demo and inline rows', () => {
    const names = allDemo.map((t) => t.name);
    for (const t of demos) {
      expect(names).toContain(t.name);
      expect(t.origin).toBe('demo');
      expect(t.dataset).toEqual({ path: `demo/${t.name}`, revision: 'v1' });
      for (const subset of Object.keys(t.subsets)) expect(t.inline?.[subset]?.test?.length ?? t.inline?.default?.test?.length).toBeGreaterThan(0);
    }
  });

  for (const t of demos) {
    it(`${t.name} evaluates every subset to a finite main score (hash embeddings)`, async () => {
      const mod = await loadEvaluator(t);
      for (const subset of Object.keys(t.subsets)) {
        const load = testLoadContext(t, 'test', subset, async (config, split) => inMemoryRows(t.inline![config]![split]!));
        const data = await mod.load(load);
        const scores = await mod.evaluate(
          data,
          testEvalContext(
            t,
            'test',
            subset,
            functionEncoder((x) => hashEmbed(x)),
          ),
        );
        const main = scores[t.mainScore] as number;
        expect(Number.isFinite(main), `${t.name}/${subset} ${t.mainScore}=${main}`).toBe(true);
        expect(Math.abs(main)).toBeLessThanOrEqual(1);
      }
    });
  }
});
