#!/usr/bin/env python3
"""Independent reference for models/bm25.ts (mteb's bm25s baseline), written from bm25s's source.

Re-implements bm25s.tokenize(stopwords="en", stemmer=Stemmer("english")) + bm25s.BM25(method="lucene",
k1=1.5, b=0.75, dtype float32) with numpy, without bm25s (not packaged for Debian):
  tokens: text.lower(), re.findall(r"(?u)\\b\\w\\w+\\b"), drop STOPWORDS_EN, stem (Debian
          python3-snowballstemmer 2.2.0, the Snowball 2.2 English algorithm)
  idf  = float32(math.log(1 + (N - df + 0.5) / (df + 0.5)))
  s_dt = float32(idf * (tf / (k1 * ((1 - b) + b * dl / avgdl) + tf)))   (float64 inside, numpy>=2 promotion)
  s_qd = float32 sum over query tokens (repeats included) of s_dt
Top k: full sort by (-score, doc index); zero-score docs fill the list up to k.

Usage:
  python3 scripts/reference/bm25_reference.py hand
  python3 scripts/reference/bm25_reference.py scifact ../shared/hub/datasets/mteb/scifact
Prints the values that test/models/bm25.test.ts hard-codes.
"""
import gzip
import json
import math
import re
import sys

import numpy as np
import snowballstemmer

STOPWORDS_EN = (
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these "
    "they this to was will with"
).split()
K1, B = 1.5, 0.75
PATTERN = re.compile(r"(?u)\b\w\w+\b")
STEMMER = snowballstemmer.stemmer("english")


def tokenize(text, stem=True):
    out = []
    for w in PATTERN.findall(text.lower()):
        if w in STOPWORDS_EN:
            continue
        out.append(STEMMER.stemWord(w) if stem else w)
    return out


class Index:
    def __init__(self, docs):
        self.n = len(docs)
        self.vocab = {}
        for d in docs:
            for t in d:
                self.vocab.setdefault(t, len(self.vocab))
        lens = np.array([len(d) for d in docs], dtype=np.int64)
        self.avgdl = float(lens.mean()) if self.n else 0.0
        df = np.zeros(len(self.vocab), dtype=np.int64)
        for d in docs:
            for t in set(d):
                df[self.vocab[t]] += 1
        self.idf = np.array([math.log(1 + (self.n - x + 0.5) / (x + 0.5)) for x in df], dtype=np.float32)
        # term id -> (doc indices, float32 scores)
        post = {}
        for di, d in enumerate(docs):
            counts = {}
            for t in d:
                counts[t] = counts.get(t, 0) + 1
            for t, tf in counts.items():
                tid = self.vocab[t]
                tfc = float(tf) / (K1 * ((1 - B) + B * len(d) / self.avgdl) + float(tf))
                post.setdefault(tid, []).append((di, np.float32(float(self.idf[tid]) * tfc)))
        self.post = {t: (np.array([p[0] for p in v]), np.array([p[1] for p in v], dtype=np.float32)) for t, v in post.items()}

    def scores(self, qtoks):
        s = np.zeros(self.n, dtype=np.float32)
        for t in qtoks:
            tid = self.vocab.get(t)
            if tid is None:
                continue
            idx, val = self.post[tid]
            s[idx] += val  # each doc once per term: plain float32 adds
        return s

    def topk(self, qtoks, k):
        s = self.scores(qtoks)
        order = sorted(range(self.n), key=lambda i: (-float(s[i]), i))[: min(k, self.n)]
        return [(i, s[i]) for i in order]


def f32(x):
    return repr(float(np.float32(x)))


def hand():
    corpus = [
        "The cat sat on the mat.",
        "Cats and dogs: the dogs chased the cats!",
        "A dog is a man's best friend; dogs are loyal.",
        "Stemming: running runners run quickly.",
        "",
        "Über naïve café résumé — unicode words, x y z 42 7",
    ]
    queries = ["cats", "dog dog running", "the a of", "café unicode 42", "friend loyal dogs cat"]
    docs = [tokenize(t) for t in corpus]
    print("tokens", json.dumps(docs, ensure_ascii=False))
    idx = Index(docs)
    print("avgdl", repr(idx.avgdl))
    for q in queries:
        qt = tokenize(q)
        print(json.dumps(q), json.dumps(qt), [f32(x) for x in idx.scores(qt)])


def read_jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def ndcg_at(ranked, rels, k):
    dcg = sum(rels.get(d, 0) / math.log2(r + 2) for r, d in enumerate(ranked[:k]) if rels.get(d, 0) > 0)
    ideal = sorted((v for v in rels.values() if v > 0), reverse=True)[:k]
    idcg = sum(v / math.log2(r + 2) for r, v in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def scifact(root):
    corpus = read_jsonl(f"{root}/corpus.jsonl.gz")
    queries = read_jsonl(f"{root}/queries.jsonl.gz")
    qrels = {}
    for r in read_jsonl(f"{root}/qrels/test.jsonl.gz"):
        qrels.setdefault(str(r["query-id"]), {})[str(r["corpus-id"])] = int(r["score"])
    ids = [str(d["_id"]) for d in corpus]
    texts = [(d.get("title", "") + " " + d["text"]).strip() for d in corpus]
    idx = Index([tokenize(t) for t in texts])
    print("N", idx.n, "vocab", len(idx.vocab), "avgdl", repr(idx.avgdl))
    test_q = [q for q in queries if str(q["_id"]) in qrels]
    print("test queries", len(test_q))
    ndcgs, total = [], 0.0
    for qi, q in enumerate(test_q):
        top = idx.topk(tokenize(q["text"]), 1000)
        # trec_eval order: score desc, doc id desc (string compare)
        by_id = sorted(top, key=lambda p: ids[p[0]], reverse=True)
        ranked = [ids[i] for i, _ in sorted(by_id, key=lambda p: -float(p[1]))]
        ndcgs.append(ndcg_at(ranked, qrels[str(q["_id"])], 10))
        total += sum(float(s) for _, s in top[:10])
        if qi in (0, 1, 2, 100, 299):
            print("query", qi, q["_id"], [(ids[i], f32(s)) for i, s in top[:5]])
    print("ndcg_at_10", repr(sum(ndcgs) / len(ndcgs)))
    print("sum_top10_scores", repr(total))


if __name__ == "__main__":
    if sys.argv[1] == "hand":
        hand()
    else:
        scifact(sys.argv[2])
