/**
 * Classification (mteb v2 AbsTaskClassification, mteb/abstasks/classification.py): per experiment, undersample the training pool
 * with a fresh numpy RandomState(42) shuffle applied cumulatively to the same index list, walk it keeping
 * `samples_per_label` rows per label, fit sklearn's LogisticRegression(max_iter=100) on their embeddings,
 * predict the evaluation split and score it; report the mean over experiments and every experiment.
 *
 * Behaviour on awkward data (documented, matching mteb where mteb has a behaviour):
 * - a label with fewer than samples_per_label training rows: all its rows are used (mteb does the same);
 *   logged once per subset;
 * - a label present in the evaluation split but absent from the training pool: the classifier never
 *   predicts it, so it scores 0 recall (as in mteb); logged;
 * - a training sample with a single class: EvaluationError (sklearn refuses to fit it);
 * - NaN/Inf embeddings never arrive: the runner's checked encoder (runners/checked-encoder.ts) refuses them.
 *
 * Task params and their defaults: params/classification.ts (mteb's class attributes).
 * An sklearn release < 1.3 (ctx.sklearn, from --sklearn-version) reproduces results made with scikit-learn <= 1.2
 * (summed-loss objective).
 */

import { ortDenseBackend } from '../../compute/logistic/ort-dense.js';
import { EvaluationError, withContext } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { type SklearnRelease, sklearnAtLeast } from '../../core/sklearn-release.js';
import { type ClassificationScores, classificationScores } from '../../metrics/classification-scores.js';
import { type DenseProducts, type Label, LogisticRegression, type SklearnCompat, sortedUniqueLabels } from '../../metrics/logistic-regression.js';
import { pairwiseSum64 } from '../../metrics/pairwise-sum.js';
import { NumpyRandomState } from '../../metrics/random.js';
import { stratifiedTestIndices } from '../../metrics/stratified-split.js';
import type { LoadedRows } from '../data/rows.js';
import { CLASSIFICATION_PARAMS } from '../params/classification.js';
import { resolveParams } from '../params/rules.js';
import type { TaskInfo } from '../task-info.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type PerSample, type Scores, type TaskTypeModule } from './module.js';
import { listOfLists, PredictionsMismatch } from './saved-predictions.js';

export interface LabelledTexts {
  texts: string[];
  labels: Label[];
}

export interface ClassificationData {
  /** The classifier's training pool (for cross-validation: the evaluated split itself). */
  train: LabelledTexts;
  /** The evaluated split (unused for cross-validation). */
  eval: LabelledTexts;
  crossValidation: boolean;
}

const SCORE_KEYS = [
  'accuracy',
  'f1',
  'f1_weighted',
  'precision',
  'precision_weighted',
  'recall',
  'recall_weighted',
  'ap',
  'ap_weighted',
] as const satisfies readonly (keyof ClassificationScores)[];

