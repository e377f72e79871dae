"""Reference run of mteb v2's multilabel classification (AbsTaskMultilabelClassification) with scikit-learn on
the mirrored CEDRClassification and BrazilianToxicTweetsClassification, for
test/tasks/types/multilabel-classification-parity.test.ts.

    /usr/bin/python3 scripts/reference/multilabel_mirror_parity.py ../shared/hub > test/fixtures/multilabel-mirror-parity.json

Debian scikit-learn 1.2.1 / numpy 1.24.2. Embeddings: hash_embed(text, 64) from scripts/reference/hash_embeddings.py
(identical to test/helpers/hash-embeddings.ts), either raw ("counts": small integers, so every distance is
exact and only sklearn's neighbour heap decides ties between duplicate texts) or with each row divided by its
L2 norm in float64 and cast to float32 ("unit", the usual case of a normalized model).

The algorithm is the one re-stated in scripts/reference/multilabel_reference.py (evaluate_subset): one
np.random.default_rng(42) per task, 10 experiments of the any-label-under-quota walk with samples_per_label 8,
MultiLabelBinarizer fitted on the test labels, KNeighborsClassifier(n_neighbors=5), accuracy (classifier.score),
label_ranking_average_precision_score on the predictions, f1_score(average="macro"), mteb's hamming_score.
Predictions are stored per experiment as one character per test row: chr(48 + the row's bits as an integer,
label column j = bit j).
"""
import gzip
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MultiLabelBinarizer

sys.path.insert(0, os.path.dirname(__file__))
from hash_embeddings import hash_embed  # noqa: E402
from multilabel_reference import scores_of, undersample  # noqa: E402

DIM = 64
TASKS = [("CEDRClassification", "mteb/CEDRClassification"), ("BrazilianToxicTweetsClassification", "mteb/BrazilianToxicTweetsClassification")]


def read_rows(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def embed(texts, mode):
    m = hash_embed(texts, DIM)
    if mode == "unit":
        x = m.astype(np.float64)
        n = np.sqrt((x * x).sum(axis=1))
        n[n == 0] = 1
        m = (x / n[:, None]).astype(np.float32)
    return m


def main():
    hub = sys.argv[1] if len(sys.argv) > 1 else "../shared/hub"
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "dim": DIM, "runs": {}}
    for name, repo in TASKS:
        train = read_rows(os.path.join(hub, "datasets", repo, "data", "train.jsonl.gz"))
        test = read_rows(os.path.join(hub, "datasets", repo, "data", "test.jsonl.gz"))
        y_train = [r["label"] for r in train]
        y_test = [r["label"] for r in test]
        for mode in ("counts", "unit"):
            np_rng = np.random.default_rng(42)
            samples = [undersample(np_rng, y_train, 8) for _ in range(10)]
            union = sorted(set(i for s in samples for i in s))
            emb = dict(zip(union, embed([train[i]["text"] for i in union], mode)))
            X_test = embed([r["text"] for r in test], mode)
            binarizer = MultiLabelBinarizer()
            Y_test = binarizer.fit_transform(y_test)
            per, preds = [], []
            for s in samples:
                clf = KNeighborsClassifier(n_neighbors=5).fit(np.stack([emb[i] for i in s]), binarizer.transform([y_train[i] for i in s]))
                pred = clf.predict(X_test)
                sc = scores_of(Y_test, pred)
                sc["accuracy"] = float(clf.score(X_test, Y_test))
                per.append(sc)
                weights = 1 << np.arange(pred.shape[1])
                preds.append("".join(chr(48 + int(v)) for v in (pred * weights).sum(axis=1)))
            out["runs"][f"{name}/{mode}"] = {
                "classes": [c if isinstance(c, str) else int(c) for c in binarizer.classes_],
                "samples": samples,
                "scores_per_experiment": per,
                "mean": {k: float(np.mean([p[k] for p in per])) for k in per[0]},
                "pred": preds,
            }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
