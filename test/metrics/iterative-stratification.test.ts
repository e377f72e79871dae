import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iterativeTrainTestSplitTestIndices } from '../../metrics/iterative-stratification.js';

/**
 * mteb's `_iterative_train_test_split` (scikit-multilearn's IterativeStratification, order 2, RandomState(42)).
 * Reference: test/fixtures/multilabel-reference.json, from scripts/reference/multilabel_reference.py, which
 * implements the algorithm from its definition and, given the path of mteb's own copy
 * (mteb/abstasks/_stratification.py @ a905523d), checks that copy returns the same indices
 * (`stratification_checked_against_mteb`).
 */
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/multilabel-reference.json'), 'utf8')) as {
  stratification: { y: number[][]; test_size: number; test_idx: number[] }[];
  stratification_checked_against_mteb: boolean;
};

describe('iterative stratification vs the reference', () => {
  REF.stratification.forEach((c, k) => {
    it(`case ${k}: ${c.y.length} rows, test_size ${c.test_size}`, () => {
      const y = { rows: c.y.length, cols: c.y[0]!.length, data: Uint8Array.from(c.y.flat()) };
      expect(iterativeTrainTestSplitTestIndices(y, c.test_size, 42)).toEqual(c.test_idx);
    });
  });
  it("the reference was checked against mteb's own copy", () => {
    expect(REF.stratification_checked_against_mteb).toBe(true);
  });
});