/** Reads text/label columns; labels may be integers, strings or booleans. */
export function readLabelledRows(
  ctx: Pick<LoadContext, 'task' | 'split' | 'subset'>,
  rows: LoadedRows,
  textColumn: string,
  labelColumn: string,
): LabelledTexts {
  const r = new RowReader(ctx, rows);
  const n = rows.rows.length;
  const out: LabelledTexts = { texts: new Array(n), labels: new Array(n) };
  for (let i = 0; i < n; i++) {
    out.texts[i] = r.string(i, textColumn);
    const v = rows.rows[i]![labelColumn];
    if (typeof v === 'number' && Number.isFinite(v)) out.labels[i] = v;
    else if (typeof v === 'string') out.labels[i] = v;
    else if (typeof v === 'boolean') out.labels[i] = v ? 1 : 0;
    else r.fail(i, `column "${labelColumn}" must be an integer or string label, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  }
  return out;
}

/** mteb's `stratified_subsampling` (HF `train_test_split(test_size=n, seed=42, stratify_by_column=label)["test"]`). */
export function applyStratifiedSubsampling(data: LabelledTexts, nSamples: number, seed = 42): LabelledTexts {
  if (data.labels.length <= nSamples) return data;
  const idx = stratifiedTestIndices(data.labels, nSamples, seed);
  return { texts: Array.from(idx, (i) => data.texts[i]!), labels: Array.from(idx, (i) => data.labels[i]!) };
}

export async function loadClassification(ctx: LoadContext): Promise<ClassificationData> {
  const p = resolveParams(CLASSIFICATION_PARAMS, ctx.task.params);
  const { input_column: textColumn, label_column: labelColumn, train_split: trainSplit, is_cross_validation: crossValidation } = p;
  // mteb's stratified_subsampling defaults: the test split, 2048 rows.
  const strat = p.stratified_subsampling && {
    splits: p.stratified_subsampling.splits ?? ['test'],
    nSamples: p.stratified_subsampling.n_samples ?? 2048,
  };
  const read = async (split: string): Promise<LabelledTexts> => {
    const rows = await ctx.loadSubsetRows(split);
    let data = readLabelledRows({ task: ctx.task, split, subset: ctx.subset }, rows, textColumn, labelColumn);
    if (strat?.splits.includes(split)) data = applyStratifiedSubsampling(data, strat.nSamples);
    return data;
  };
  if (crossValidation) {
    if (trainSplit !== ctx.split) {
      throw new EvaluationError(`cross-validation runs on the training split "${trainSplit}", but split "${ctx.split}" was requested`, {
        task: ctx.task.name,
        split: ctx.split,
        subset: ctx.subset,
      });
    }
    const all = await read(ctx.split);
    return { train: all, eval: all, crossValidation };
  }
  const train = await read(trainSplit);
  const evalData = await read(ctx.split);
  return { train, eval: evalData, crossValidation };
}

/**
 * One experiment's undersampling (mteb `_undersample_data`): shuffles `idxs` in place with a fresh
 * RandomState(seed), then keeps, in walk order, each index whose label has fewer than `samplesPerLabel`
 * kept rows so far.
 */
export function undersampleOnce(labels: readonly Label[], idxs: number[], samplesPerLabel: number, seed = 42): number[] {
  new NumpyRandomState(seed).shuffle(idxs);
  const counts = new Map<Label, number>();
  const selected: number[] = [];
  for (const i of idxs) {
    const label = labels[i];
    if (label === undefined) throw new EvaluationError(`undersampling index ${i} is out of range (${labels.length} rows)`);
    const c = counts.get(label) ?? 0;
    if (c < samplesPerLabel) {
      selected.push(i);
      counts.set(label, c + 1);
    }
  }
  return selected;
}

/** The training rows (walk order) of each of `nExperiments` experiments over `labels`. */
export function undersampleExperiments(labels: readonly Label[], samplesPerLabel: number, nExperiments: number, seed = 42): number[][] {
  const idxs = Array.from({ length: labels.length }, (_, i) => i);
  const out: number[][] = [];
  for (let e = 0; e < nExperiments; e++) out.push(undersampleOnce(labels, idxs, samplesPerLabel, seed));
  return out;
}

/** sklearn KFold(nSplits, shuffle=True, random_state=seed).split(range(n)): sorted train/test indices. */
export function kFoldSplits(n: number, nSplits: number, seed = 42): { train: number[]; test: number[] }[] {
  if (nSplits < 2 || nSplits > n) {
    throw new EvaluationError(`cannot make ${nSplits} cross-validation folds from ${n} rows`);
  }
  const perm = Array.from({ length: n }, (_, i) => i);
  new NumpyRandomState(seed).shuffle(perm);
  const base = Math.floor(n / nSplits);
  const extra = n % nSplits;
  const out: { train: number[]; test: number[] }[] = [];
  let start = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = base + (f < extra ? 1 : 0);
    const inTest = new Uint8Array(n);
    for (let k = start; k < start + size; k++) inTest[perm[k]!] = 1;
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (inTest[i] ? test : train).push(i);
    out.push({ train, test });
    start += size;
  }
  return out;
}

function mean(values: number[]): number {
  return values.length ? pairwiseSum64(values) / values.length : NaN;
}

/** Mean over experiments per key, skipping nulls (all null -> NaN), as mteb's `_calculate_avg_scores`. */
export function averageScores(perExperiment: ClassificationScores[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of SCORE_KEYS) {
    const vals = perExperiment.map((s) => s[k]).filter((v): v is number => v !== null);
    out[k] = mean(vals);
  }
  return out;
}

/** sklearn < 1.3 minimised the summed (not mean) log-loss, which stops L-BFGS at other points. */
function sklearnCompat(release: SklearnRelease): SklearnCompat {
  return sklearnAtLeast(release, 1, 3) ? 'modern' : 'sklearn-1.2';
}

/** Fits on `trainRows` of `emb` (walk order) and scores the predictions on `test`. */
async function runExperiment(
  emb: Matrix,
  rowOf: (i: number) => number,
  trainRows: readonly number[],
  trainLabels: readonly Label[],
  test: { products: DenseProducts; rows: number },
  testTruth: readonly number[],
  toNumber: (l: Label) => number,
  compat: SklearnCompat,
): Promise<{ scores: ClassificationScores; pred: Label[] }> {
  const d = emb.cols;
  const X = new Float32Array(trainRows.length * d);
  const y: Label[] = new Array(trainRows.length);
  trainRows.forEach((i, k) => {
    const r = rowOf(i);
    X.set(emb.data.subarray(r * d, (r + 1) * d), k * d);
    y[k] = trainLabels[i]!;
  });
  const lr = new LogisticRegression({ maxIter: 100, compat });
  await lr.fitAsync({ rows: trainRows.length, cols: d, data: X }, y, ortDenseBackend);
  const pred = await lr.predictWith(test.products, test.rows);
  return { scores: classificationScores(testTruth, pred.map(toNumber)), pred };
}

function labelEncoder(labels: Iterable<Label>): (l: Label) => number {
  const all = sortedUniqueLabels([...labels]);
  if (all.every((l) => typeof l === 'number')) return (l) => l as number;
  const index = new Map(all.map((l, i) => [l, i] as const));
  return (l) => index.get(l)!;
}

function describeLabel(l: Label): string {
  return typeof l === 'string' ? JSON.stringify(l) : String(l);
}

export async function evaluateClassification(data: ClassificationData, ctx: EvalContext): Promise<Scores> {
  const p = resolveParams(CLASSIFICATION_PARAMS, ctx.task.params);
  const { samples_per_label: samplesPerLabel, n_experiments: nExperiments } = p;
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset, model: ctx.encoder.name };
  const enc = (split: string) => encodeContext(ctx, split);
  try {
    if (data.crossValidation) return await evaluateCrossValidation(data.train, ctx, samplesPerLabel, p.n_splits);

    const { train, eval: ev } = data;
    if (!train.labels.length) throw new EvaluationError('the training split is empty', where);
    if (!ev.labels.length) throw new EvaluationError('the evaluation split is empty', where);
    reportLabelCoverage(train.labels, ev.labels, samplesPerLabel, ctx);

    const experiments = undersampleExperiments(train.labels, samplesPerLabel, nExperiments);
    const union = [...new Set(experiments.flat())].sort((a, b) => a - b);
    const position = new Map(union.map((i, k) => [i, k] as const));
    const trainEmb = await ctx.phase('Encoding train samples', () =>
      ctx.encoder.encode(
        union.map((i) => train.texts[i]!),
        enc('train'),
      ),
    );
    const testEmb = await ctx.phase('Encoding eval samples', () => ctx.encoder.encode(ev.texts, enc(ctx.split)));

    const toNumber = labelEncoder([...train.labels, ...ev.labels]);
    const truth = ev.labels.map(toNumber);
    const test = await scoringProducts(testEmb);
    const results = await ctx.phase('Fitting classifiers', async () => {
      const out = [];
      ctx.progress?.('experiments', 0, experiments.length);
      for (const rows of experiments) {
        out.push(await runExperiment(trainEmb, (i) => position.get(i)!, rows, train.labels, test, truth, toNumber, sklearnCompat(ctx.sklearn)));
        ctx.progress?.('experiments', out.length, experiments.length);
      }
      return out;
    });
    // mteb's prediction_folder output for classification: one list of predicted labels per experiment.
    if (ctx.savePredictions) {
      const fold = { rows: truth.map((_, i) => i), gold: truth, preds: results.map((r) => r.pred.map(toNumber)) };
      ctx.savePredictions(
        results.map((r) => r.pred),
        classificationPerSample(ctx.task.mainScore, [fold]),
      );
    }
    const scores = results.map((r) => r.scores);
    return { scores_per_experiment: scores, ...averageScores(scores) };
  } catch (e) {
    throw withContext(e, where);
  }
}

async function evaluateCrossValidation(all: LabelledTexts, ctx: EvalContext, samplesPerLabel: number, nSplits: number): Promise<Scores> {
  const emb = await ctx.phase('Encoding samples', () => ctx.encoder.encode(all.texts, encodeContext(ctx)));
  const toNumber = labelEncoder(all.labels);
  const scores: ClassificationScores[] = [];
  const preds: Label[][] = [];
  const folds: ClassificationFold[] = [];
  // mteb carries the shuffled index list from fold to fold (positions within each fold's training rows).
  let idxs: number[] | undefined;
  for (const fold of kFoldSplits(all.labels.length, nSplits)) {
    const foldLabels = fold.train.map((i) => all.labels[i]!);
    idxs ??= Array.from({ length: fold.train.length }, (_, i) => i);
    const rows = undersampleOnce(foldLabels, idxs, samplesPerLabel);
    const testEmb: Matrix = {
      rows: fold.test.length,
      cols: emb.cols,
      data: gather(emb, fold.test),
    };
    const truth = fold.test.map((i) => toNumber(all.labels[i]!));
    const r = await runExperiment(
      emb,
      (k) => fold.train[k]!,
      rows,
      foldLabels,
      await scoringProducts(testEmb),
      truth,
      toNumber,
      sklearnCompat(ctx.sklearn),
    );
    scores.push(r.scores);
    preds.push(r.pred);
    if (ctx.savePredictions) folds.push({ rows: fold.test, gold: truth, preds: [r.pred.map(toNumber)] });
  }
  ctx.savePredictions?.(preds, classificationPerSample(ctx.task.mainScore, folds));
  return { scores_per_experiment: scores, ...averageScores(scores) };
}

/** Products over the matrix to score, made once and shared by every experiment's model. */
async function scoringProducts(m: Matrix): Promise<{ products: DenseProducts; rows: number }> {
  return { products: await ortDenseBackend(Float64Array.from(m.data), m.rows, m.cols), rows: m.rows };
}

function gather(m: Matrix, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * m.cols);
  rows.forEach((r, k) => out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), k * m.cols));
  return out;
}

function reportLabelCoverage(trainLabels: readonly Label[], evalLabels: readonly Label[], samplesPerLabel: number, ctx: EvalContext): void {
  const counts = new Map<Label, number>();
  for (const l of trainLabels) counts.set(l, (counts.get(l) ?? 0) + 1);
  if (counts.size < 2) {
    throw new EvaluationError(`the training split has a single class (${describeLabel(trainLabels[0]!)}); a classifier needs at least 2`);
  }
  const short = [...counts].filter(([, c]) => c < samplesPerLabel);
  if (short.length) {
    ctx.log(
      `${short.length} label(s) have fewer than samples_per_label=${samplesPerLabel} training rows; all their rows are used ` +
        `(${short
          .slice(0, 5)
          .map(([l, c]) => `${describeLabel(l)}: ${c}`)
          .join(', ')}${short.length > 5 ? ', …' : ''})`,
    );
  }
  const missing = [...new Set(evalLabels)].filter((l) => !counts.has(l));
  if (missing.length) {
    ctx.log(
      `${missing.length} evaluation label(s) never occur in the training split and can never be predicted ` +
        `(${missing.slice(0, 5).map(describeLabel).join(', ')}${missing.length > 5 ? ', …' : ''})`,
    );
  }
}

/** One evaluated set: its rows (ids in the evaluated split), their label ids, and each experiment's predicted ids. */
export interface ClassificationFold {
  rows: readonly number[];
  gold: number[];
  preds: number[][];
}

/**
 * The per-sample values behind the main score. accuracy: per evaluated row, the share of experiments predicting its
 * label (their mean is the accuracy key; under cross-validation each row is in one fold: 0 or 1). f1 (macro):
 * sklearn's f1 of each experiment's predictions, recomputed on resamples of each fold's rows (a mean over
 * experiments of a non-linear statistic, so not a per-row value). Other main scores: none.
 */
export function classificationPerSample(mainScore: string, folds: readonly ClassificationFold[]): PerSample | undefined {
  if (mainScore === 'f1') {
    return { statistic: 'macro_f1', metric: mainScore, unit: 'example', folds: folds.map((f) => ({ gold: f.gold, preds: f.preds })) };
  }
  if (mainScore !== 'accuracy') return undefined;
  const values: Record<string, number> = {};
  for (const f of folds) {
    f.rows.forEach((row, k) => (values[row] = f.preds.reduce((a, p) => a + (p[k] === f.gold[k] ? 1 : 0), 0) / f.preds.length));
  }
  return { statistic: 'mean', metric: 'accuracy', unit: 'example', values };
}

/**
 * diff on a predictions file mteb wrote (mteb/abstasks/classification.py): one list of predicted labels per
 * experiment against the evaluated split, or per cross-validation fold against that fold's rows (sklearn KFold,
 * shuffled with seed 42 as the evaluator). Predicted labels must be labels of the data as JSON values (1 and "1" differ).
 */
function perSampleFromPredictions(data: ClassificationData, predictions: unknown, task: TaskInfo): PerSample | undefined {
  if (task.mainScore !== 'f1' && task.mainScore !== 'accuracy') return undefined;
  const lists = listOfLists(predictions, 'classification predictions');
  // label ids as the evaluator codes them, so a sidecar and a predictions file of the other side pair up
  const known = data.crossValidation ? data.train.labels : [...data.train.labels, ...data.eval.labels];
  const toNumber = labelEncoder(known);
  const knownSet = new Set<unknown>(known);
  const labelsOf = (v: unknown[], what: string, n: number) => {
    if (v.length !== n) throw new PredictionsMismatch(`${what} has ${v.length} labels but the evaluated rows are ${n}`);
    const bad = v.findIndex((x) => !knownSet.has(x));
    if (bad >= 0) throw new PredictionsMismatch(`${what}[${bad}] is ${JSON.stringify(v[bad])}, not a label of the task's data`);
    return (v as Label[]).map(toNumber);
  };
  if (!data.crossValidation) {
    const gold = data.eval.labels.map(toNumber);
    const rows = gold.map((_, i) => i);
    return classificationPerSample(task.mainScore, [{ rows, gold, preds: lists.map((l, e) => labelsOf(l, `experiment ${e}`, gold.length)) }]);
  }
  const p = resolveParams(CLASSIFICATION_PARAMS, task.params);
  const splits = kFoldSplits(data.train.labels.length, p.n_splits);
  if (lists.length !== splits.length) throw new PredictionsMismatch(`${lists.length} prediction lists for ${splits.length} cross-validation folds`);
  const folds = splits.map((f, k) => ({
    rows: f.test,
    gold: f.test.map((i) => toNumber(data.train.labels[i]!)),
    preds: [labelsOf(lists[k]!, `fold ${k}`, f.test.length)],
  }));
  return classificationPerSample(task.mainScore, folds);
}

const classification: TaskTypeModule<ClassificationData> = {
  load: loadClassification,
  evaluate: evaluateClassification,
  // The evaluated split's rows (cross-validation evaluates the training pool itself).
  rowCounts: (d) => ({ samples: (d.crossValidation ? d.train : d.eval).texts.length }),
  perSample: perSampleFromPredictions,
};
export default classification;
