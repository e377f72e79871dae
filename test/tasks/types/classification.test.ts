import { describe, expect, it } from 'vitest';
import { EvaluationError } from '../../../core/errors.js';
import type { Matrix } from '../../../core/matrix.js';
import { checkedEncoder } from '../../../runners/checked-encoder.js';
import { tasks } from '../../../tasks/catalog/classification.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import classification, { type ClassificationData, kFoldSplits, undersampleExperiments } from '../../../tasks/types/classification.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';
import { hashEmbed } from '../../helpers/hash-embeddings.js';

/**
 * Printed by `/usr/bin/python3 scripts/reference/classification_sampling.py` (numpy 1.24.2, scikit-learn
 * 1.2.1): mteb's undersampling walk, sklearn KFold(5, shuffle, 42), and mteb's algorithm end to end on
 * a small string-labelled dataset (plain and cross-validated) with sklearn's LogisticRegression.
 */
const REF = {
  labels: [0, 2, 3, 2, 3, 1, 3, 1, 3, 1, 3, 0, 3, 0, 2, 0, 2, 3, 2, 3, 1, 3, 1, 3, 1, 3, 0, 3, 0, 2, 0, 2, 3, 2, 3, 1, 4, 1, 3, 1],
  experiments: [
    [19, 16, 15, 26, 4, 12, 37, 39, 9, 13, 31, 33, 36],
    [33, 17, 8, 30, 4, 13, 14, 36, 37, 31, 39, 24, 11],
    [22, 24, 39, 23, 4, 31, 34, 28, 14, 15, 0, 33, 36],
  ],
  kfold: [
    { train: [1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 16, 18, 19, 20, 21, 22], test: [0, 8, 9, 15, 17] },
    { train: [0, 3, 4, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22], test: [1, 2, 5, 12, 13] },
    { train: [0, 1, 2, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 19, 21, 22], test: [3, 4, 11, 18, 20] },
    { train: [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20], test: [7, 16, 21, 22] },
    { train: [0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 20, 21, 22], test: [6, 10, 14, 19] },
  ],
  small_eval: {
    accuracy: 0.7200000000000001,
    f1: 0.7213919048082766,
    per_experiment: [
      0.7333333333333333, 0.7777777777777778, 0.6666666666666666, 0.7777777777777778, 0.7111111111111111, 0.5555555555555556, 0.8444444444444444,
      0.7555555555555555, 0.6444444444444445, 0.7333333333333333,
    ],
  },
  small_cv: {
    accuracy: 0.7111111111111111,
    f1: 0.68379976290193,
    per_experiment: [0.6111111111111112, 0.9444444444444444, 0.6111111111111112, 0.5, 0.8888888888888888],
  },
} as const;

const WORDS = ['apple', 'river', 'stone', 'cloud', 'green', 'quick', 'table', 'light', 'music', 'paper', 'north'];
const NAMES = ['sports', 'Weather', 'art'];
function texts(n: number, offset: number): { texts: string[]; labels: string[] } {
  const out: string[] = [];
  const labels: string[] = [];
  for (let i = offset; i < offset + n; i++) {
    const c = (i * 5 + Math.floor(i / 4)) % 3;
    out.push(
      [WORDS[(i * 3 + c) % 11], WORDS[(i * i + 2 * c) % 11], WORDS[(c * 4 + Math.floor(i / 2)) % 11], i % 4 ? NAMES[c] : WORDS[i % 11]].join(' '),
    );
    labels.push(NAMES[c]!);
  }
  return { texts: out, labels };
}

function normalizedHash(dim: number) {
  return (t: string[]): Matrix => {
    const m = hashEmbed(t, dim);
    for (let r = 0; r < m.rows; r++) {
      let ss = 0;
      for (let j = 0; j < dim; j++) ss += m.data[r * dim + j]! ** 2;
      const norm = Math.sqrt(ss);
      if (norm > 0) for (let j = 0; j < dim; j++) m.data[r * dim + j] = m.data[r * dim + j]! / norm;
    }
    return m;
  };
}

