/**
 * MultilabelClassification (mteb v2 AbsTaskMultilabelClassification, mteb/abstasks/multilabel_classification.py):
 * 1. per experiment, before any encoding: a fresh index list [0, N) of the training pool shuffled by the
 *    task's numpy `default_rng(42)` Generator (PCG64; one generator per task run, continuing across
 *    experiments, splits and subsets), then walked: a row is kept if ANY of its labels is still under
 *    `samples_per_label`, and then ALL its labels are counted (rows without labels are never kept);
 * 2. the union of kept rows is encoded once, the evaluated split once (mteb's 2000-row stratified subsample of
 *    the eval split never happens: HF `datasets` refuses to stratify a list column and mteb catches that);
 * 3. MultiLabelBinarizer fitted on the EVAL labels (train-only labels are dropped), per experiment
 *    KNeighborsClassifier(n_neighbors=5) fitted on the kept rows in walk order (metrics/knn.ts);
 * 4. accuracy (subset accuracy), lrap (on the hard predictions), f1 (macro), hamming (sample-wise Jaccard),
 *    averaged over experiments with np.mean; `scores_per_experiment` keeps each experiment's four keys.
 *
 * Task params: samples_per_label (8), n_experiments (10), train_split ("train"), label_column ("label"),
 * input_column ("text"), n_neighbors (5), stratified_subsampling ({ splits, n_samples = 2048 }: mteb's
 * `_multilabel_subsampling`, iterative stratification with RandomState(42), applied to those splits at load).
 */
import { EvaluationError, withContext } from '../../core/errors.js';
import { iterativeTrainTestSplitTestIndices } from '../../metrics/iterative-stratification.js';
import { kNearestFromDistances, knnVote, squaredDistances } from '../../metrics/knn.js';
import { binarizeLabels, type IndicatorMatrix, type MultiLabel, multilabelClasses, unknownLabels } from '../../metrics/multilabel-binarizer.js';
import {
  hammingScore,
  labelRankingAveragePrecision,
  type MultilabelScores,
  multilabelScores,
  subsetAccuracy,
} from '../../metrics/multilabel-scores.js';
import { pairwiseSum64 } from '../../metrics/pairwise-sum.js';
import { NumpyGenerator } from '../../metrics/stratified-split.js';
import type { LoadedRows } from '../data/rows.js';
import { MULTILABEL_CLASSIFICATION_PARAMS } from '../params/multilabel-classification.js';
import { resolveParams } from '../params/rules.js';
import type { TaskInfo } from '../task-info.js';
import { RowReader } from './columns.js';
import type { EvalContext, LoadContext, PerSample, TaskTypeModule } from './module.js';
import { listOfLists, PredictionsMismatch } from './saved-predictions.js';

export interface MultilabelTexts {
  texts: string[];
  labels: MultiLabel[][];
}

export interface MultilabelData {
  train: MultilabelTexts;
  eval: MultilabelTexts;
}

/** Score keys of one row, in mteb's write order (FullMultilabelClassificationMetrics). */
export const MULTILABEL_SCORE_KEYS = ['accuracy', 'lrap', 'f1', 'hamming'] as const satisfies readonly (keyof MultilabelScores)[];

export type MultilabelScoreRow = { scores_per_experiment: MultilabelScores[] } & MultilabelScores;

/** The task-level Generator (mteb's `self.np_rng = np.random.default_rng(42)`), kept across splits and subsets. */
export const NP_RNG_STATE_KEY = 'multilabel.np_rng';

/** Reads text and label-list columns; labels are integers or strings. */
export function readMultilabelRows(
  ctx: Pick<LoadContext, 'task' | 'split' | 'subset'>,
  rows: LoadedRows,
  textColumn: string,
  labelColumn: string,
): MultilabelTexts {
  const r = new RowReader(ctx, rows);
  const n = rows.rows.length;
  const out: MultilabelTexts = { texts: new Array(n), labels: new Array(n) };
  for (let i = 0; i < n; i++) {
    out.texts[i] = r.string(i, textColumn);
    out.labels[i] = r.list(i, labelColumn).map((v, k) => {
      if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      return r.fail(i, `column "${labelColumn}" item ${k} must be an integer or string label, got ${JSON.stringify(v) ?? String(v)}`);
    });
  }
  return out;
}

/** mteb `_multilabel_subsampling`: the fold-0 rows of an iterative stratification with test_size = n / rows. */
export function applyMultilabelSubsampling(data: MultilabelTexts, nSamples: number, seed = 42): MultilabelTexts {
  const n = data.labels.length;
  const classes = multilabelClasses(data.labels);
  const keep = iterativeTrainTestSplitTestIndices(binarizeLabels(data.labels, classes), nSamples / n, seed);
  return { texts: keep.map((i) => data.texts[i]!), labels: keep.map((i) => data.labels[i]!) };
}

