"""Reference values for test/metrics/classification-scores.test.ts.

    /usr/bin/python3 scripts/reference/classification_scores.py   # scikit-learn 1.2.1 (Debian)

Mirrors mteb v2's classification scoring (mteb/_evaluators/sklearn_evaluator.py): accuracy_score,
f1/precision/recall with average="macro" and "weighted", and average_precision_score on the hard
predicted labels when y_true has exactly two values: classification_parity.scores, which the parity run uses too.
"""
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from classification_parity import scores  # noqa: E402

CASES = {
    "multiclass_pred_only_label": ([0, 1, 2, 2, 1, 0, 3, 3], [0, 2, 2, 2, 1, 4, 3, 0]),
    "binary_01": ([0, 1, 1, 0, 1, 0, 0, 1, 1, 1], [0, 1, 0, 0, 1, 1, 0, 1, 1, 0]),
    "binary_12": ([1, 2, 2, 1, 2], [1, 2, 1, 1, 2]),
    "binary_constant_pred": ([0, 1, 1, 0], [1, 1, 1, 1]),
    "single_true_class": ([2, 2, 2], [2, 0, 2]),
}

warnings.simplefilter("ignore")
out = {}
for name, (t, p) in CASES.items():
    out[name] = scores(np.array(t), np.array(p))
print(json.dumps(out, indent=1))
