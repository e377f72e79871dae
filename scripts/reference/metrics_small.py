"""Reference values for test/metrics/{threshold,similarity,bitext}.test.ts.

Run: /usr/bin/python3 scripts/reference/metrics_small.py
Threshold scans are a verbatim transcription of mteb's AbsTaskPairClassification._find_best_acc_and_threshold /
_find_best_f1_and_threshold (mteb v2); distances use sklearn.metrics.pairwise; bitext uses sklearn
precision/recall/f1_score(average="weighted", zero_division=0).
"""
import json
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances


def best_acc(scores, labels, high):
    rows = sorted(zip(scores, labels), key=lambda x: x[0], reverse=high)
    max_acc, best_t, pos, neg = 0, -1.0, 0, sum(np.array(labels) == 0)
    for i in range(len(rows) - 1):
        if rows[i][1] == 1:
            pos += 1
        else:
            neg -= 1
        acc = (pos + neg) / len(labels)
        if acc > max_acc:
            max_acc, best_t = acc, (rows[i][0] + rows[i + 1][0]) / 2
    return float(max_acc), float(best_t)


def best_f1(scores, labels, high):
    rows = sorted(zip(scores, labels), key=lambda x: x[0], reverse=high)
    bf = bp = br = 0.0
    t = 0
    nex = nc = 0
    tot = sum(labels)
    for i in range(len(rows) - 1):
        nex += 1
        if rows[i][1] == 1:
            nc += 1
        if nc > 0:
            p = nc / nex
            r = nc / tot
            f = 2 * p * r / (p + r)
            if f > bf:
                bf, bp, br, t = f, p, r, (rows[i][0] + rows[i + 1][0]) / 2
    return [bf, bp, br, float(t)]


def main():
    out = {}
    scores = [0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.2, 0.1, 0.0]
    labels = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]
    out["thr_high"] = {"acc": best_acc(scores, labels, True), "f1": best_f1(scores, labels, True)}
    out["thr_low"] = {"acc": best_acc(scores, labels, False), "f1": best_f1(scores, labels, False)}
    out["thr_allneg"] = {"acc": best_acc([0.3, 0.2, 0.1], [0, 0, 0], True), "f1": best_f1([0.3, 0.2, 0.1], [0, 0, 0], True)}
    out["thr_allpos"] = {"acc": best_acc([0.3, 0.2, 0.1], [1, 1, 1], True), "f1": best_f1([0.3, 0.2, 0.1], [1, 1, 1], True)}
    # ties keep input order: positive listed after negative at the same score
    out["thr_tie"] = {"acc": best_acc([0.5, 0.5, 0.1], [0, 1, 0], True), "f1": best_f1([0.5, 0.5, 0.1], [0, 1, 0], True)}

    a = np.array([[1, 2, 3], [0, 0, 0], [1, -1, 0.5], [3, 0, 0]], dtype=np.float32)
    b = np.array([[2, 2, 2], [1, 0, 0], [-1, 1, -0.5], [0, 4, 0]], dtype=np.float32)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    out["sim"] = {
        "cosine": (1 - paired_cosine_distances(a64, b64)).tolist(),
        "manhattan": paired_manhattan_distances(a64, b64).tolist(),
        "euclidean": paired_euclidean_distances(a64, b64).tolist(),
        "dot": (a64 * b64).sum(1).tolist(),
    }

    def weighted(y, p):
        return {
            "precision": precision_score(y, p, zero_division=0, average="weighted"),
            "recall": recall_score(y, p, zero_division=0, average="weighted"),
            "f1": f1_score(y, p, zero_division=0, average="weighted"),
            "accuracy": accuracy_score(y, p),
        }

    out["bitext_perm"] = weighted([0, 1, 2, 3, 4, 5], [0, 1, 1, 3, 3, 3])
    out["bitext_dup_gold"] = weighted([2, 2, 0, 1, 5], [2, 0, 0, 1, 4])
    out["bitext_none"] = weighted([0, 1, 2], [1, 2, 0])
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
