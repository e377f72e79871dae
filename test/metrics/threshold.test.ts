import { describe, expect, it } from 'vitest';
import { bestAccuracyThreshold, bestF1Threshold, stableOrder } from '../../metrics/threshold.js';

// Reference values: scripts/reference/metrics_small.py (a transcription of mteb v2's
// _find_best_acc_and_threshold / _find_best_f1_and_threshold), run with /usr/bin/python3.
const scores = [0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.2, 0.1, 0.0];
const labels = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0];

function check(s: number[], y: number[], high: boolean, acc: [number, number], f1: [number, number, number, number]) {
  const a = bestAccuracyThreshold(s, y, high);
  expect(a.accuracy).toBeCloseTo(acc[0], 14);
  expect(a.threshold).toBeCloseTo(acc[1], 14);
  const f = bestF1Threshold(s, y, high);
  expect([f.f1, f.precision, f.recall, f.threshold].map((v) => Number(v.toFixed(14)))).toEqual(f1.map((v) => Number(v.toFixed(14))));
}

describe('threshold scans (mteb pair classification)', () => {
  it('similarity direction (descending)', () => check(scores, labels, true, [0.7, 0.8], [0.7272727272727272, 0.6666666666666666, 0.8, 0.5]));
  it('distance direction (ascending)', () => check(scores, labels, false, [0.5, 0.15000000000000002], [0.6153846153846154, 0.5, 0.8, 0.8]));
  it('single class: all negative', () => check([0.3, 0.2, 0.1], [0, 0, 0], true, [0.6666666666666666, 0.25], [0, 0, 0, 0]));
  it('single class: all positive (last row is never a cut)', () =>
    check([0.3, 0.2, 0.1], [1, 1, 1], true, [0.6666666666666666, 0.15000000000000002], [0.8, 1.0, 0.6666666666666666, 0.15000000000000002]));
  it('ties keep input order (Python stable sort, also reversed)', () => {
    check([0.5, 0.5, 0.1], [0, 1, 0], true, [0.6666666666666666, 0.3], [0.6666666666666666, 0.5, 1.0, 0.3]);
    expect([...stableOrder([0.5, 0.5, 0.1, 0.5], true)]).toEqual([0, 1, 3, 2]);
    expect([...stableOrder([0.5, 0.5, 0.1, 0.5], false)]).toEqual([2, 0, 1, 3]);
  });
  it('empty and one-row inputs give the initial values', () => {
    expect(bestAccuracyThreshold([], [], true)).toEqual({ accuracy: 0, threshold: -1, cut: -1 });
    expect(bestF1Threshold([0.4], [1], true)).toEqual({ f1: 0, precision: 0, recall: 0, threshold: 0, cut: -1 });
  });
});
