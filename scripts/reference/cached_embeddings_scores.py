"""Independent main scores of STSBenchmark, Banking77Classification and SciFact from the vectors an mteb-ts run
left in its embedding cache (models/embedding-cache.ts), recomputed with numpy/scipy/scikit-learn.

    /usr/bin/python3 scripts/reference/cached_embeddings_scores.py <cache-dir> <model name> <model revision> [hub]

e.g. after `node bin/mteb-ts.js run -m use -t STSBenchmark Banking77Classification SciFact --hub-mirror ../shared/hub
--cache-dir /tmp/emb-cache`:
    /usr/bin/python3 scripts/reference/cached_embeddings_scores.py /tmp/emb-cache energetic-ai/universal-sentence-encoder-lite 0.2.0

Cache keys are rebuilt as in embeddingKey(): sha256 of JSON [model, revision, prompt, promptType, text] (compact,
non-ASCII kept, like JSON.stringify), first 16 bytes. Models without prompts only (prompt = ""); promptType is ""
for STS/Classification and "query"/"document" for Retrieval.

- STSBenchmark: Spearman of the float64 cosine of each pair vs the gold score (mteb's cosine_spearman).
- Banking77Classification: mteb v2 undersampling (10 experiments, 8 per label, cumulative RandomState(42)
  shuffles, spec section 3) and LogisticRegression(max_iter=100) both as sklearn 1.2.1 runs it and as
  sklearn >= 1.3 does (modern_fit from logistic_regression.py); mean accuracy.
- SciFact: exact cosine search, nDCG@10 with trec_eval's formula (gain = qrel score, log2(rank + 1)).
"""
import gzip
import hashlib
import json
import os
import struct
import sys
import warnings

import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(__file__))
from classification_parity import read_rows, scores, undersample  # noqa: E402
from logistic_regression import modern_fit  # noqa: E402


def load_cache(root):
    index = {}
    for sub in sorted(os.listdir(root)):
        folder = os.path.join(root, sub)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".emb"):
                continue
            b = open(os.path.join(folder, name), "rb").read()
            if b[:8] != b"MTEBEMC1":
                continue
            n, dim = struct.unpack("<II", b[8:16])
            if len(b) != 16 + n * 16 + n * dim * 4:
                continue
            vecs = np.frombuffer(b, dtype="<f4", offset=16 + 16 * n).reshape(n, dim)
            for r in range(n):
                index.setdefault(b[16 + 16 * r : 16 + 16 * (r + 1)], vecs[r])
    return index


def main(cache, model, rev, hub):
    warnings.simplefilter("ignore")
    index = load_cache(cache)

    def embed(texts, prompt_type=""):
        out = []
        for t in texts:
            s = json.dumps([model, rev, "", prompt_type, t], ensure_ascii=False, separators=(",", ":"))
            out.append(index[hashlib.sha256(s.encode("utf-8")).digest()[:16]])
        return np.stack(out).astype(np.float64)

    ds = os.path.join(hub, "datasets", "mteb")
    rows = read_rows(os.path.join(ds, "stsbenchmark-sts", "data", "test.jsonl"))
    a, b = embed([r["sentence1"] for r in rows]), embed([r["sentence2"] for r in rows])
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    print("STSBenchmark cosine_spearman", spearmanr(cos, [r["score"] for r in rows]).correlation)

    train = read_rows(os.path.join(ds, "banking77", "data", "train.jsonl"))
    ev = read_rows(os.path.join(ds, "banking77", "data", "test.jsonl"))
    labels = [r["label"] for r in train]
    idxs = list(range(len(train)))
    experiments = [undersample(labels, idxs, 8) for _ in range(10)]
    x_test, y_test = embed([r["text"] for r in ev]).astype(np.float32), np.array([r["label"] for r in ev])
    for mode in ("sklearn-1.2", "modern"):
        acc = []
        for sel in experiments:
            x = embed([train[i]["text"] for i in sel]).astype(np.float32)
            y = np.array([labels[i] for i in sel])
            if mode == "sklearn-1.2":
                pred = LogisticRegression(max_iter=100, random_state=42).fit(x, y).predict(x_test)
            else:
                coef, intercept, _ = modern_fit(x, y)
                pred = np.unique(y)[(x_test.astype(np.float64) @ coef.T + intercept).argmax(axis=1)]
            acc.append(scores(y_test, pred)["accuracy"])
        print(f"Banking77Classification accuracy ({mode})", float(np.mean(acc)))

    sf = os.path.join(ds, "scifact")
    rd = lambda p: [json.loads(line) for line in gzip.open(os.path.join(sf, p), "rt", encoding="utf-8") if line.strip()]
    corpus = rd("corpus.jsonl.gz")
    queries = {str(q["_id"]): q["text"] for q in rd("queries.jsonl.gz")}
    qrels = {}
    for r in rd("qrels/test.jsonl.gz"):
        qrels.setdefault(str(r["query-id"]), {})[str(r["corpus-id"])] = int(r["score"])
    qids = [q for q in queries if q in qrels]
    docs = [(d["title"] + " " + d["text"]).strip() if d.get("title") else d["text"].strip() for d in corpus]
    d_emb, q_emb = embed(docs, "document"), embed([queries[q] for q in qids], "query")
    d_emb /= np.linalg.norm(d_emb, axis=1, keepdims=True)
    q_emb /= np.linalg.norm(q_emb, axis=1, keepdims=True)
    sims = q_emb @ d_emb.T
    ids = [str(d["_id"]) for d in corpus]
    ndcg = []
    for i, q in enumerate(qids):
        # trec_eval order: score descending, then doc id descending.
        ranked = sorted(range(len(ids)), key=lambda j: (sims[i][j], ids[j]), reverse=True)[:10]
        dcg = sum(qrels[q].get(ids[j], 0) / np.log2(k + 2) for k, j in enumerate(ranked))
        idcg = sum(g / np.log2(k + 2) for k, g in enumerate(sorted(qrels[q].values(), reverse=True)[:10]))
        ndcg.append(dcg / idcg if idcg > 0 else 0.0)
    print("SciFact ndcg_at_10", float(np.mean(ndcg)))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "../shared/hub")
