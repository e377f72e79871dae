/**
 * sklearn classification scores on label indices: accuracy_score and precision/recall/f1 with
 * average="macro" | "weighted" (labels = sorted union of y_true and y_pred, zero_division = 0), and
 * mteb's `ap` on hard predicted labels for binary evaluation sets.
 */
import { averagePrecision } from './average-precision.js';

export interface ClassificationScores {
  accuracy: number;
  f1: number;
  f1_weighted: number;
  precision: number;
  precision_weighted: number;
  recall: number;
  recall_weighted: number;
  ap: number | null;
  ap_weighted: number | null;
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}

export interface PrfAverages {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Macro and weighted precision/recall/F1 (sklearn `precision_recall_fscore_support`). Labels are the
 * sorted union of both arrays; a label with no predictions has precision 0, one with no true samples
 * recall 0 (zero_division = 0); weighted averages weigh labels by their true support.
 */
export function precisionRecallF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): { macro: PrfAverages; weighted: PrfAverages } {
  checkLengths(yTrue, yPred);
  const labels = [...new Set<number>([...Array.from(yTrue), ...Array.from(yPred)])].sort((a, b) => a - b);
  const pos = new Map<number, number>();
  labels.forEach((l, i) => pos.set(l, i));
  const L = labels.length;
  const tp = new Float64Array(L);
  const predCount = new Float64Array(L);
  const trueCount = new Float64Array(L);
  for (let i = 0; i < yTrue.length; i++) {
    const t = pos.get(yTrue[i]!)!;
    const p = pos.get(yPred[i]!)!;
    trueCount[t]!++;
    predCount[p]!++;
    if (t === p) tp[t]!++;
  }
  const macro = { precision: 0, recall: 0, f1: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0 };
  let support = 0;
  for (let l = 0; l < L; l++) {
    const P = predCount[l]! > 0 ? tp[l]! / predCount[l]! : 0;
    const R = trueCount[l]! > 0 ? tp[l]! / trueCount[l]! : 0;
    const denom = 2 * tp[l]! + (predCount[l]! - tp[l]!) + (trueCount[l]! - tp[l]!);
    const F = denom > 0 ? (2 * tp[l]!) / denom : 0;
    macro.precision += P;
    macro.recall += R;
    macro.f1 += F;
    const w = trueCount[l]!;
    weighted.precision += w * P;
    weighted.recall += w * R;
    weighted.f1 += w * F;
    support += w;
  }
  if (L > 0) {
    macro.precision /= L;
    macro.recall /= L;
    macro.f1 /= L;
  }
  if (support > 0) {
    weighted.precision /= support;
    weighted.recall /= support;
    weighted.f1 /= support;
  }
  return { macro, weighted };
}

/**
 * sklearn `average_precision_score(y_true, y_pred)` with the hard predicted labels as scores, as mteb's
 * classification evaluator does when the evaluation labels have exactly two values (null otherwise).
 * Like sklearn (pos_label=1), label value 1 is the positive class and the predicted label values are the
 * scores; when 1 is not one of the two labels sklearn raises, and we use the larger label instead.
 */
export function hardLabelAveragePrecision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  checkLengths(yTrue, yPred);
  const values = [...new Set(Array.from(yTrue))].sort((a, b) => a - b);
  if (values.length !== 2) return null;
  const positive = values.includes(1) ? 1 : values[1]!;
  const t = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) t[i] = yTrue[i] === positive ? 1 : 0;
  if (positive === 1) return averagePrecision(t, yPred);
  const s = new Float64Array(yPred.length);
  for (let i = 0; i < yPred.length; i++) s[i] = yPred[i] === positive ? 1 : 0;
  return averagePrecision(t, s);
}

/**
 * All keys of mteb's classification score dict for one experiment. Labels are numbers: the label values
 * themselves for numeric datasets (they matter for `ap`), or indices into the sorted class list otherwise.
 */
export function classificationScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ClassificationScores {
  const { macro, weighted } = precisionRecallF1(yTrue, yPred);
  const ap = hardLabelAveragePrecision(yTrue, yPred);
  return {
    accuracy: accuracy(yTrue, yPred),
    f1: macro.f1,
    f1_weighted: weighted.f1,
    precision: macro.precision,
    precision_weighted: weighted.precision,
    recall: macro.recall,
    recall_weighted: weighted.recall,
    ap,
    ap_weighted: ap,
  };
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`y_true has ${a.length} labels but y_pred has ${b.length}`);
  if (a.length === 0) throw new RangeError('classification scores need at least one sample');
}
