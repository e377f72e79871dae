import { averagePrecision } from '../../metrics/average-precision.js';
import { toEmbeddingDtype as f32, pairedAll } from '../../metrics/similarity.js';
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
  const ap = averagePrecision(labels, highIsSimilar ? scores : scores.map((v) => -v));
  return { accuracy: acc.accuracy, f1: f1.f1, precision: f1.precision, recall: f1.recall, ap };
}

export async function evaluatePairs(data: PairData, ctx: EvalContext): Promise<Scores> {
  const enc = encodeContext(ctx);
  const e1 = await ctx.phase('Encoding samples 1', () => ctx.encoder.encode(data.sentence1, enc));
  const e2 = await ctx.phase('Encoding samples 2', () => ctx.encoder.encode(data.sentence2, enc));
  return ctx.phase('Scoring', async () => {
    const p = pairedAll(e1, e2);
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
        apPerSample(ctx.task.mainScore, vectors, data.labels, ([name]) => out[`${name}_ap`]!),
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

/**
 * The AP main score per pair for diff: the labels and the scores of the vector behind it (for max_ap the first vector
 * reaching the maximum, as Python's max() keeps it), oriented so that higher means more similar. `ap` gives each
 * vector's average precision (the evaluator's own keys, or recomputed from a predictions file).
 */
function apPerSample(mainScore: string, vectors: readonly ScoreVector[], labels: Uint8Array, ap: (v: ScoreVector) => number): PerSample | undefined {
  const m = /^(similarity|cosine|manhattan|euclidean|dot|max)_ap$/.exec(mainScore);
  if (!m) return undefined;
  let v: ScoreVector | undefined;
  if (m[1] === 'max') {
    let best: number | undefined;
    for (const x of vectors) if (best === undefined || ap(x) > best) best = ap(x);
    v = vectors.find((x) => ap(x) === best);
  } else v = vectors.find(([name]) => name === m[1]);
  if (!v) return undefined;
  const [, scores, high] = v;
  return { statistic: 'ap', metric: mainScore, unit: 'pair', gold: Array.from(labels), pred: Array.from(scores, (x) => (high ? x : -x)) };
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
  const m = /^(similarity|cosine|manhattan|euclidean|dot|max)_ap$/.exec(task.mainScore);
  if (!m) return undefined;
  if (!isRecord(predictions))
    throw new PredictionsMismatch('pair-classification predictions must be an object of score lists (mteb PairClassificationDistances)');
  const n = data.labels.length;
  const vectors: ScoreVector[] = SIMILARITIES.filter((name) => m[1] === 'max' || name === m[1]).map((name) => [
    name,
    Float64Array.from(numberList(predictions[PAYLOAD_KEYS[name]], PAYLOAD_KEYS[name], n)),
    name !== 'manhattan' && name !== 'euclidean',
  ]);
  return apPerSample(task.mainScore, vectors, data.labels, ([, scores, high]) =>
    averagePrecision(data.labels, high ? scores : scores.map((x) => -x)),
  );
}

const pairClassification: TaskTypeModule<PairData> = { load: loadPairs, evaluate: evaluatePairs, perSample: perSampleFromPredictions };
export default pairClassification;
