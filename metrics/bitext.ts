/**
 * Bitext-mining scores as mteb computes them with sklearn: accuracy, and precision/recall/f1 with
 * average="weighted", zero_division=0, over gold labels y and predicted corpus indices p.
 * Per label l (sorted union of y and p): tp_l, support_l = #(y = l), predicted_l = #(p = l);
 * P_l = tp_l/predicted_l, R_l = tp_l/support_l, F_l = 2 tp_l / (support_l + predicted_l) (0 when undefined);
 * weighted = Σ_l support_l · metric_l / n. Labels that never occur in y have weight 0.
 * With unique gold labels (gold i ↔ i) this reduces to the closed form of mteb/_evaluators/text/bitext_mining_evaluator.py:
 * recall = accuracy, precision = (1/n)·Σ_{correct} 1/c_l, f1 = (1/n)·Σ_{correct} 2/(1+c_l).
 */
export interface BitextScores {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

export function bitextScores(gold: ArrayLike<number>, predicted: ArrayLike<number>): BitextScores {
  const n = gold.length;
  if (predicted.length !== n) throw new RangeError(`bitextScores: ${n} gold labels but ${predicted.length} predictions`);
  if (n === 0) return { precision: NaN, recall: NaN, f1: NaN, accuracy: NaN };
  const support = new Map<number, number>();
  const predCount = new Map<number, number>();
  const tp = new Map<number, number>();
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = gold[i]!;
    const p = predicted[i]!;
    support.set(y, (support.get(y) ?? 0) + 1);
    predCount.set(p, (predCount.get(p) ?? 0) + 1);
    if (y === p) {
      correct++;
      tp.set(y, (tp.get(y) ?? 0) + 1);
    }
  }
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  // Only labels with true support carry weight; iterate them in sorted order like sklearn's label set.
  const labels = [...support.keys()].sort((a, b) => a - b);
  for (const l of labels) {
    const s = support.get(l)!;
    const t = tp.get(l) ?? 0;
    const c = predCount.get(l) ?? 0;
    const p = c === 0 ? 0 : t / c;
    const r = t / s;
    const f = t === 0 ? 0 : (2 * t) / (s + c);
    precision += s * p;
    recall += s * r;
    f1 += s * f;
  }
  return { precision: precision / n, recall: recall / n, f1: f1 / n, accuracy: correct / n };
}
