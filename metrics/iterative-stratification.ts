/**
 * Iterative stratification (Sechidis et al. 2011; Szymański & Kajdanowicz 2017) as mteb's copy of
 * scikit-multilearn runs it (mteb/abstasks/_stratification.py `_iterative_train_test_split`, order 2, two
 * folds with sample distribution [p, 1 − p], RandomState(seed)). mteb reaches it only through
 * `stratified_subsampling` on a list-valued label column (`_multilabel_subsampling`, mteb/abstasks/abstask.py),
 * keeping fold 0 with test_size = n_samples / n_rows.
 *
 * Steps reproduced exactly, because the result depends on each of them:
 * - combinations: for each row (in order) every pair (a, b), a ≤ b, of its sorted positive columns
 *   (`itertools.combinations_with_replacement`), kept in order of first appearance with their row lists;
 * - positive evidence: pick the first non-empty combination in that order, switching only to one with
 *   strictly more distinct labels and strictly fewer rows; pop rows from the END of its list; folds with the
 *   maximal desired count for the combination are candidates, a tie between two is `RandomState.choice`
 *   (one MT19937 word & 1);
 * - negative evidence: unassigned rows popped from the end of the ascending list; candidate folds are those
 *   with desired count > 0; a single candidate consumes no draw.
 */

import type { IndicatorMatrix } from './multilabel-binarizer.js';
import { NumpyRandomState } from './random.js';

/** `RandomState.choice(candidates, 1)[0]`: randint(0, n) by masked rejection (no draw when n = 1). */
function choose(rs: NumpyRandomState, candidates: readonly number[]): number {
  if (candidates.length === 0) throw new RangeError('iterative stratification: no fold can take the row (a cannot be empty)');
  return candidates[rs.boundedMasked(candidates.length - 1)]!;
}

/**
 * Fold assignment of every row (0 or 1) for `IterativeStratification(n_splits=2, order=2,
 * sample_distribution_per_fold=[testSize, 1 − testSize], random_state=seed)`.
 */
export function iterativeStratificationFolds(y: IndicatorMatrix, testSize: number, seed = 42): Uint8Array {
  const n = y.rows;
  const L = y.cols;
  const pct = [testSize, 1 - testSize];
  const rs = new NumpyRandomState(seed);
  const desired = [pct[0]! * n, pct[1]! * n];
  const combos = new Map<string, { labels: number; rows: number[] }>();
  const perRow: string[][] = [];
  for (let i = 0; i < n; i++) {
    const pos: number[] = [];
    for (let l = 0; l < L; l++) if (y.data[i * L + l]) pos.push(l);
    const mine: string[] = [];
    for (let a = 0; a < pos.length; a++) {
      for (let b = a; b < pos.length; b++) {
        const key = `${pos[a]},${pos[b]}`;
        let c = combos.get(key);
        if (!c) combos.set(key, (c = { labels: a === b ? 1 : 2, rows: [] }));
        c.rows.push(i);
        mine.push(key);
      }
    }
    perRow.push(mine);
  }
  const desiredPerCombo = new Map<string, number[]>();
  for (const [key, c] of combos) desiredPerCombo.set(key, [c.rows.length * pct[0]!, c.rows.length * pct[1]!]);

  const fold = new Uint8Array(n).fill(255);
  const mostDesired = (): string | undefined => {
    let chosen: string | undefined;
    let bestLabels = 0;
    let bestSupport = 0;
    for (const [key, c] of combos) {
      const support = c.rows.length;
      if (support === 0) continue;
      if (chosen === undefined || (bestLabels < c.labels && bestSupport > support)) {
        chosen = key;
        bestLabels = c.labels;
        bestSupport = support;
      }
    }
    return chosen;
  };

  for (let key = mostDesired(); key !== undefined; key = mostDesired()) {
    const list = combos.get(key)!.rows;
    while (list.length > 0) {
      const row = list.pop()!;
      if (fold[row] !== 255) continue;
      const want = desiredPerCombo.get(key)!;
      const max = Math.max(want[0]!, want[1]!);
      const cands = [0, 1].filter((f) => want[f] === max);
      const f = cands.length === 1 ? cands[0]! : choose(rs, cands);
      fold[row] = f;
      for (const other of perRow[row]!) {
        const rows = combos.get(other)!.rows;
        const at = rows.indexOf(row);
        if (at >= 0) rows.splice(at, 1);
        desiredPerCombo.get(other)![f]! -= 1;
      }
      desired[f]! -= 1;
    }
  }

  const available: number[] = [];
  for (let i = 0; i < n; i++) if (fold[i] === 255) available.push(i);
  while (available.length > 0) {
    const row = available.pop()!;
    const f = choose(
      rs,
      [0, 1].filter((k) => desired[k]! > 0),
    );
    desired[f]! -= 1;
    fold[row] = f;
  }
  return fold;
}

/** mteb `_iterative_train_test_split(...)[1]`: the fold-0 ("test") rows in ascending order. */
export function iterativeTrainTestSplitTestIndices(y: IndicatorMatrix, testSize: number, seed = 42): number[] {
  const fold = iterativeStratificationFolds(y, testSize, seed);
  const out: number[] = [];
  fold.forEach((f, i) => {
    if (f === 0) out.push(i);
  });
  return out;
}
