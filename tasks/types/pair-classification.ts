import { pairedScores } from '../../compute/paired-scores.js';
import { averagePrecision } from '../../metrics/average-precision.js';
import { toEmbeddingDtype as f32 } from '../../metrics/similarity.js';
import { bestAccuracyThreshold, bestF1Threshold, stableOrder } from '../../metrics/threshold.js';
import type { LoadedRows } from '../data/rows.js';
import { PAIR_CLASSIFICATION_PARAMS } from '../params/pair-classification.js';
import { resolveParams } from '../params/rules.js';
import type { TaskInfo } from '../task-info.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type PerSample, type Scores, type TaskTypeModule } from './module.js';
import { isRecord, numberList, PredictionsMismatch } from './saved-predictions.js';

/** PairClassification (mteb AbsTaskPairClassification + PairClassificationEvaluator, mteb/_evaluators/pair_classification_evaluator.py). */
export interface PairData {
  sentence1: string[];
  sentence2: string[];
  labels: Uint8Array;
}

/** Params (params/pair-classification.ts): `column_renames` reproduces the tasks' dataset_transform. */
export async function loadPairs(ctx: LoadContext): Promise<PairData> {
  const loaded = await ctx.loadSubsetRows(ctx.split);
  const renames = resolveParams(PAIR_CLASSIFICATION_PARAMS, ctx.task.params).column_renames;
  const rows = expandSingleRow(renameColumns(loaded, renames));
  const r = new RowReader(ctx, rows);
  r.requireRows('sentence pairs');
  const n = rows.rows.length;
  const data: PairData = { sentence1: new Array(n), sentence2: new Array(n), labels: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    data.sentence1[i] = r.string(i, 'sentence1');
    data.sentence2[i] = r.string(i, 'sentence2');
    data.labels[i] = r.binary(i, 'labels');
  }
  return data;
}

function renameColumns(rows: LoadedRows, renames: Record<string, string>): LoadedRows {
  if (!Object.keys(renames).length) return rows;
  return {
    locate: rows.locate,
    rows: rows.rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[renames[k] ?? k] = v;
      return out;
    }),
  };
}

/**
 * mteb v1-era datasets store a split as one row of lists; for text tasks a 1-row split is expanded
 * (`Dataset.from_dict(split[0])`). Every expanded row points back at the single source row in errors.
 */
export function expandSingleRow(rows: LoadedRows): LoadedRows {
  if (rows.rows.length !== 1) return rows;
  const only = rows.rows[0]!;
  const lists = Object.entries(only).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
  if (!lists.length || lists.length !== Object.keys(only).length) return rows;
  const n = lists[0]![1].length;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    // A shorter column leaves `undefined`, which the column readers report as a missing value.
    for (const [k, v] of lists) row[k] = v[i];
    out.push(row);
  }
  return { rows: out, locate: () => rows.locate(0) };
}

const METRICS = ['accuracy', 'f1', 'precision', 'recall', 'ap'] as const;
/** The score vectors mteb compares, in its order (mteb/_evaluators/pair_classification_evaluator.py). */
const SIMILARITIES = ['similarity', 'cosine', 'manhattan', 'euclidean', 'dot'] as const;
type PairMetric = (typeof METRICS)[number];

/** The keys of one pair-classification score row: `<vector>_<metric>` for each vector, then `max_<metric>`. */
export type PairClassificationScores = Record<`${(typeof SIMILARITIES)[number] | 'max'}_${PairMetric}`, number>;

/** accuracy/f1/precision/recall/ap of one score vector, as mteb's _compute_metrics_values. */
export function pairMetrics(scores: Float64Array, labels: Uint8Array, highIsSimilar: boolean): Record<(typeof METRICS)[number], number> {
  const order = stableOrder(scores, highIsSimilar);
  const acc = bestAccuracyThreshold(scores, labels, highIsSimilar, order);
  const f1 = bestF1Threshold(scores, labels, highIsSimilar, order);
  // The scan's order is descending in the similar direction: AP's order for the oriented scores.
  const ap = averagePrecision(labels, highIsSimilar ? scores : scores.map((v) => -v), order);
  return { accuracy: acc.accuracy, f1: f1.f1, precision: f1.precision, recall: f1.recall, ap };
}