const TASK: TaskMetadata = {
  name: 'TestClassification',
  type: 'Classification',
  description: 'test',
  dataset: { path: 'test/none', revision: 'x' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'accuracy',
  params: { samples_per_label: 4, n_experiments: 10 },
};

/** The references come from scikit-learn 1.2.1. */
const SKLEARN_12 = { sklearnVersion: '1.2.1' };

describe('classification sampling', () => {
  it('undersampling walks a cumulatively RandomState(42)-shuffled index list', () => {
    const exps = undersampleExperiments([...REF.labels], 3, 3);
    expect(exps).toEqual(REF.experiments);
    // label 4 has a single row: it is taken in every experiment (fewer than samples_per_label)
    for (const e of exps) expect(e.filter((i) => REF.labels[i] === 4)).toEqual([36]);
  });

  it('KFold(5, shuffle=True, random_state=42) like sklearn', () => {
    expect(kFoldSplits(23, 5)).toEqual(REF.kfold);
    expect(() => kFoldSplits(3, 5)).toThrow(EvaluationError);
  });
});

describe('classification evaluator', () => {
  const train = texts(90, 0);
  const ev = texts(45, 1000);
  const data: ClassificationData = { train, eval: ev, crossValidation: false };

  it('matches mteb + sklearn end to end with string labels (all keys, 10 experiments)', async () => {
    const preds: unknown[] = [];
    const ctx = testEvalContext(TASK, 'test', 'default', functionEncoder(normalizedHash(32)), SKLEARN_12);
    ctx.savePredictions = (p) => preds.push(p);
    const s = await classification.evaluate(data, ctx);
    expect(Object.keys(s)).toEqual([
      'scores_per_experiment',
      'accuracy',
      'f1',
      'f1_weighted',
      'precision',
      'precision_weighted',
      'recall',
      'recall_weighted',
      'ap',
      'ap_weighted',
    ]);
    expect(s.accuracy).toBeCloseTo(REF.small_eval.accuracy, 12);
    expect(s.f1).toBeCloseTo(REF.small_eval.f1, 12);
    expect((s.scores_per_experiment as { accuracy: number }[]).map((e) => e.accuracy)).toEqual(REF.small_eval.per_experiment);
    expect(Number.isNaN(s.ap)).toBe(true); // 3 classes: ap is None in every experiment -> NaN
    expect((preds[0] as string[][]).length).toBe(10);
    expect((preds[0] as string[][])[0]!.every((p) => NAMES.includes(p))).toBe(true);
    // the union of the experiments' training rows is encoded once (sorted), then the eval split once
    expect(ctx.phases).toEqual(['Encoding train samples', 'Encoding eval samples', 'Fitting classifiers']);
  });

  it('cross-validation variant matches mteb + sklearn (KFold 5, carried index list)', async () => {
    const task = { ...TASK, params: { ...TASK.params, is_cross_validation: true } };
    const rows = train.texts.map((text, i) => ({ text, label: train.labels[i] }));
    const loaded = await classification.load(testLoadContext(task, 'train', 'default', async () => inMemoryRows(rows)));
    expect(loaded.crossValidation).toBe(true);
    const s = await classification.evaluate(loaded, testEvalContext(task, 'train', 'default', functionEncoder(normalizedHash(32)), SKLEARN_12));
    expect(s.accuracy).toBeCloseTo(REF.small_cv.accuracy, 12);
    expect(s.f1).toBeCloseTo(REF.small_cv.f1, 12);
    expect((s.scores_per_experiment as unknown[]).length).toBe(5);
    // mteb refuses cross-validation on a split other than the training split
    await expect(classification.load(testLoadContext(task, 'test', 'default', async () => inMemoryRows(rows)))).rejects.toThrow(
      /cross-validation runs on the training split/,
    );
  });

  it('binary labels report ap = ap_weighted (hard-label average precision)', async () => {
    const bin: ClassificationData = {
      train: { texts: train.texts, labels: train.labels.map((l) => (l === 'art' ? 1 : 0)) },
      eval: { texts: ev.texts, labels: ev.labels.map((l) => (l === 'art' ? 1 : 0)) },
      crossValidation: false,
    };
    const s = await classification.evaluate(bin, testEvalContext(TASK, 'test', 'default', functionEncoder(normalizedHash(32))));
    expect(s.ap).toBeGreaterThan(0);
    expect(s.ap).toBe(s.ap_weighted);
  });

  it('errors: a single training class, NaN embeddings; logs: rare labels and labels missing from train', async () => {
    const one: ClassificationData = { train: { texts: ['a', 'b'], labels: [1, 1] }, eval: { texts: ['c'], labels: [1] }, crossValidation: false };
    await expect(classification.evaluate(one, testEvalContext(TASK, 'test', 'default', functionEncoder(normalizedHash(8))))).rejects.toThrow(
      /single class/,
    );
    // As the runner gives it: the checked encoder refuses NaN before the evaluator sees it.
    const nanEnc = checkedEncoder(functionEncoder((t) => ({ rows: t.length, cols: 2, data: new Float32Array(t.length * 2).fill(NaN) })));
    await expect(classification.evaluate(data, testEvalContext(TASK, 'test', 'default', nanEnc))).rejects.toThrow(
      /embedding of text #0 contains NaN.*task TestClassification/s,
    );
    const logs: string[] = [];
    const ctx = testEvalContext(TASK, 'test', 'default', functionEncoder(normalizedHash(16)));
    ctx.log = (m) => logs.push(m);
    const odd: ClassificationData = {
      train: { texts: ['x y', 'y z', 'z w', 'w x', 'q'], labels: ['a', 'a', 'b', 'b', 'c'] },
      eval: { texts: ['x', 'y', 'z'], labels: ['a', 'b', 'd'] },
      crossValidation: false,
    };
    const s = await classification.evaluate(odd, ctx);
    expect(logs.join('\n')).toMatch(/fewer than samples_per_label=4/);
    expect(logs.join('\n')).toMatch(/never occur in the training split.*"d"/);
    expect(s.accuracy as number).toBeLessThanOrEqual(2 / 3 + 1e-12); // "d" can never be predicted
  });

  it('load applies stratified_subsampling to the listed splits only (HF train_test_split, seed 42)', async () => {
    const task = { ...TASK, params: { ...TASK.params, stratified_subsampling: { splits: ['test'], n_samples: 2048 } } };
    const rows = Array.from({ length: 3001 }, (_, i) => ({ text: `t${i}`, label: Number(i % 7 === 0) }));
    const loaded = await classification.load(testLoadContext(task, 'test', 'default', async () => inMemoryRows(rows)));
    expect(loaded.train.texts.length).toBe(3001);
    expect(loaded.eval.texts.length).toBe(2048);
    // first rows of the reference split printed by scripts/reference/stratified_split.py ("strat_binary")
    expect(loaded.eval.texts.slice(0, 8)).toEqual([947, 392, 84, 2794, 2512, 138, 15, 1832].map((i) => `t${i}`));
  });

  it('load reads text/label columns and names the file and row of a bad label', async () => {
    const rows = [
      { text: 'ok', label: 3 },
      { text: 'bad', label: null },
    ];
    await expect(classification.load(testLoadContext(TASK, 'test', 'default', async () => inMemoryRows(rows, 'x.jsonl')))).rejects.toThrow(
      /column "label" must be an integer or string label.*file x.jsonl, row 1/s,
    );
  });
});

describe('classification catalog', () => {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  it('has every classification task of MTEB(eng, v1) and MTEB(eng, v2)', () => {
    for (const n of [
      'AmazonCounterfactualClassification',
      'AmazonPolarityClassification',
      'AmazonReviewsClassification',
      'Banking77Classification',
      'EmotionClassification',
      'ImdbClassification',
      'MassiveIntentClassification',
      'MassiveScenarioClassification',
      'MTOPDomainClassification',
      'MTOPIntentClassification',
      'ToxicConversationsClassification',
      'TweetSentimentExtractionClassification',
    ]) {
      expect(byName.get(n)?.type, n).toBe('Classification');
    }
  });
  it('carries mteb parameters', () => {
    const ac = byName.get('AmazonCounterfactualClassification')!;
    expect(Object.keys(ac.subsets)).toEqual(['en-ext', 'en', 'de', 'ja']);
    expect(ac.evalSplits).toEqual(['validation', 'test']);
    expect(ac.params?.samples_per_label).toBe(32);
    expect(byName.get('EmotionClassification')!.params?.samples_per_label).toBe(16);
    expect(byName.get('Banking77Classification')!.params?.samples_per_label).toBe(8);
    expect(byName.get('ToxicConversationsClassification')!.params?.stratified_subsampling).toEqual({ splits: ['test'], n_samples: 2048 });
    expect(Object.keys(byName.get('MassiveIntentClassification')!.subsets)).toHaveLength(51);
    expect(byName.get('MassiveIntentClassification')!.fastLoad).toBe(true);
    for (const t of tasks) expect(t.dataset.revision, t.name).toMatch(/^[0-9a-f]{40}$/);
  });
});
