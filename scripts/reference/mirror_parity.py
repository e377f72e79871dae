"""Independent reference scores for the issue-2 parity tests (test/tasks/types/parity.test.ts).

Usage (from the repo root; needs numpy, scipy, scikit-learn, e.g. Debian python3-sklearn):
    /usr/bin/python3 scripts/reference/mirror_parity.py ../shared/hub > test/fixtures/mirror-parity.json

Reads the real mirrored datasets, embeds every text with hash_embed (scripts/reference/hash_embeddings.py,
the same function as test/helpers/hash-embeddings.ts, dim 64, float32) and computes every score key the way
mteb v2 does, with scipy/sklearn:
- STS (mteb AbsTaskSTS): gold (x-0)/(5-0); cosine = 1 - paired_cosine_distances (float32, as mteb),
  manhattan/euclidean = -paired_*_distances, similarity = row-normalized float32 dot (mteb's pairwise cosine);
  scipy pearsonr / spearmanr on Python float lists.
- PairClassification: same score vectors + row dot products; threshold scans transcribed from mteb v2
  AbsTaskPairClassification; AP = sklearn average_precision_score(labels, s or -s).
- BitextMining (Tatoeba): cosine similarity in float64 rounded to float32, top-1 by numpy argmax (first index
  on ties);
  sklearn precision/recall/f1_score(average="weighted", zero_division=0), accuracy_score.
"""
import glob
import gzip
import json
import os
import sys

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, precision_score, recall_score
from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hash_embeddings import hash_embed  # noqa: E402
from metrics_small import best_acc, best_f1  # noqa: E402


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def model_cosine(a, b):
    an = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    bn = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return (an * bn).sum(1)


def sts_scores(rows):
    gold = [(r["score"] - 0) / (5 - 0) for r in rows]
    e1 = hash_embed([r["sentence1"] for r in rows])
    e2 = hash_embed([r["sentence2"] for r in rows])
    return sts_metrics(gold, e1, e2)


def sts_metrics(gold, e1, e2):
    """Every STS score key of mteb AbsTaskSTS from the gold scores and the two sides' vectors."""
    preds = {
        "": model_cosine(e1, e2),
        "cosine_": 1 - paired_cosine_distances(e1, e2),
        "manhattan_": -paired_manhattan_distances(e1, e2),
        "euclidean_": -paired_euclidean_distances(e1, e2),
    }
    out = {}
    for prefix, p in preds.items():
        p = p.tolist()
        out[prefix + "pearson"] = float(pearsonr(gold, p)[0])
        out[prefix + "spearman"] = float(spearmanr(gold, p)[0])
    return out


def pair_scores(rows):
    if len(rows) == 1:  # 1-row list split, expanded like mteb
        rows = [dict(zip(rows[0].keys(), vals)) for vals in zip(*rows[0].values())]
    rows = [{("sentence1" if k == "sent1" else "sentence2" if k == "sent2" else k): v for k, v in r.items()} for r in rows]
    labels = np.array([r["labels"] for r in rows])
    e1 = hash_embed([r["sentence1"] for r in rows])
    e2 = hash_embed([r["sentence2"] for r in rows])
    vectors = [
        ("similarity", model_cosine(e1, e2), True),
        ("cosine", 1 - paired_cosine_distances(e1, e2), True),
        ("manhattan", paired_manhattan_distances(e1, e2), False),
        ("euclidean", paired_euclidean_distances(e1, e2), False),
        ("dot", np.asarray([np.dot(e1[i], e2[i]) for i in range(len(e1))]), True),
    ]
    out, maxes = {}, {}
    for name, s, high in vectors:
        s = s.tolist()
        acc, _ = best_acc(s, labels, high)
        f1, p, r, _ = best_f1(s, labels, high)
        ap = average_precision_score(labels, np.array(s) * (1 if high else -1))
        for k, v in (("accuracy", acc), ("f1", f1), ("precision", p), ("recall", r), ("ap", ap)):
            out[f"{name}_{k}"] = float(v)
            maxes.setdefault(k, []).append(float(v))
    for k, v in maxes.items():
        out[f"max_{k}"] = max(v)
    return out


def bitext_scores(rows):
    e1 = hash_embed([r["sentence1"] for r in rows]).astype(np.float64)
    e2 = hash_embed([r["sentence2"] for r in rows]).astype(np.float64)
    e1 /= np.maximum(np.linalg.norm(e1, axis=1, keepdims=True), 1e-12)
    e2 /= np.maximum(np.linalg.norm(e2, axis=1, keepdims=True), 1e-12)
    # float32 scores like mteb's torch similarity; argmax takes the first index on ties
    pred = (e1 @ e2.T).astype(np.float32).argmax(1)
    gold = np.arange(len(rows))
    return {
        "precision": float(precision_score(gold, pred, zero_division=0, average="weighted")),
        "recall": float(recall_score(gold, pred, zero_division=0, average="weighted")),
        "f1": float(f1_score(gold, pred, zero_division=0, average="weighted")),
        "accuracy": float(accuracy_score(gold, pred)),
    }


def main(hub):
    d = os.path.join(hub, "datasets", "mteb")
    out = {
        "STSBenchmark": sts_scores(read_jsonl(f"{d}/stsbenchmark-sts/data/test.jsonl")),
        "SICK-R": sts_scores(read_jsonl(f"{d}/sickr-sts/data/test.jsonl.gz")),
        "STS12": sts_scores(read_jsonl(f"{d}/sts12-sts/data/test.jsonl")),
        "BIOSSES": sts_scores(read_jsonl(f"{d}/biosses-sts/data/test.jsonl")),
        "TwitterURLCorpus": pair_scores(read_jsonl(f"{d}/twitterurlcorpus-pairclassification/data/test.jsonl.gz")),
        "Tatoeba": {},
    }
    for path in sorted(glob.glob(f"{d}/tatoeba-bitext-mining/data/*/test.jsonl.gz")):
        out["Tatoeba"][os.path.basename(os.path.dirname(path))] = bitext_scores(read_jsonl(path))
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/hub")
