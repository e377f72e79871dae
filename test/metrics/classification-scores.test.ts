import { describe, expect, it } from 'vitest';
import { accuracy, classificationScores, precisionRecallF1 } from '../../metrics/classification-scores.js';

/**
 * Expected values printed by `/usr/bin/python3 scripts/reference/classification_scores.py`
 * (scikit-learn 1.2.1): accuracy_score, f1/precision/recall_score(average="macro"|"weighted"),
 * average_precision_score(y_true, y_pred) when y_true has two values (as mteb v2 does).
 */
const CASES: Record<string, { yTrue: number[]; yPred: number[]; expected: Record<string, number | null> }> = {
  multiclass_pred_only_label: {
    yTrue: [0, 1, 2, 2, 1, 0, 3, 3],
    yPred: [0, 2, 2, 2, 1, 4, 3, 0],
    expected: {
      accuracy: 0.625,
      f1: 0.5266666666666666,
      f1_weighted: 0.6583333333333333,
      precision: 0.6333333333333333,
      precision_weighted: 0.7916666666666666,
      recall: 0.5,
      recall_weighted: 0.625,
      ap: null,
      ap_weighted: null,
    },
  },
  binary_01: {
    yTrue: [0, 1, 1, 0, 1, 0, 0, 1, 1, 1],
    yPred: [0, 1, 0, 0, 1, 1, 0, 1, 1, 0],
    expected: {
      accuracy: 0.7,
      f1: 0.6969696969696968,
      f1_weighted: 0.7030303030303029,
      precision: 0.7,
      precision_weighted: 0.7200000000000001,
      recall: 0.7083333333333333,
      recall_weighted: 0.7,
      ap: 0.7333333333333334,
      ap_weighted: 0.7333333333333334,
    },
  },
  binary_12: {
    yTrue: [1, 2, 2, 1, 2],
    yPred: [1, 2, 1, 1, 2],
    expected: {
      accuracy: 0.8,
      f1: 0.8,
      f1_weighted: 0.8,
      precision: 0.8333333333333333,
      precision_weighted: 0.8666666666666666,
      recall: 0.8333333333333333,
      recall_weighted: 0.8,
      ap: 0.4,
      ap_weighted: 0.4,
    },
  },
  binary_constant_pred: {
    yTrue: [0, 1, 1, 0],
    yPred: [1, 1, 1, 1],
    expected: {
      accuracy: 0.5,
      f1: 0.3333333333333333,
      f1_weighted: 0.3333333333333333,
      precision: 0.25,
      precision_weighted: 0.25,
      recall: 0.5,
      recall_weighted: 0.5,
      ap: 0.5,
      ap_weighted: 0.5,
    },
  },
  single_true_class: {
    yTrue: [2, 2, 2],
    yPred: [2, 0, 2],
    expected: {
      accuracy: 0.6666666666666666,
      f1: 0.4,
      f1_weighted: 0.8000000000000002,
      precision: 0.5,
      precision_weighted: 1.0,
      recall: 0.3333333333333333,
      recall_weighted: 0.6666666666666666,
      ap: null,
      ap_weighted: null,
    },
  },
};

describe('classification scores vs scikit-learn', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const got = classificationScores(c.yTrue, c.yPred) as unknown as Record<string, number | null>;
      for (const [key, want] of Object.entries(c.expected)) {
        if (want === null) expect(got[key], key).toBeNull();
        else expect(got[key], key).toBeCloseTo(want, 12);
      }
    });
  }

  it('rejects empty and mismatched inputs', () => {
    expect(() => accuracy([], [])).toThrow(RangeError);
    expect(() => precisionRecallF1([1], [1, 2])).toThrow(RangeError);
  });
});
