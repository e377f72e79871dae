"""Python side of `npm run bench -- suite`: the same scoring as mteb v2 does it, with numpy/scipy/scikit-learn,
on the same given vectors (hash_embed(text, 64) from scripts/reference/hash_embeddings.py, what the TypeScript
side encodes with), for the tasks both sides run. Times load (reading the mirror rows), encode (vector lookup) and
score per task; prints one JSON object.

    /usr/bin/python3 scripts/bench/suite_reference.py <hub> [<vectors dir> [repeat]]

<vectors dir>: a precomputed: folder (texts.jsonl + embeddings.npy) holding the vectors of every text, as the
TypeScript side writes it; "encode" is then a dictionary lookup, as for the TypeScript precomputed: model.
Without it the texts are hashed here (pure Python, slow).

Scoring follows the project's reference scripts (scripts/reference/): mirror_parity.py (STS: paired cosine,
manhattan, euclidean and the model similarity, scipy pearsonr/spearmanr; pair classification: mteb's threshold
scans from metrics_small.py and sklearn average_precision_score), classification_parity.py (10 undersampled
experiments, LogisticRegression(max_iter=100), all score keys) and clustering_parity.py (v2 fast clustering:
4% sample, 10 MiniBatchKMeans(batch 512) fits on 16384 draws, v-measure and AMI). Best of `repeat` per task.
"""
import json
import os
import random
import sys
import time
import warnings

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_mutual_info_score, average_precision_score, v_measure_score
from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
from classification_parity import scores as class_scores, undersample  # noqa: E402
from hash_embeddings import hash_embed  # noqa: E402
from metrics_small import best_acc, best_f1  # noqa: E402
from mirror_parity import model_cosine, read_jsonl, sts_metrics  # noqa: E402

DIM = 64
STS = {
    "STSBenchmark": "mteb/stsbenchmark-sts/data/test.jsonl",
    "SICK-R": "mteb/sickr-sts/data/test.jsonl.gz",
    "STS12": "mteb/sts12-sts/data/test.jsonl",
    "STS13": "mteb/sts13-sts/data/test.jsonl",
    "STS14": "mteb/sts14-sts/data/test.jsonl",
    "STS15": "mteb/sts15-sts/data/test.jsonl",
    "STS16": "mteb/sts16-sts/data/test.jsonl",
    "BIOSSES": "mteb/biosses-sts/data/test.jsonl",
}
CLASSIFICATION = {
    # name: (repo folder, samples_per_label) as in tasks/catalog/classification.ts
    "Banking77Classification": ("mteb/banking77", 8),
    "EmotionClassification": ("mteb/emotion", 16),
}


VECTORS = None


def embed(texts):
    if VECTORS is None:
        return hash_embed(texts, DIM)
    return np.stack([VECTORS[t] for t in texts]) if texts else np.zeros((0, DIM), dtype=np.float32)


def load_vectors(folder):
    with open(os.path.join(folder, "texts.jsonl"), encoding="utf-8") as f:
        texts = [json.loads(line) for line in f if line.strip()]
    m = np.load(os.path.join(folder, "embeddings.npy"))
    return {t: m[i] for i, t in enumerate(texts)}


def sts_task(hub, rel):
    t0 = time.perf_counter()
    rows = read_jsonl(os.path.join(hub, "datasets", rel))
    t1 = time.perf_counter()
    e1 = embed([r["sentence1"] for r in rows])
    e2 = embed([r["sentence2"] for r in rows])
    t2 = time.perf_counter()
    gold = [(r["score"] - 0) / (5 - 0) for r in rows]
    out = sts_metrics(gold, e1, e2)
    t3 = time.perf_counter()
    return (t1 - t0, t2 - t1, t3 - t2), out["cosine_spearman"]


