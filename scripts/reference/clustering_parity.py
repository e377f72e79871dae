"""Reference numbers for test/tasks/types/clustering-parity.test.ts.

Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2):
    /usr/bin/python3 scripts/reference/clustering_parity.py ../shared/hub

Embeddings: a signed feature-hashing bag of words that the TS test re-implements bit for bit:
  bytes = text.encode("utf-8"); ASCII A-Z lowered; tokens = maximal runs of ASCII [a-z0-9];
  for each token: h = FNV-1a 32-bit of its bytes; dim = h % DIM; sign = +1 if (h >> 16) & 1 else -1;
  v[dim] += sign (float64); v /= sqrt(sum(v*v)) (sequential sum, skipped if 0); cast to float32.
Then mteb v2 AbsTaskClustering on ClusTREC-Covid (subsets "title and abstract" then "title", one task-level
random.Random(42)): sample(range(N), int(0.04*N)); per level 10 x choices(range(n), k=16384);
MiniBatchKMeans(n_clusters=#labels, batch_size=512, init="k-means++", n_init=1, random_state=42).fit_predict;
v_measure_score and adjusted_mutual_info_score. A second variant embeds every document (no 4% downsampling).
Also the legacy evaluator (MiniBatchKMeans batch 500, n_init="auto", random_state=42) on each full subset.
The "dense_*" sections repeat everything with `embed_dense` (see its docstring), which has no exact distance ties.
"""
import gzip
import json
import math
import random
import sys

import numpy as np
import sklearn
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import adjusted_mutual_info_score, v_measure_score

DIM = 256


def fnv1a(b: bytes) -> int:
    h = 0x811C9DC5
    for c in b:
        h ^= c
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def embed(text: str) -> np.ndarray:
    v = [0.0] * DIM
    for tok in tokens(text):
        h = fnv1a(tok)
        v[h % DIM] += 1.0 if (h >> 16) & 1 else -1.0
    s = 0.0
    for x in v:
        s += x * x
    if s > 0:
        n = math.sqrt(s)
        v = [x / n for x in v]
    return np.array(v, dtype=np.float64).astype(np.float32)


def tokens(text: str):
    tok = bytearray()
    for c in text.encode("utf-8") + b" ":
        if 65 <= c <= 90:
            c += 32
        if 97 <= c <= 122 or 48 <= c <= 57:
            tok.append(c)
        elif tok:
            yield bytes(tok)
            tok = bytearray()


_T = (np.arange(1, DIM + 1, dtype=np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)


def embed_dense(text: str) -> np.ndarray:
    """Dense variant (no exact distance ties): every token adds a pseudo-random value in [-0.5, 0.5) to every dim:
    m = ((h ^ ((t+1)*0x9E3779B1 mod 2^32)) * 0x85EBCA6B) mod 2^32; m ^= m >> 13; v[t] += m / 2^32 - 0.5
    (float64, token order), then the same L2 normalization and float32 cast."""
    v = np.zeros(DIM, dtype=np.float64)
    for tok in tokens(text):
        h = np.uint64(fnv1a(tok))
        m = ((h ^ _T) * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
        m ^= m >> np.uint64(13)
        v += m.astype(np.float64) / 4294967296.0 - 0.5
    s = 0.0
    for x in v.tolist():
        s += x * x
    if s > 0:
        v = v / math.sqrt(s)
    return v.astype(np.float32)


EMBED = embed


def bootstrap_scores(emb, labels, rng):
    """mteb v2's fast clustering evaluation: 10 draws of rng.choices(range(n), k=16384), each clustered by
    MiniBatchKMeans(batch_size=512, n_init=1, random_state=42); v-measure and AMI per draw."""
    model = MiniBatchKMeans(n_clusters=np.unique(labels).size, batch_size=512, init="k-means++", n_init=1, random_state=42)
    v, a = [], []
    for _ in range(10):
        ci = rng.choices(range(len(labels)), k=16384)
        pred = model.fit_predict(emb[ci])
        v.append(float(v_measure_score(labels[ci], pred)))
        a.append(float(adjusted_mutual_info_score(labels[ci], pred)))
    return v, a


def fast(rows, rng, fraction):
    n = len(rows)
    if fraction is not None:
        idx = rng.sample(range(n), k=min(n, int(fraction * n)))
        rows = [rows[i] for i in idx]
    emb = np.stack([EMBED(r["sentences"]) for r in rows])
    labels = np.array([r["labels"] for r in rows])
    v, a = bootstrap_scores(emb, labels, rng)
    return {"v_measures": v, "v_measure": float(np.mean(v)), "v_measure_std": float(np.std(v)),
            "ami_scores": a, "ami": float(np.mean(a)), "ami_std": float(np.std(a)), "n_docs": len(rows)}


def legacy(rows):
    emb = np.stack([EMBED(r["sentences"]) for r in rows])
    labels = [r["labels"] for r in rows]
    m = MiniBatchKMeans(n_clusters=len(set(labels)), batch_size=500, n_init="auto", compute_labels=True, random_state=42)
    m.fit(emb)
    return {"v_measure": float(v_measure_score(labels, m.labels_)), "n_steps": int(m.n_steps_)}


def main():
    hub = sys.argv[1] if len(sys.argv) > 1 else "../shared/hub"
    base = f"{hub}/datasets/Uri-ka/ClusTREC-Covid/data"
    subsets = {"title and abstract": "title_and_abstract", "title": "title"}
    data = {s: [json.loads(l) for l in gzip.open(f"{base}/{d}/test.jsonl.gz", "rt", encoding="utf-8")] for s, d in subsets.items()}
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    rng = random.Random(42)
    out["fast_4pct"] = {s: fast(data[s], rng, 0.04) for s in subsets}
    rng = random.Random(42)
    out["fast_all"] = {s: fast(data[s], rng, None) for s in subsets}
    out["legacy"] = {s: legacy(data[s]) for s in subsets}
    out["embedding_checksum"] = {s: float(np.stack([embed(r["sentences"]) for r in data[s][:50]]).astype(np.float64).sum()) for s in subsets}
    global EMBED
    EMBED = embed_dense
    rng = random.Random(42)
    out["dense_fast_4pct"] = {s: fast(data[s], rng, 0.04) for s in subsets}
    rng = random.Random(42)
    out["dense_fast_all"] = {s: fast(data[s], rng, None) for s in subsets}
    out["dense_legacy"] = {s: legacy(data[s]) for s in subsets}
    out["dense_embedding_checksum"] = {s: float(np.stack([embed_dense(r["sentences"]) for r in data[s][:50]]).astype(np.float64).sum()) for s in subsets}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
