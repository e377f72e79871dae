import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../core/errors.js';
import { fromRows } from '../../../core/matrix.js';
import { tasks } from '../../../tasks/catalog/pair-classification.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import pair, { expandSingleRow } from '../../../tasks/types/pair-classification.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';

const task: TaskMetadata = { ...tasks.find((t) => t.name === 'TwitterURLCorpus')!, name: 'TinyPairs' };
const VEC: Record<string, number[]> = { a: [1, 0], b: [0, 1], c: [1, 1], d: [2, 0], e: [-1, 0.5] };
const s1 = ['a', 'a', 'b', 'a', 'a', 'c'];
const s2 = ['d', 'c', 'c', 'b', 'e', 'c'];
const labels = [1, 1, 0, 0, 0, 1];

async function run(rows: Record<string, unknown>[], t = task) {
  const data = await pair.load(testLoadContext(t, 'test', 'default', async () => inMemoryRows(rows, 'pairs.jsonl.gz')));
  const enc = functionEncoder((x) => fromRows(x.map((k) => VEC[k]!)));
  return { scores: await pair.evaluate(data, testEvalContext(t, 'test', 'default', enc)), enc };
}

describe('PairClassification evaluator', () => {
  it('1-row list split with sent1/sent2 is expanded and renamed; keys and values match sklearn', async () => {
    const { scores, enc } = await run([{ sent1: s1, sent2: s2, labels }]);
    const names = ['similarity', 'cosine', 'manhattan', 'euclidean', 'dot'];
    const metrics = ['accuracy', 'f1', 'precision', 'recall', 'ap'];
    expect(Object.keys(scores)).toEqual([...names.flatMap((n) => metrics.map((m) => `${n}_${m}`)), ...metrics.map((m) => `max_${m}`)]);
    expect(enc.calls.map((c) => c.texts)).toEqual([s1, s2]);
    // scripts/reference/metrics_small.py's mteb transcription + sklearn average_precision_score on these vectors:
    // cosine/dot: acc 1, f1 1, p 1, r 1, ap 0.9166666666666666 (the tie at cos 0.7071 is grouped);
    // manhattan/euclidean: acc 1, f1 1, ap 0.8333333333333333.
    expect(scores.cosine_accuracy).toBe(1);
    expect(scores.cosine_ap).toBeCloseTo(0.9166666666666666, 12);
    expect(scores.dot_ap).toBeCloseTo(0.9166666666666666, 12);
    expect(scores.manhattan_ap).toBeCloseTo(0.8333333333333333, 12);
    expect(scores.euclidean_ap).toBeCloseTo(0.8333333333333333, 12);
    expect(scores.similarity_ap).toBe(scores.cosine_ap);
    expect(scores.max_ap).toBeCloseTo(0.9166666666666666, 12);
    expect(scores.max_f1).toBe(1);
  });

  it('row-per-pair data loads too', async () => {
    const rows = s1.map((a, i) => ({ sentence1: a, sentence2: s2[i], labels: labels[i] }));
    const { scores } = await run(rows, { ...task, params: {} });
    expect(scores.cosine_ap).toBeCloseTo(0.9166666666666666, 12);
  });

  it('bad labels and missing columns are DatasetErrors with file and row', async () => {
    const rows = s1.map((a, i) => ({ sentence1: a, sentence2: s2[i], labels: labels[i] })) as Record<string, unknown>[];
    rows[4]!.labels = 2;
    const err = await run(rows, { ...task, params: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.context).toMatchObject({ task: 'TinyPairs', file: 'pairs.jsonl.gz', row: 4 });
    // a shorter list in a 1-row split points at the source row
    await expect(run([{ sent1: s1, sent2: s2.slice(0, 5), labels }])).rejects.toThrow(/missing column "sentence2".*row 0/);
  });

  it('expandSingleRow leaves ordinary data alone', () => {
    const one = inMemoryRows([{ sentence1: 'x', sentence2: 'y', labels: 1 }]);
    expect(expandSingleRow(one)).toBe(one);
  });
});
