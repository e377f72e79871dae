/**
 * The four scores of mteb's multilabel evaluator (`_calculate_scores` in
 * mteb/abstasks/multilabel_classification.py), on 0/1 indicator matrices:
 * - `accuracy`: `classifier.score` = sklearn `accuracy_score` on indicators = subset (exact row) accuracy;
 * - `lrap`: sklearn `label_ranking_average_precision_score(y_true, y_score)` (rows with no or all labels
 *   relevant score 1; ranks are scipy `rankdata(-score, "max")`);
 * - `f1`: sklearn `f1_score(average="macro")`: per column 2·TP / (#true + #pred), 0 when both are 0;
 * - `hamming`: mteb's own `hamming_score` (mteb/_evaluators/classification_metrics.py): per row
 *   |T∩P| / |T∪P|, 1 when both are empty — the sample-wise Jaccard index, not 1 − hamming_loss.
 * Means are numpy's (pairwise summation).
 */
import type { IndicatorMatrix } from './multilabel-binarizer.js';
import { pairwiseSum64 } from './pairwise-sum.js';

// A type alias (not an interface) so score rows stay assignable to Record<string, unknown>.
export type MultilabelScores = {
  accuracy: number;
  lrap: number;
  f1: number;
  hamming: number;
};

function checkShapes(a: IndicatorMatrix, b: { rows: number; cols: number }): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`shape mismatch: y_true ${a.rows}x${a.cols} != y_pred ${b.rows}x${b.cols}`);
  }
  if (a.rows === 0) throw new RangeError('input arrays cannot be empty');
}

export function subsetAccuracy(yTrue: IndicatorMatrix, yPred: IndicatorMatrix): number {
  checkShapes(yTrue, yPred);
  const L = yTrue.cols;
  let ok = 0;
  for (let i = 0; i < yTrue.rows; i++) {
    let same = true;
    for (let l = 0; l < L && same; l++) if (yTrue.data[i * L + l] !== yPred.data[i * L + l]) same = false;
    if (same) ok++;
  }
  return ok / yTrue.rows;
}

/** Hard or soft scores per row (`rows` × `cols`, row-major). */
export interface ScoreMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/** Rank of s among `scores` with ties given the maximum rank, ranking by descending score. */
function maxRankDesc(scores: ArrayLike<number>, off: number, n: number, s: number, subset?: readonly number[]): number {
  let r = 0;
  if (subset) {
    for (const j of subset) if (scores[off + j]! >= s) r++;
  } else {
    for (let j = 0; j < n; j++) if (scores[off + j]! >= s) r++;
  }
  return r;
}

export function labelRankingAveragePrecision(yTrue: IndicatorMatrix, yScore: ScoreMatrix): number {
  checkShapes(yTrue, yScore);
  const L = yTrue.cols;
  let out = 0;
  for (let i = 0; i < yTrue.rows; i++) {
    const off = i * L;
    const relevant: number[] = [];
    for (let l = 0; l < L; l++) if (yTrue.data[off + l]) relevant.push(l);
    if (relevant.length === 0 || relevant.length === L) {
      out += 1;
      continue;
    }
    // rankdata(-score, "max")[relevant] and rankdata(-score[relevant], "max"): counts of scores >= s.
    const ratios = relevant.map((j) => {
      const s = yScore.data[off + j]!;
      return maxRankDesc(yScore.data, off, L, s, relevant) / maxRankDesc(yScore.data, off, L, s);
    });
    out += pairwiseSum64(ratios) / ratios.length;
  }
  return out / yTrue.rows;
}

export function macroF1(yTrue: IndicatorMatrix, yPred: IndicatorMatrix): number {
  checkShapes(yTrue, yPred);
  const L = yTrue.cols;
  const f = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let tp = 0;
    let t = 0;
    let p = 0;
    for (let i = 0; i < yTrue.rows; i++) {
      const a = yTrue.data[i * L + l]!;
      const b = yPred.data[i * L + l]!;
      t += a;
      p += b;
      tp += a & b;
    }
    f[l] = t + p === 0 ? 0 : (2 * tp) / (t + p);
  }
  return pairwiseSum64(f) / L;
}

export function hammingScore(yTrue: IndicatorMatrix, yPred: IndicatorMatrix): number {
  checkShapes(yTrue, yPred);
  const L = yTrue.cols;
  const per = new Float64Array(yTrue.rows);
  for (let i = 0; i < yTrue.rows; i++) {
    let inter = 0;
    let union = 0;
    for (let l = 0; l < L; l++) {
      const a = yTrue.data[i * L + l]!;
      const b = yPred.data[i * L + l]!;
      inter += a & b;
      union += a | b;
    }
    per[i] = union === 0 ? 1 : inter / union;
  }
  return pairwiseSum64(per) / per.length;
}

/** All four scores of one experiment (LRAP on the hard predictions, as mteb does for its KNN). */
export function multilabelScores(yTrue: IndicatorMatrix, yPred: IndicatorMatrix): MultilabelScores {
  return {
    accuracy: subsetAccuracy(yTrue, yPred),
    lrap: labelRankingAveragePrecision(yTrue, yPred),
    f1: macroF1(yTrue, yPred),
    hamming: hammingScore(yTrue, yPred),
  };
}
