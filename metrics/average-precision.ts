/**
 * Average precision with sklearn `average_precision_score` semantics (binary case):
 * thresholds are the distinct scores in descending order (ties grouped into one step);
 * AP = sum_t (R_t - R_{t-1}) * P_t with R_0 = 0. Computed in float64.
 *
 * Edge cases as sklearn 1.2: no positive label -> recall is 1 at every threshold, so AP = P at the
 * highest threshold = 0; empty input -> NaN (sklearn raises); non-finite score -> RangeError (sklearn
 * raises "Input contains NaN"). `descendingOrder`: the indices by descending score, when the caller has them.
 */
import { stableArgsort } from './argsort.js';

export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>, descendingOrder?: Uint32Array): number {
  const n = yTrue.length;
  if (scores.length !== n) throw new RangeError(`averagePrecision: ${n} labels but ${scores.length} scores`);
  if (n === 0) return NaN;
  let totalPos = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    if (y !== 0 && y !== 1) throw new RangeError(`averagePrecision: label ${y} at index ${i} is not 0 or 1`);
    if (!Number.isFinite(scores[i]!)) throw new RangeError(`averagePrecision: score ${scores[i]} at index ${i} is not finite`);
    totalPos += y;
  }
  // Descending by score; order inside a tie does not matter because ties form one threshold.
  const s = Float64Array.from(scores as ArrayLike<number>);
  const order = descendingOrder ?? stableArgsort(s, true);

  let tp = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let k = 0; k < n; k++) {
    const idx = order[k]!;
    tp += yTrue[idx]!;
    // Only the last element of a tie group is a threshold.
    if (k + 1 < n && s[order[k + 1]!] === s[idx]) continue;
    const precision = tp / (k + 1);
    const recall = totalPos === 0 ? 1 : tp / totalPos;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}
