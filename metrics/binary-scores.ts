/**
 * Precision, recall and F1 of fixed 0/1 predictions for the positive class (1), in the form mteb's pair
 * classification scan computes them (P = TP/#predicted, R = TP/#positive, F1 = 2PR/(P+R)) and with sklearn's
 * zero_division=0 where a ratio is undefined: a resample of pairs may have no predicted or no true positive.
 */
export interface BinaryScores {
  precision: number;
  recall: number;
  f1: number;
}

export function binaryScores(gold: ArrayLike<number>, pred: ArrayLike<number>): BinaryScores {
  let tp = 0;
  let predicted = 0;
  let positive = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] === 1 ? 1 : 0;
    const p = pred[i] === 1 ? 1 : 0;
    tp += g & p;
    predicted += p;
    positive += g;
  }
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = positive === 0 ? 0 : tp / positive;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