export async function loadMultilabel(ctx: LoadContext): Promise<MultilabelData> {
  const p = resolveParams(MULTILABEL_CLASSIFICATION_PARAMS, ctx.task.params);
  const textColumn = p.input_column;
  const labelColumn = p.label_column;
  const trainSplit = p.train_split;
  const strat = p.stratified_subsampling;
  const stratSplits = strat ? (Array.isArray(strat.splits) ? strat.splits : ['test']) : [];
  const read = async (split: string): Promise<MultilabelTexts> => {
    const rows = await ctx.loadSubsetRows(split);
    const data = readMultilabelRows({ task: ctx.task, split, subset: ctx.subset }, rows, textColumn, labelColumn);
    return stratSplits.includes(split) ? applyMultilabelSubsampling(data, strat?.n_samples ?? 2048) : data;
  };
  const train = await read(trainSplit);
  const evalData = trainSplit === ctx.split ? train : await read(ctx.split);
  return { train, eval: evalData };
}

/**
 * mteb `_undersample_data_indices` for one experiment: shuffles a fresh [0, N) with `rng` and keeps, in walk
 * order, each row with at least one label still under quota, then counts every label of the row.
 */
export function undersampleMultilabel(labels: readonly (readonly MultiLabel[])[], samplesPerLabel: number, rng: NumpyGenerator): number[] {
  const idxs = rng.shuffle(Array.from({ length: labels.length }, (_, i) => i));
  const counts = new Map<MultiLabel, number>();
  const kept: number[] = [];
  for (const i of idxs) {
    const row = labels[i]!;
    if (row.some((l) => (counts.get(l) ?? 0) < samplesPerLabel)) {
      kept.push(i);
      for (const l of row) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
  }
  return kept;
}

function taskRng(ctx: EvalContext): NumpyGenerator {
  let rng = ctx.state.get(NP_RNG_STATE_KEY) as NumpyGenerator | undefined;
  if (!rng) {
    rng = new NumpyGenerator(42);
    ctx.state.set(NP_RNG_STATE_KEY, rng);
  }
  return rng;
}

function describeLabels(ls: readonly MultiLabel[]): string {
  return (
    ls
      .slice(0, 5)
      .map((l) => (typeof l === 'string' ? JSON.stringify(l) : String(l)))
      .join(', ') + (ls.length > 5 ? ', …' : '')
  );
}

export async function evaluateMultilabel(data: MultilabelData, ctx: EvalContext): Promise<MultilabelScoreRow> {
  const p = resolveParams(MULTILABEL_CLASSIFICATION_PARAMS, ctx.task.params);
  const samplesPerLabel = p.samples_per_label;
  const nExperiments = p.n_experiments;
  const k = p.n_neighbors;
  const trainSplit = p.train_split;
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset, model: ctx.encoder.name };
  try {
    const { train, eval: ev } = data;
    if (!train.labels.length) throw new EvaluationError('the training split is empty', where);
    if (!ev.labels.length) throw new EvaluationError('the evaluation split is empty', where);

    const rng = taskRng(ctx);
    const experiments: number[][] = [];
    for (let e = 0; e < nExperiments; e++) experiments.push(undersampleMultilabel(train.labels, samplesPerLabel, rng));
    const small = experiments.findIndex((rows) => rows.length < k);
    if (small >= 0) {
      throw new EvaluationError(
        `experiment ${small} sampled ${experiments[small]!.length} training rows, fewer than n_neighbors = ${k} (sklearn raises "Expected n_neighbors <= n_samples_fit")`,
        { ...where, hint: 'the training split has too few labelled rows for this task' },
      );
    }
    const union = [...new Set(experiments.flat())].sort((a, b) => a - b);
    const position = new Map(union.map((i, j) => [i, j] as const));
    const enc = (split: string) => ({ task: ctx.task, split, subset: ctx.subset, batchSize: ctx.batchSize });
    const trainEmb = await ctx.phase('Encoding training samples', () =>
      ctx.encoder.encode(
        union.map((i) => train.texts[i]!),
        enc(trainSplit),
      ),
    );
    const testEmb = await ctx.phase('Encoding test samples', () => ctx.encoder.encode(ev.texts, enc(ctx.split)));

    const classes = multilabelClasses(ev.labels);
    const yTest = binarizeLabels(ev.labels, classes);
    const dropped = unknownLabels(
      union.map((i) => train.labels[i]!),
      classes,
    );
    if (dropped.length)
      ctx.log(`${dropped.length} training label(s) never occur in the evaluation split and are ignored (${describeLabels(dropped)})`);

    const preds: IndicatorMatrix[] = [];
    const perExperiment = await ctx.phase('Scoring', async () => {
      // distances to every encoded training row once; each experiment scans its own rows in walk order
      const dist = squaredDistances(trainEmb, testEmb);
      return experiments.map((rows) => {
        const y = binarizeLabels(
          rows.map((i) => train.labels[i]!),
          classes,
        );
        const pred = knnVote(
          kNearestFromDistances(
            dist,
            union.length,
            rows.map((i) => position.get(i)!),
            k,
          ),
          y,
        );
        preds.push(pred);
        return multilabelScores(yTest, pred);
      });
    });
    // mteb's prediction_folder payload: per experiment, each eval row's 0/1 list over the binarizer columns
    if (ctx.savePredictions) ctx.savePredictions(indicatorLists(preds), multilabelPerSample(ctx.task.mainScore, yTest, preds));
    const mean = (key: keyof MultilabelScores) => pairwiseSum64(perExperiment.map((s) => s[key])) / perExperiment.length;
    return {
      scores_per_experiment: perExperiment,
      accuracy: mean('accuracy'),
      lrap: mean('lrap'),
      f1: mean('f1'),
      hamming: mean('hamming'),
    };
  } catch (e) {
    throw withContext(e, where);
  }
}

