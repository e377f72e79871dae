import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../core/errors.js';
import { fromRows } from '../../../core/matrix.js';
import { tasks } from '../../../tasks/catalog/bitext-mining.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import bitext from '../../../tasks/types/bitext-mining.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';

const tatoeba = tasks.find((t) => t.name === 'Tatoeba')!;
const bucc = tasks.find((t) => t.name === 'BUCC')!;
const VEC: Record<string, number[]> = { q0: [1, 0], q1: [0, 1], q2: [1, 1], q3: [1, 0.1], c0: [1, 0], c1: [0, 1], c2: [1, 0.9], c3: [-1, 0] };

async function run(task: TaskMetadata, rows: Record<string, unknown>[], subset = 'deu-eng') {
  const data = await bitext.load(testLoadContext(task, 'test', subset, async () => inMemoryRows(rows, 'bitext.jsonl')));
  const enc = functionEncoder((x) => fromRows(x.map((k) => VEC[k]!)));
  return bitext.evaluate(data, testEvalContext(task, 'test', subset, enc));
}

describe('BitextMining evaluator', () => {
  it('top-1 cosine + sklearn weighted scores (gold i <-> i)', async () => {
    const rows = [0, 1, 2, 3].map((i) => ({ sentence1: `q${i}`, sentence2: `c${i}` }));
    const s = await run(tatoeba, rows);
    // predictions: q0->c0, q1->c1, q2->c2, q3->c0 (cos .995 vs c2 .77)
    // sklearn: precision_score([0,1,2,3],[0,1,2,0],average="weighted",zero_division=0) = 0.625,
    // recall = accuracy = 0.75, f1 = 0.6666666666666666
    expect(Object.keys(s)).toEqual(['precision', 'recall', 'f1', 'accuracy']);
    expect(s.precision).toBeCloseTo(0.625, 14);
    expect(s.recall).toBeCloseTo(0.75, 14);
    expect(s.f1).toBeCloseTo(0.6666666666666666, 14);
    expect(s.accuracy).toBe(0.75);
  });

  it('BUCC gold: 1-based (i, j) pairs select queries and give labels', async () => {
    // queries = sentence1[i-1] for (i, j) in gold: q2, q0, q1 ; labels j-1: 2, 0, 3
    const rows = [
      {
        sentence1: ['q0', 'q1', 'q2'],
        sentence2: ['c0', 'c1', 'c2', 'c3'],
        gold: [
          [3, 3],
          [1, 1],
          [2, 4],
        ],
      },
    ];
    const s = await run(bucc, rows, 'de-en');
    // predictions q2->c2, q0->c0, q1->c1 -> labels [2,0,3] vs preds [2,0,1]
    // sklearn weighted: precision 0.6666666666666666, recall 0.6666666666666666, f1 0.6666666666666666
    expect(s.accuracy).toBeCloseTo(2 / 3, 14);
    expect(s.precision).toBeCloseTo(2 / 3, 14);
    expect(s.f1).toBeCloseTo(2 / 3, 14);
  });

  it('bad rows are DatasetErrors', async () => {
    await expect(run(tatoeba, [{ sentence1: 'q0', sentence2: 'c0' }, { sentence1: 'q1' }])).rejects.toThrow(
      /missing column "sentence2".*file bitext\.jsonl, row 1/,
    );
    const err = await run(bucc, [{ sentence1: ['q0'], sentence2: ['c0'], gold: [[1, 5]] }], 'de-en').catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
  });

  it('catalog: Tatoeba has 112 xxx-eng subsets with two languages each, fast-loaded', () => {
    expect(Object.keys(tatoeba.subsets)).toHaveLength(112);
    expect(tatoeba.subsets['afr-eng']).toEqual(['afr-Latn', 'eng-Latn']);
    expect(tatoeba.fastLoad).toBe(true);
    expect(tatoeba.mainScore).toBe('f1');
  });
});
