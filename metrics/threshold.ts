/**
 * mteb's pair-classification threshold scans (mteb/abstasks/pair_classification.py):
 * rows sorted by score (descending when a higher score means "more similar", ascending for distances),
 * Python's stable sort (ties keep input order, also with reverse=True), the last row is never a cut point,
 * and the best value is replaced only on strict improvement.
 */
import { stableArgsort } from './argsort.js';

/** Indices sorted by score, stably, as Python `sorted(..., reverse=highIsSimilar)` orders them. */
export function stableOrder(scores: ArrayLike<number>, highIsSimilar: boolean): Uint32Array {
  return stableArgsort(scores, highIsSimilar);
}

export interface BestAccuracy {
  accuracy: number;
  /** Midpoint between the cut row and the next one; -1 if no cut improved on 0 (mteb's initial value). */
  threshold: number;
  /** Position in the sorted order of the last row on the "similar" side of the best cut; -1 if none. */
  cut: number;
}

export interface BestF1 {
  f1: number;
  precision: number;
  recall: number;
  /** 0 if no cut had a positive (mteb's initial value). */
  threshold: number;
  /** Position in the sorted order of the last row predicted similar at the best cut; -1 if none. */
  cut: number;
}

export function bestAccuracyThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  highIsSimilar: boolean,
  order: Uint32Array = stableOrder(scores, highIsSimilar),
): BestAccuracy {
  const n = labels.length;
  let negRemaining = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 0) negRemaining++;
  let posSoFar = 0;
  let best = 0;
  let threshold = -1;
  let cut = -1;
  for (let k = 0; k < n - 1; k++) {
    const i = order[k]!;
    if (labels[i] === 1) posSoFar++;
    else negRemaining--;
    const acc = (posSoFar + negRemaining) / n;
    if (acc > best) {
      best = acc;
      threshold = (scores[i]! + scores[order[k + 1]!]!) / 2;
      cut = k;
    }
  }
  return { accuracy: best, threshold, cut };
}

export function bestF1Threshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  highIsSimilar: boolean,
  order: Uint32Array = stableOrder(scores, highIsSimilar),
): BestF1 {
  const n = labels.length;
  let totalPos = 0;
  for (let i = 0; i < n; i++) totalPos += labels[i]!;
  let extracted = 0;
  let correct = 0;
  let best: BestF1 = { f1: 0, precision: 0, recall: 0, threshold: 0, cut: -1 };
  for (let k = 0; k < n - 1; k++) {
    const i = order[k]!;
    extracted++;
    if (labels[i] === 1) correct++;
    if (correct > 0) {
      const precision = correct / extracted;
      const recall = correct / totalPos;
      const f1 = (2 * precision * recall) / (precision + recall);
      if (f1 > best.f1) best = { f1, precision, recall, threshold: (scores[i]! + scores[order[k + 1]!]!) / 2, cut: k };
    }
  }
  return best;
}
