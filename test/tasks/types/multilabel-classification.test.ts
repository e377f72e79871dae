import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../core/matrix.js';
import type { MultiLabel } from '../../../metrics/multilabel-binarizer.js';
import { NumpyGenerator } from '../../../metrics/stratified-split.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import multilabel, { type MultilabelData, undersampleMultilabel } from '../../../tasks/types/multilabel-classification.js';
import { functionEncoder, testEvalContext } from '../../helpers/eval-context.js';

/**
 * PARITY on synthetic data: the evaluator against mteb v2's AbsTaskMultilabelClassification re-stated with
 * numpy's default_rng(42) and scikit-learn (scripts/reference/multilabel_reference.py, sklearn 1.2.1,
 * numpy 1.24.2): two subsets evaluated in turn by one task run (the Generator runs on), integer and string
 * labels, rows without labels, small-integer vectors full of exact distance ties.
 */
interface RefSubset {
  y_train: MultiLabel[][];
  y_eval: MultiLabel[][];
  X_train: number[][];
  X_eval: number[][];
  samples: number[][];
  classes: MultiLabel[];
  scores_per_experiment: Record<string, number>[];
  [key: string]: unknown;
}
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/multilabel-reference.json'), 'utf8')) as {
  evaluator: { n_experiments: number; samples_per_label: number; subsets: RefSubset[] };
};

const task = (params: Record<string, unknown>): TaskMetadata => ({
  name: 'SyntheticMultilabel',
  type: 'MultilabelClassification' as TaskMetadata['type'],
  description: '',
  dataset: { path: 'local/synthetic', revision: 'x' },
  evalSplits: ['test'],
  subsets: { a: ['eng-Latn'], b: ['eng-Latn'] },
  mainScore: 'accuracy',
  params,
});

describe('numpy Generator.shuffle as mteb uses it', () => {
  it('test vectors of numpy default_rng(42) (mteb/abstasks/multilabel_classification.py)', () => {
    expect(new NumpyGenerator(42).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
    const g = new NumpyGenerator(42);
    const fresh = () => [0, 1, 2, 3, 4, 5, 6, 7];
    expect([g.shuffle(fresh()), g.shuffle(fresh()), g.shuffle(fresh())]).toEqual([
      [3, 4, 2, 7, 6, 1, 5, 0],
      [0, 2, 7, 1, 4, 5, 3, 6],
      [5, 7, 2, 4, 1, 6, 3, 0],
    ]);
  });

  it("the spec's walk example (§14.7): any label under quota keeps the row, empty rows never", () => {
    const g = new NumpyGenerator(42);
    const labels = [[0], [1], [0, 1], [], [2], [0], [2, 1], [0, 2]];
    expect(undersampleMultilabel(labels, 2, g)).toEqual([4, 2, 7, 6]);
    expect(undersampleMultilabel(labels, 2, g)).toEqual([0, 2, 7, 1, 4]);
  });
});

describe('MultilabelClassification evaluator vs mteb + scikit-learn (synthetic)', () => {
  it('undersampling: the same rows, in walk order, for all 20 experiments of both subsets', () => {
    const g = new NumpyGenerator(42);
    for (const ref of REF.evaluator.subsets) {
      for (const want of ref.samples) expect(undersampleMultilabel(ref.y_train, REF.evaluator.samples_per_label, g)).toEqual(want);
    }
  });

  it('two subsets, one task-level Generator: samples, every key, every experiment', async () => {
    const { n_experiments, samples_per_label } = REF.evaluator;
    const t = task({ n_experiments, samples_per_label });
    const state = new Map<string, unknown>();
    for (const [s, ref] of REF.evaluator.subsets.entries()) {
      const vectors = new Map<string, number[]>();
      const train = { texts: ref.X_train.map((_, i) => `train-${s}-${i}`), labels: ref.y_train };
      const ev = { texts: ref.X_eval.map((_, i) => `eval-${s}-${i}`), labels: ref.y_eval };
      ref.X_train.forEach((v, i) => vectors.set(train.texts[i]!, v));
      ref.X_eval.forEach((v, i) => vectors.set(ev.texts[i]!, v));
      const enc = functionEncoder((texts): Matrix => {
        const cols = ref.X_train[0]!.length;
        return { rows: texts.length, cols, data: Float32Array.from(texts.flatMap((x) => vectors.get(x)!)) };
      });
      const ctx = { ...testEvalContext(t, 'test', s ? 'b' : 'a', enc), state };
      let saved: unknown;
      ctx.savePredictions = (d) => (saved = d);
      const data: MultilabelData = { train, eval: ev };
      const got = (await multilabel.evaluate(data, ctx)) as Record<string, unknown>;
      expect(Object.keys(got)).toEqual(['scores_per_experiment', 'accuracy', 'lrap', 'f1', 'hamming']);
      const per = got.scores_per_experiment as Record<string, number>[];
      expect(per).toHaveLength(n_experiments);
      per.forEach((e, k) => {
        for (const key of ['accuracy', 'hamming'] as const) expect(e[key], `${s}/${k}/${key}`).toBe(ref.scores_per_experiment[k]![key]);
        for (const key of ['lrap', 'f1'] as const) expect(e[key], `${s}/${k}/${key}`).toBeCloseTo(ref.scores_per_experiment[k]![key]!, 15);
      });
      for (const key of ['accuracy', 'lrap', 'f1', 'hamming']) expect(got[key] as number, key).toBeCloseTo(ref[key] as number, 15);
      // the training rows encoded are the union of every experiment's sample
      expect(enc.calls[0]!.texts).toEqual([...new Set(ref.samples.flat())].sort((a, b) => a - b).map((i) => train.texts[i]));
      expect((saved as number[][][])[0]![0]).toHaveLength(ref.classes.length);
    }
  });

  it('fails clearly when an experiment samples fewer rows than neighbours', async () => {
    const t = task({ n_experiments: 1, samples_per_label: 1 });
    const enc = functionEncoder((texts) => ({ rows: texts.length, cols: 2, data: new Float32Array(texts.length * 2) }));
    const data: MultilabelData = { train: { texts: ['a', 'b', 'c'], labels: [[1], [2], []] }, eval: { texts: ['x'], labels: [[1]] } };
    await expect(multilabel.evaluate(data, testEvalContext(t, 'test', 'a', enc))).rejects.toThrow(/fewer than n_neighbors = 5/);
  });
});
