"""Reference run of mteb v2's classification algorithm (spec section 3) with scikit-learn on the mirrored
Banking77Classification, EmotionClassification and AmazonCounterfactualClassification (en) data, using
deterministic hash embeddings, for test/tasks/types/classification-parity.test.ts.

    /usr/bin/python3 scripts/reference/classification_parity.py ../shared/hub > test/fixtures/classification-parity.json

Versions used for the committed fixture: scikit-learn 1.2.1, scipy 1.10.1, numpy 1.24.2 (Debian).

Embeddings: hash_embed(text, 256) from scripts/reference/hash_embeddings.py (identical to
test/helpers/hash-embeddings.ts), then each row divided by its L2 norm in float64 and cast to float32
(rows with norm 0 stay 0). Both steps are bit-identical in TypeScript.

Algorithm (mteb/abstasks/classification.py, v2): idxs = list(range(n_train)); for each of 10 experiments
np.random.RandomState(42).shuffle(idxs) (cumulative), keep the first samples_per_label rows per label in
walk order; fit LogisticRegression(max_iter=100) on those embeddings (walk order), predict the eval split,
score with accuracy/f1/precision/recall (macro, weighted) and average_precision_score on hard labels when
y_test is binary; the reported value is np.mean over experiments.

Two classifiers are run per experiment:
- "sklearn-1.2": sklearn 1.2.1's own LogisticRegression(max_iter=100);
- "modern": the lbfgs call of sklearn >= 1.3 (mean loss + 1/(2Cn)||w||^2, maxls=50, ftol=64*eps,
  gtol=1e-4) rebuilt from 1.2.1's LinearModelLoss and scipy's L-BFGS-B (see logistic_regression.py).
Runs with scale 16 are keyed "<task>/<subset>/<split>/x16". Predictions are stored as one character per eval row: chr(48 + label).
"""
import gzip
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, precision_score, recall_score

sys.path.insert(0, os.path.dirname(__file__))
from hash_embeddings import hash_embed  # noqa: E402
from logistic_regression import modern_fit  # noqa: E402

DIM = 256
# (task, repo, subset, file pattern, eval splits, samples_per_label, embedding scale). Scale 16 (exact in
# float32) weakens the L2 penalty relative to the data so that the solver runs into max_iter=100: it
# checks that the L-BFGS path itself is reproduced, not only the optimum.
CASES = [
    ("Banking77Classification", "mteb/banking77", "default", "data/{split}.jsonl", ["test"], 8, 1),
    ("EmotionClassification", "mteb/emotion", "default", "data/{split}.jsonl", ["test"], 16, 1),
    ("AmazonCounterfactualClassification", "mteb/amazon_counterfactual", "en", "data/en/{split}.jsonl.gz", ["validation", "test"], 32, 1),
    ("Banking77Classification", "mteb/banking77", "default", "data/{split}.jsonl", ["test"], 8, 16),
    ("EmotionClassification", "mteb/emotion", "default", "data/{split}.jsonl", ["test"], 16, 16),
]


def read_rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def embed(texts, scale=1):
    x = hash_embed(texts, DIM).astype(np.float64)
    norm = np.sqrt((x * x).sum(axis=1, keepdims=True))
    return np.where(norm > 0, x / np.where(norm > 0, norm, 1), 0).astype(np.float32) * np.float32(scale)


def undersample(labels, idxs, samples_per_label):
    np.random.RandomState(42).shuffle(idxs)
    counts = {}
    out = []
    for i in idxs:
        c = counts.get(labels[i], 0)
        if c < samples_per_label:
            out.append(i)
            counts[labels[i]] = c + 1
    return out


def scores(y_test, y_pred):
    s = {
        "accuracy": accuracy_score(y_test, y_pred),
        "f1": f1_score(y_test, y_pred, average="macro"),
        "f1_weighted": f1_score(y_test, y_pred, average="weighted"),
        "precision": precision_score(y_test, y_pred, average="macro"),
        "precision_weighted": precision_score(y_test, y_pred, average="weighted"),
        "recall": recall_score(y_test, y_pred, average="macro"),
        "recall_weighted": recall_score(y_test, y_pred, average="weighted"),
        "ap": None,
        "ap_weighted": None,
    }
    if len(np.unique(y_test)) == 2:
        s["ap"] = average_precision_score(y_test, y_pred, average="macro")
        s["ap_weighted"] = average_precision_score(y_test, y_pred, average="weighted")
    return s


def main(hub):
    warnings.simplefilter("ignore")
    out = {"versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__}, "dim": DIM, "runs": {}}
    for name, repo, subset, pattern, splits, spl, scale in CASES:
        root = os.path.join(hub, "datasets", repo)
        train = read_rows(os.path.join(root, pattern.format(split="train")))
        labels = [r["label"] for r in train]
        idxs = list(range(len(train)))
        experiments = [undersample(labels, idxs, spl) for _ in range(10)]
        union = sorted(set(i for e in experiments for i in e))
        pos = {i: k for k, i in enumerate(union)}
        train_emb = embed([train[i]["text"] for i in union], scale)
        for split in splits:
            ev = read_rows(os.path.join(root, pattern.format(split=split)))
            test_emb = embed([r["text"] for r in ev], scale)
            y_test = np.array([r["label"] for r in ev])
            run = {}
            for mode in ("sklearn-1.2", "modern"):
                exps = []
                for rows in experiments:
                    X = train_emb[[pos[i] for i in rows]]
                    y = np.array([labels[i] for i in rows])
                    if mode == "sklearn-1.2":
                        lr = LogisticRegression(max_iter=100, random_state=42).fit(X, y)
                        pred, n_iter = lr.predict(test_emb), int(lr.n_iter_[0])
                    else:
                        coef, intercept, n_iter = modern_fit(X, y)
                        sc = test_emb.astype(np.float64) @ coef.T + intercept
                        classes = np.unique(y)
                        pred = classes[(sc[:, 0] > 0).astype(int) if sc.shape[1] == 1 else sc.argmax(axis=1)]
                    s = scores(y_test, pred)
                    s["n_iter"] = n_iter
                    s["pred"] = "".join(chr(48 + int(p)) for p in pred)
                    exps.append(s)
                mean = {}
                for k in ["accuracy", "f1", "f1_weighted", "precision", "precision_weighted", "recall", "recall_weighted", "ap", "ap_weighted"]:
                    vals = [e[k] for e in exps if e[k] is not None]
                    mean[k] = float(np.mean(vals)) if vals else None
                run[mode] = {"mean": mean, "experiments": exps}
            out["runs"][f"{name}/{subset}/{split}" + (f"/x{scale}" if scale != 1 else "")] = run
            print(f"# {name} {subset} {split}: " + ", ".join(f"{m} acc {run[m]['mean']['accuracy']:.6f}" for m in run), file=sys.stderr)
    json.dump(out, sys.stdout, separators=(",", ":"))
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/hub")
