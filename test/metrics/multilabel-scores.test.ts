import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binarizeLabels, type MultiLabel, multilabelClasses } from '../../metrics/multilabel-binarizer.js';
import { hammingScore, labelRankingAveragePrecision, macroF1, multilabelScores, subsetAccuracy } from '../../metrics/multilabel-scores.js';

/**
 * Reference: test/fixtures/multilabel-reference.json (scripts/reference/multilabel_reference.py,
 * scikit-learn 1.2.1): accuracy_score, label_ranking_average_precision_score, f1_score(average="macro"),
 * MultiLabelBinarizer; hamming = mteb's hamming_score re-stated in numpy. sklearn 1.2 evaluates F1 as
 * 2PR/(P+R), newer releases (which mteb v2 requires) as 2TP/(#true+#pred), hence 1e-15 rather than equality.
 */
interface ScoreCase {
  name: string;
  y_true: number[][];
  y_pred: number[][];
  y_score: number[][];
  accuracy: number;
  lrap: number;
  f1: number;
  hamming: number;
  lrap_score: number;
}
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/multilabel-reference.json'), 'utf8')) as {
  scores: ScoreCase[];
  binarizer: { rows: string[][]; classes: string[]; y: number[][] };
  binarizer_int: { rows: number[][]; classes: number[]; y: number[][]; transform_rows: number[][]; transform_y: number[][] };
};

const ind = (rows: number[][]) => ({ rows: rows.length, cols: rows[0]!.length, data: Uint8Array.from(rows.flat()) });
const rowsOf = (m: { rows: number; cols: number; data: Uint8Array }) =>
  Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

describe('multilabel scores vs scikit-learn', () => {
  for (const c of REF.scores) {
    it(c.name, () => {
      const got = multilabelScores(ind(c.y_true), ind(c.y_pred));
      expect(got.accuracy).toBe(c.accuracy);
      expect(got.lrap).toBeCloseTo(c.lrap, 15);
      expect(got.f1).toBeCloseTo(c.f1, 15);
      expect(got.hamming).toBe(c.hamming);
      const soft = { rows: c.y_score.length, cols: c.y_score[0]!.length, data: c.y_score.flat() };
      expect(labelRankingAveragePrecision(ind(c.y_true), soft)).toBeCloseTo(c.lrap_score, 15);
    });
  }

  it("the spec's worked example (§14.7)", () => {
    const t = ind([
      [1, 0, 0],
      [1, 0, 1],
      [0, 0, 0],
      [0, 1, 1],
    ]);
    const p = ind([
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
      [1, 0, 1],
    ]);
    expect(subsetAccuracy(t, p)).toBe(0.5);
    expect(hammingScore(t, p)).toBeCloseTo(0.708333333, 8);
    expect(macroF1(t, p)).toBeCloseTo(0.488888889, 8);
    expect(labelRankingAveragePrecision(t, p)).toBeCloseTo(0.854166667, 8);
  });

  it('rejects empty and mismatched inputs', () => {
    expect(() => subsetAccuracy(ind([[1]]), ind([[1], [0]]))).toThrow(/shape mismatch/);
    expect(() => hammingScore({ rows: 0, cols: 2, data: new Uint8Array() }, { rows: 0, cols: 2, data: new Uint8Array() })).toThrow(/empty/);
  });
});

describe('MultiLabelBinarizer vs scikit-learn', () => {
  it('string labels: np.unique (code point) order, duplicates collapse, empty rows are zero', () => {
    const classes = multilabelClasses(REF.binarizer.rows);
    expect(classes).toEqual(REF.binarizer.classes);
    expect(rowsOf(binarizeLabels(REF.binarizer.rows, classes))).toEqual(REF.binarizer.y);
  });
  it('integer labels: numeric order; transform drops unknown labels', () => {
    const b = REF.binarizer_int;
    const classes = multilabelClasses(b.rows);
    expect(classes).toEqual(b.classes);
    expect(rowsOf(binarizeLabels(b.rows, classes))).toEqual(b.y);
    expect(rowsOf(binarizeLabels(b.transform_rows, classes))).toEqual(b.transform_y);
  });
  it('mixed numbers and strings cannot be ordered', () => {
    expect(() => multilabelClasses([[1, 'a'] as MultiLabel[]])).toThrow(TypeError);
  });
});
