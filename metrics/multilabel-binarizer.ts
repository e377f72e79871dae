/**
 * scikit-learn's `MultiLabelBinarizer` as mteb's multilabel evaluator uses it
 * (mteb/abstasks/multilabel_classification.py; sklearn/preprocessing/_label.py): `fit` collects the labels
 * that occur, `classes_ = np.unique(...)` orders them (numbers ascending, strings by code point), duplicate
 * labels in a row collapse, an empty row is all zeros, and `transform` silently drops unknown labels.
 */
import { compareCodePoints } from './code-point-order.js';

export type MultiLabel = number | string;

/** A 0/1 indicator matrix, row-major (`rows` × `cols`). */
export interface IndicatorMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Uint8Array;
}

/** `np.unique` order of the labels occurring in `rows`; mixed numbers and strings cannot be ordered (numpy raises too). */
export function multilabelClasses(rows: readonly (readonly MultiLabel[])[]): MultiLabel[] {
  const seen = new Set<MultiLabel>();
  for (const r of rows) for (const l of r) seen.add(l);
  const all = [...seen];
  const nums = all.filter((l): l is number => typeof l === 'number');
  if (nums.length && nums.length !== all.length) {
    throw new TypeError('labels mix numbers and strings, which cannot be ordered (numpy.unique raises the same)');
  }
  if (nums.length) {
    if (nums.some((n) => Number.isNaN(n))) throw new TypeError('a label is NaN');
    return nums.sort((a, b) => a - b);
  }
  return (all as string[]).sort(compareCodePoints);
}

/** Maps each row's labels onto `classes` (unknown labels are dropped, as sklearn's transform does). */
export function binarizeLabels(rows: readonly (readonly MultiLabel[])[], classes: readonly MultiLabel[]): IndicatorMatrix {
  const pos = new Map<MultiLabel, number>();
  classes.forEach((c, i) => pos.set(c, i));
  const cols = classes.length;
  const data = new Uint8Array(rows.length * cols);
  rows.forEach((r, i) => {
    for (const l of r) {
      const j = pos.get(l);
      if (j !== undefined) data[i * cols + j] = 1;
    }
  });
  return { rows: rows.length, cols, data };
}

/** Labels of `rows` that are not in `classes` (sklearn warns "unknown class(es) ... will be ignored"). */
export function unknownLabels(rows: readonly (readonly MultiLabel[])[], classes: readonly MultiLabel[]): MultiLabel[] {
  const known = new Set(classes);
  const out = new Set<MultiLabel>();
  for (const r of rows) for (const l of r) if (!known.has(l)) out.add(l);
  return [...out];
}
