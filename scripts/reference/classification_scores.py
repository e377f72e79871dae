"""Reference values for test/metrics/classification-scores.test.ts.

    /usr/bin/python3 scripts/reference/classification_scores.py   # scikit-learn 1.2.1 (Debian)

Mirrors mteb v2's classification scoring (mteb/_evaluators/sklearn_evaluator.py): accuracy_score,
f1/precision/recall with average="macro" and "weighted", and average_precision_score on the hard
predicted labels when y_true has exactly two values.
"""
import json
import warnings

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    precision_score,
    recall_score,
)

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
    t, p = np.array(t), np.array(p)
    r = {
        "accuracy": accuracy_score(t, p),
        "f1": f1_score(t, p, average="macro"),
        "f1_weighted": f1_score(t, p, average="weighted"),
        "precision": precision_score(t, p, average="macro"),
        "precision_weighted": precision_score(t, p, average="weighted"),
        "recall": recall_score(t, p, average="macro"),
        "recall_weighted": recall_score(t, p, average="weighted"),
        "ap": None,
        "ap_weighted": None,
    }
    if len(np.unique(t)) == 2:
        r["ap"] = average_precision_score(t, p, average="macro")
        r["ap_weighted"] = average_precision_score(t, p, average="weighted")
    out[name] = r
print(json.dumps(out, indent=1))