export async function evaluatePairs(data: PairData, ctx: EvalContext): Promise<Scores> {
  const enc = encodeContext(ctx);
  const e1 = await ctx.phase('Encoding samples 1', () => ctx.encoder.encode(data.sentence1, enc));
  const e2 = await ctx.phase('Encoding samples 2', () => ctx.encoder.encode(data.sentence2, enc));
  return ctx.phase('Scoring', async () => {
    const p = pairedScores(e1, e2);
    // Scores rounded to float32, the dtype of mteb's score vectors: ties decide the threshold scans and AP.
    const vectors: ScoreVector[] = [
      ['similarity', f32(ctx.encoder.similarity === 'dot' ? p.dot.slice() : p.modelCosine), true],
      ['cosine', f32(p.cosine), true],
      ['manhattan', f32(p.manhattan), false],
      ['euclidean', f32(p.euclidean), false],
      ['dot', f32(p.dot), true],
    ];
    const out: Partial<PairClassificationScores> = {};
    const max: Partial<Record<PairMetric, number>> = {};
    for (const [name, scores, high] of vectors) {
      const m = pairMetrics(scores, data.labels, high);
      for (const k of METRICS) {
        out[`${name}_${k}` as const] = m[k];
        // Python's max(): a later value replaces the current one only if strictly greater.
        if (!(k in max) || m[k] > max[k]!) max[k] = m[k];
      }
    }
    for (const k of METRICS) out[`max_${k}` as const] = max[k];
    if (ctx.savePredictions) {
      ctx.savePredictions(
        predictionPayload(vectors),
        pairPerSample(ctx.task.mainScore, vectors, data.labels, ([name], k) => out[`${name}_${k}`]!),
      );
    }
    // Every <vector>_<metric> and max_<metric> key was set above (vectors lists each of SIMILARITIES once).
    return out as PairClassificationScores;
  });
}

type ScoreVector = [name: (typeof SIMILARITIES)[number], scores: Float64Array, highIsSimilar: boolean];

/** mteb's PairClassificationDistances (pair_classification_evaluator.py): distances positive, as it dumps them. */
function predictionPayload(vectors: readonly ScoreVector[]): Record<string, number[]> {
  const by = Object.fromEntries(vectors.map(([name, v]) => [name, Array.from(v)]));
  return {
    cosine_scores: by.cosine!,
    euclidean_distances: by.euclidean!,
    manhattan_distances: by.manhattan!,
    similarity_scores: by.similarity!,
    dot_scores: by.dot!,
  };
}

/** Main scores with per-pair values: `<vector>_<metric>` or `max_<metric>`. */
const MAIN_SCORE = /^(similarity|cosine|manhattan|euclidean|dot|max)_(ap|accuracy|f1|precision|recall)$/;

/** Shown with the bootstrap of a threshold-based main score: what is resampled, and what is not. */
export const FIXED_THRESHOLD_NOTE =
  "threshold fixed at mteb's best cut on all pairs, each side its own; resamples re-score those predictions without re-tuning it";

/**
 * The main score's values per pair for diff, from the vector behind it (for max_<metric> the first vector reaching the
 * maximum, as Python's max() keeps it; `metric` gives each vector's value: the evaluator's own keys, or recomputed
 * from a predictions file). ap: labels and scores oriented so that higher means more similar, AP recomputed per
 * resample. accuracy / f1 / precision / recall are scores at the threshold mteb's scan picks on all pairs: the pairs
 * on the similar side of that cut (in the scan's stable order, so ties split as mteb splits them) are predicted 1 and
 * kept so; accuracy is then the mean of per-pair correctness, f1 / precision / recall are recomputed on each resample
 * of those fixed predictions (FIXED_THRESHOLD_NOTE).
 */