def pair_task(hub):
    t0 = time.perf_counter()
    rows = read_jsonl(os.path.join(hub, "datasets", "mteb/twitterurlcorpus-pairclassification/data/test.jsonl.gz"))
    if len(rows) == 1:
        rows = [dict(zip(rows[0].keys(), vals)) for vals in zip(*rows[0].values())]
    rows = [{("sentence1" if k == "sent1" else "sentence2" if k == "sent2" else k): v for k, v in r.items()} for r in rows]
    t1 = time.perf_counter()
    e1 = embed([r["sentence1"] for r in rows])
    e2 = embed([r["sentence2"] for r in rows])
    t2 = time.perf_counter()
    labels = np.array([r["labels"] for r in rows])
    vectors = [
        ("similarity", model_cosine(e1, e2), True),
        ("cosine", 1 - paired_cosine_distances(e1, e2), True),
        ("manhattan", paired_manhattan_distances(e1, e2), False),
        ("euclidean", paired_euclidean_distances(e1, e2), False),
        ("dot", (e1 * e2).sum(1), True),
    ]
    aps = []
    for _name, s, high in vectors:
        s = s.tolist()
        best_acc(s, labels, high)
        best_f1(s, labels, high)
        aps.append(average_precision_score(labels, np.array(s) * (1 if high else -1)))
    t3 = time.perf_counter()
    return (t1 - t0, t2 - t1, t3 - t2), float(max(aps))


def classification_task(hub, repo, spl):
    t0 = time.perf_counter()
    root = os.path.join(hub, "datasets", repo, "data")
    train = read_jsonl(os.path.join(root, "train.jsonl"))
    test = read_jsonl(os.path.join(root, "test.jsonl"))
    t1 = time.perf_counter()
    labels = [r["label"] for r in train]
    idxs = list(range(len(train)))
    experiments = [undersample(labels, idxs, spl) for _ in range(10)]
    union = sorted(set(i for e in experiments for i in e))
    pos = {i: k for k, i in enumerate(union)}
    train_emb = embed([train[i]["text"] for i in union])
    test_emb = embed([r["text"] for r in test])
    t2 = time.perf_counter()
    y_test = np.array([r["label"] for r in test])
    acc = []
    for rows in experiments:
        X = train_emb[[pos[i] for i in rows]]
        y = np.array([labels[i] for i in rows])
        pred = LogisticRegression(max_iter=100).fit(X, y).predict(test_emb)
        acc.append(class_scores(y_test, pred)["accuracy"])
    t3 = time.perf_counter()
    return (t1 - t0, t2 - t1, t3 - t2), float(np.mean(acc))


def clustering_task(hub):
    t0 = time.perf_counter()
    base = os.path.join(hub, "datasets", "Uri-ka/ClusTREC-Covid/data")
    data = {s: read_jsonl(f"{base}/{d}/test.jsonl.gz") for s, d in (("title and abstract", "title_and_abstract"), ("title", "title"))}
    t1 = time.perf_counter()
    rng = random.Random(42)
    enc = score = 0.0
    v_all = []
    for rows in data.values():
        n = len(rows)
        idx = rng.sample(range(n), k=min(n, int(0.04 * n)))
        rows = [rows[i] for i in idx]
        a = time.perf_counter()
        emb = embed([r["sentences"] for r in rows])
        b = time.perf_counter()
        labels = np.array([r["labels"] for r in rows])
        model = MiniBatchKMeans(n_clusters=np.unique(labels).size, batch_size=512, init="k-means++", n_init=1, random_state=42)
        for _ in range(10):
            ci = rng.choices(range(len(rows)), k=16384)
            pred = model.fit_predict(emb[ci])
            v_all.append(v_measure_score(labels[ci], pred))
            adjusted_mutual_info_score(labels[ci], pred)
        enc += b - a
        score += time.perf_counter() - b
    return (t1 - t0, enc, score), float(np.mean(v_all))


def main(hub, vectors, repeat):
    global VECTORS
    warnings.simplefilter("ignore")
    if vectors and vectors != "-":
        VECTORS = load_vectors(vectors)
    jobs = {name: (lambda rel=rel: sts_task(hub, rel)) for name, rel in STS.items()}
    jobs["TwitterURLCorpus"] = lambda: pair_task(hub)
    for name, (repo, spl) in CLASSIFICATION.items():
        jobs[name] = lambda repo=repo, spl=spl: classification_task(hub, repo, spl)
    jobs["ClusTREC-Covid"] = lambda: clustering_task(hub)
    out = {"repeat": repeat, "tasks": {}}
    for name, job in jobs.items():
        best = None
        for _ in range(repeat):
            (load, enc, score), main = job()
            if best is None or load + enc + score < sum(best[:3]):
                best = (load, enc, score, main)
        out["tasks"][name] = {"load": best[0], "encode": best[1], "score": best[2], "main_score": best[3]}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
