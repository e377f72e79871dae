import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../core/errors.js';
import { fromRows } from '../../../core/matrix.js';
import { tasks } from '../../../tasks/catalog/sts.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import sts from '../../../tasks/types/sts.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';

const task: TaskMetadata = { ...tasks.find((t) => t.name === 'STSBenchmark')!, name: 'TinySTS' };
const VEC: Record<string, number[]> = { a: [1, 0], b: [0, 1], c: [1, 1], d: [2, 0], e: [-1, 0.5] };
const lookup = (sim?: 'cosine' | 'dot') => functionEncoder((t) => fromRows(t.map((x) => VEC[x]!)), sim);

const rows = [
  { sentence1: 'a', sentence2: 'd', score: 5 },
  { sentence1: 'a', sentence2: 'c', score: 3.5 },
  { sentence1: 'b', sentence2: 'c', score: 4 },
  { sentence1: 'a', sentence2: 'b', score: 1 },
  { sentence1: 'a', sentence2: 'e', score: 0 },
];

async function run(r: Record<string, unknown>[], sim?: 'cosine' | 'dot', t = task) {
  const data = await sts.load(testLoadContext(t, 'test', 'default', async () => inMemoryRows(r, 'sts.jsonl')));
  const enc = lookup(sim);
  return { scores: await sts.evaluate(data, testEvalContext(t, 'test', 'default', enc)), enc };
}

describe('STS evaluator', () => {
  it('returns exactly the mteb v2 keys, encodes each column once with prompt type None', async () => {
    const { scores, enc } = await run(rows);
    expect(Object.keys(scores)).toEqual([
      'pearson',
      'spearman',
      'cosine_pearson',
      'cosine_spearman',
      'manhattan_pearson',
      'manhattan_spearman',
      'euclidean_pearson',
      'euclidean_spearman',
    ]);
    expect(enc.calls.map((c) => c.texts)).toEqual([
      ['a', 'a', 'b', 'a', 'a'],
      ['d', 'c', 'c', 'b', 'e'],
    ]);
    expect(enc.calls.every((c) => c.promptType === undefined)).toBe(true);
    // Reference (scipy 1.10.1): cos = [1, .7071068, .7071068, 0, -.8944272] vs gold/5:
    //   spearmanr([1,.7,.8,.2,0], [1,.70710677,.70710677,0,-.89442719]).statistic = 0.9746794344808964
    //   pearsonr(...)[0] = 0.9610505530272728 (cosines rounded to float32 as mteb's are)
    expect(scores.cosine_spearman).toBeCloseTo(0.9746794344808964, 12);
    expect(scores.cosine_pearson).toBeCloseTo(0.9610505530272728, 7);
    expect(scores.spearman).toBe(scores.cosine_spearman);
  });

  it("uses the model's similarity for pearson/spearman (dot)", async () => {
    const { scores } = await run(rows, 'dot');
    // dot = [2, 1, 1, 0, -1]; spearmanr([1,.7,.8,.2,0],[2,1,1,0,-1]).statistic = 0.9746794344808964
    expect(scores.spearman).toBeCloseTo(0.9746794344808964, 12);
    // pearsonr([1,.7,.8,.2,0],[2,1,1,0,-1])[0] = 0.9770486311631246
    expect(scores.pearson).toBeCloseTo(0.9770486311631246, 12);
  });

  it('min/max score params normalize gold scores (no effect on correlations)', async () => {
    const t = { ...task, params: { min_score: 1, max_score: 4 } };
    const a = await run(rows, undefined, t);
    const b = await run(rows);
    expect(a.scores.cosine_pearson).toBeCloseTo(b.scores.cosine_pearson as number, 12);
  });

  it('constant gold scores give NaN like scipy', async () => {
    const { scores } = await run(rows.map((r) => ({ ...r, score: 2 })));
    expect(scores.cosine_spearman).toBeNaN();
  });

  it('a row missing sentence2 is a DatasetError naming task, file and row', async () => {
    const bad = rows.map((r) => ({ ...r })) as Record<string, unknown>[];
    delete bad[3]!.sentence2;
    const err = await run(bad).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.context).toMatchObject({ task: 'TinySTS', file: 'sts.jsonl', row: 3, split: 'test', subset: 'default' });
    expect(err.message).toMatch(/missing column "sentence2"/);
  });

  it('a non-numeric gold score is a DatasetError', async () => {
    const bad = rows.map((r, i) => (i === 2 ? { ...r, score: 'n/a' } : r));
    await expect(run(bad)).rejects.toThrow(
      /column "score" must be a number, got "n\/a" \[task TinySTS, split test, subset default, file sts\.jsonl, row 2\]/,
    );
    await expect(run(rows.map((r, i) => (i === 1 ? { ...r, score: null } : r)))).rejects.toThrow(/got null/);
  });
});