function indicatorLists(preds: readonly IndicatorMatrix[]): number[][][] {
  return preds.map((m) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols))));
}

/** Row i of an indicator matrix as a 1-row matrix (the per-row scores are the 1-row scores). */
function rowOf(m: IndicatorMatrix, i: number): IndicatorMatrix {
  return { rows: 1, cols: m.cols, data: m.data.subarray(i * m.cols, (i + 1) * m.cols) };
}

/**
 * The values behind the main score for diff. accuracy, hamming, lrap are means over eval rows of a per-row score
 * (exact match, |T∩P|/|T∪P|, the row's LRAP of the hard KNN predictions as mteb computes it), so per row: that
 * score averaged over the experiments. f1 (macro over label columns) is not a mean over rows: each row's positive
 * columns, truth and per experiment, for diff to recompute it on every resample. Other main scores: none.
 */
export function multilabelPerSample(mainScore: string, yTest: IndicatorMatrix, preds: readonly IndicatorMatrix[]): PerSample | undefined {
  const positives = (m: IndicatorMatrix) =>
    Array.from({ length: m.rows }, (_, i) => {
      const out: number[] = [];
      for (let c = 0; c < m.cols; c++) if (m.data[i * m.cols + c]) out.push(c);
      return out;
    });
  if (mainScore === 'f1') {
    return { statistic: 'multilabel_f1', metric: 'f1', unit: 'example', columns: yTest.cols, gold: positives(yTest), preds: preds.map(positives) };
  }
  const rowScore = ROW_SCORES[mainScore];
  if (!rowScore) return undefined;
  const values: Record<string, number> = {};
  for (let i = 0; i < yTest.rows; i++) {
    const t = rowOf(yTest, i);
    values[i] = preds.reduce((a, m) => a + rowScore(t, rowOf(m, i)), 0) / preds.length;
  }
  return { statistic: 'mean', metric: mainScore, unit: 'example', values };
}

const ROW_SCORES: Record<string, (t: IndicatorMatrix, p: IndicatorMatrix) => number> = {
  accuracy: subsetAccuracy,
  hamming: hammingScore,
  lrap: labelRankingAveragePrecision,
};

/**
 * diff on a predictions file mteb wrote: per experiment, each eval row's 0/1 list over the binarizer columns (the
 * sorted labels of the evaluated split, which is not saved: rebuilt from the split's labels here).
 */
function perSampleFromPredictions(data: MultilabelData, predictions: unknown, task: TaskInfo): PerSample | undefined {
  if (task.mainScore !== 'f1' && !(task.mainScore in ROW_SCORES)) return undefined;
  const classes = multilabelClasses(data.eval.labels);
  const yTest = binarizeLabels(data.eval.labels, classes);
  const { rows: n, cols: L } = yTest;
  const preds = listOfLists(predictions, 'multilabel predictions').map((exp, e): IndicatorMatrix => {
    if (exp.length !== n) throw new PredictionsMismatch(`experiment ${e} has ${exp.length} rows but the evaluated split has ${n}`);
    const m = new Uint8Array(n * L);
    exp.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== L) {
        const got = Array.isArray(row) ? `${row.length} values` : JSON.stringify(row);
        throw new PredictionsMismatch(`experiment ${e} row ${i} has ${got}, but the split's labels give ${L} label columns`);
      }
      row.forEach((v, c) => {
        if (v !== 0 && v !== 1) throw new PredictionsMismatch(`experiment ${e} row ${i}[${c}] is ${JSON.stringify(v)}, not 0 or 1`);
        m[i * L + c] = v;
      });
    });
    return { rows: n, cols: L, data: m };
  });
  return multilabelPerSample(task.mainScore, yTest, preds);
}

const multilabelClassification: TaskTypeModule<MultilabelData> = {
  load: loadMultilabel,
  evaluate: evaluateMultilabel,
  rowCounts: (d) => ({ samples: d.eval.texts.length }),
  perSample: perSampleFromPredictions,
};
export default multilabelClassification;
