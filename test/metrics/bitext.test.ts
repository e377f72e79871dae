import { describe, expect, it } from 'vitest';
import { bitextScores } from '../../metrics/bitext.js';

// Reference values: scripts/reference/metrics_small.py ("bitext_*"): sklearn precision/recall/f1_score
// (average="weighted", zero_division=0) and accuracy_score.
describe('bitextScores (sklearn weighted P/R/F1)', () => {
  it('gold = identity, some collisions (closed form of mteb/_evaluators/text/bitext_mining_evaluator.py)', () => {
    const s = bitextScores([0, 1, 2, 3, 4, 5], [0, 1, 1, 3, 3, 3]);
    expect(s.precision).toBeCloseTo(0.3055555555555555, 14);
    expect(s.recall).toBeCloseTo(0.5, 14);
    expect(s.f1).toBeCloseTo(0.3611111111111111, 14);
    expect(s.accuracy).toBe(0.5);
    // closed form: precision = (1/1 + 1/2 + 1/3)/6, f1 = (2/2 + 2/3 + 2/4)/6
    expect(s.precision).toBeCloseTo((1 + 1 / 2 + 1 / 3) / 6, 14);
    expect(s.f1).toBeCloseTo((1 + 2 / 3 + 2 / 4) / 6, 14);
  });
  it('repeated gold labels (BUCC-style gold)', () => {
    const s = bitextScores([2, 2, 0, 1, 5], [2, 0, 0, 1, 4]);
    expect(s.precision).toBeCloseTo(0.7, 14);
    expect(s.recall).toBeCloseTo(0.6, 14);
    expect(s.f1).toBeCloseTo(0.6, 14);
    expect(s.accuracy).toBeCloseTo(0.6, 14);
  });
  it('no correct prediction', () => expect(bitextScores([0, 1, 2], [1, 2, 0])).toEqual({ precision: 0, recall: 0, f1: 0, accuracy: 0 }));
  it('empty is NaN; length mismatch throws', () => {
    expect(bitextScores([], []).f1).toBeNaN();
    expect(() => bitextScores([0], [])).toThrow(RangeError);
  });
});