function pairPerSample(
  mainScore: string,
  vectors: readonly ScoreVector[],
  labels: Uint8Array,
  metric: (v: ScoreVector, m: PairMetric) => number,
): PerSample | undefined {
  const m = MAIN_SCORE.exec(mainScore);
  if (!m) return undefined;
  const key = m[2] as PairMetric;
  let v: ScoreVector | undefined;
  if (m[1] === 'max') {
    let best: number | undefined;
    for (const x of vectors) {
      const s = metric(x, key);
      if (best === undefined || s > best) [best, v] = [s, x];
    }
  } else v = vectors.find(([name]) => name === m[1]);
  if (!v) return undefined;
  const [, scores, high] = v;
  const gold = Array.from(labels);
  if (key === 'ap') return { statistic: 'ap', metric: mainScore, unit: 'pair', gold, pred: Array.from(scores, (x) => (high ? x : -x)) };
  // only a predictions file can hold them (the runner's encoder refuses NaN vectors)
  if (!scores.every(Number.isFinite)) throw new PredictionsMismatch(`the ${v[0]} scores are not all finite (NaN or infinite values)`);
  const order = stableOrder(scores, high);
  const cut = key === 'accuracy' ? bestAccuracyThreshold(scores, labels, high, order).cut : bestF1Threshold(scores, labels, high, order).cut;
  // no cut improved on mteb's initial 0: all pairs predicted 0 (f1/precision/recall 0, as the main score)
  if (cut < 0 && key === 'accuracy') return undefined;
  const pred = new Array<number>(labels.length).fill(0);
  for (let k = 0; k <= cut; k++) pred[order[k]!] = 1;
  const note = FIXED_THRESHOLD_NOTE;
  if (key === 'accuracy') {
    const values: Record<string, number> = {};
    pred.forEach((p, i) => (values[i] = p === labels[i] ? 1 : 0));
    return { statistic: 'mean', metric: mainScore, unit: 'pair', values, note };
  }
  return { statistic: `binary_${key}`, metric: mainScore, unit: 'pair', gold, pred, note };
}

/** Keys of mteb's PairClassificationDistances per score vector, in SIMILARITIES order. */
const PAYLOAD_KEYS = {
  similarity: 'similarity_scores',
  cosine: 'cosine_scores',
  manhattan: 'manhattan_distances',
  euclidean: 'euclidean_distances',
  dot: 'dot_scores',
} as const satisfies Record<(typeof SIMILARITIES)[number], string>;

/** diff on a predictions file: the saved vectors (the ones the main score needs) against the split's labels. */
function perSampleFromPredictions(data: PairData, predictions: unknown, task: TaskInfo): PerSample | undefined {
  const m = MAIN_SCORE.exec(task.mainScore);
  if (!m) return undefined;
  if (!isRecord(predictions))
    throw new PredictionsMismatch('pair-classification predictions must be an object of score lists (mteb PairClassificationDistances)');
  const n = data.labels.length;
  const vectors: ScoreVector[] = SIMILARITIES.filter((name) => m[1] === 'max' || name === m[1]).map((name) => [
    name,
    Float64Array.from(numberList(predictions[PAYLOAD_KEYS[name]], PAYLOAD_KEYS[name], n)),
    name !== 'manhattan' && name !== 'euclidean',
  ]);
  const metrics = new Map<ScoreVector, ReturnType<typeof pairMetrics>>();
  return pairPerSample(task.mainScore, vectors, data.labels, (v, k) => {
    if (!metrics.has(v)) metrics.set(v, pairMetrics(v[1], data.labels, v[2]));
    return metrics.get(v)![k];
  });
}

const pairClassification: TaskTypeModule<PairData> = { load: loadPairs, evaluate: evaluatePairs, perSample: perSampleFromPredictions };
export default pairClassification;
