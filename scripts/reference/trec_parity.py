"""Independent reference values for the retrieval/reranking parity tests (test/tasks/types/retrieval-parity.test.ts).

Run:  /usr/bin/python3 scripts/reference/trec_parity.py ../shared/hub
(Debian python3 3.11, numpy 1.24, scikit-learn 1.2; no pytrec_eval needed.)

It rebuilds the tasks' data straight from the mirror files, embeds every text with the deterministic hash
embedding below (the test implements the same function in TypeScript), scores with exact integer dot
products (int64 matmul), keeps the top 1000 per query by (score, doc id) descending (mteb's heap order),
and evaluates the run with:
  * trec_eval's definitions, re-implemented here from usnistgov/trec_eval form_res_rels.c (ranking by score
    desc, ties by docno desc strcmp), m_ndcg_cut.c (gain = relevance, discount log2(i+2), ideal DCG from all
    judged relevance levels), m_map_cut.c (divide by all relevant), m_recall.c, m_P.c (divide by k),
    m_success.c; relevance level 1;
  * mteb's means (`round(sum(vals) / len, 5)`), `accuracy` = recall@1, mteb >= 2.18.19 MRR ((score, id)
    descending, mean over run queries, unrounded), nAUC (mteb/_evaluators/retrieval_metrics.py `nauc`,
    with numpy stable argsort and sklearn.metrics.auc).
Prints one JSON object per case.

Hash embedding (dim D, mode "ordinary" or "ties"):
  words = runs of [a-z0-9] in the text after lowercasing ASCII A-Z only;
  h = FNV-1a 32-bit of the word's UTF-8 bytes; counts[h % D] += (-1 if h & 0x80000000 else 1);
  ties:     v = counts                       (D = 16: many equal integer scores)
  ordinary: v = counts * 8 + r, r_i = (x_i % 9) - 4 where x_1.. is xorshift32 seeded with FNV-1a(text)
            (seed 0 -> 0x9E3779B9), x <- x ^ (x << 13); x ^= x >> 17; x ^= x << 5 (mod 2^32)   (D = 64)
  signs:    v_i = +1 if counts_i >= 0 else -1 (D = 64), scored with COSINE: every vector has norm 8, so
            the normalized vectors hold +-1/8 and every cosine is an exact multiple of 1/64 (heavy ties);
            this exercises the evaluator's cosine path with exactly known scores.
"""
import gzip
import json
import math
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import auc

K_VALUES = [1, 3, 5, 10, 20, 100, 1000]
WORD = re.compile(r"[a-z0-9]+")
UPPER = re.compile(r"[A-Z]")


def fnv1a(b: bytes) -> int:
    h = 0x811C9DC5
    for x in b:
        h ^= x
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def embed(texts, mode):
    dim = 16 if mode == "ties" else 64
    out = np.zeros((len(texts), dim), dtype=np.int64)
    cache = {}
    for row, text in enumerate(texts):
        t = UPPER.sub(lambda m: m.group(0).lower(), text)
        for w in WORD.findall(t):
            h = cache.get(w)
            if h is None:
                h = cache[w] = fnv1a(w.encode("utf-8"))
            out[row, h % dim] += -1 if h & 0x80000000 else 1
        if mode == "signs":
            out[row] = np.where(out[row] >= 0, 1, -1)
        if mode == "ordinary":
            x = fnv1a(text.encode("utf-8")) or 0x9E3779B9
            out[row] *= 8
            for i in range(dim):
                x ^= (x << 13) & 0xFFFFFFFF
                x ^= x >> 17
                x ^= (x << 5) & 0xFFFFFFFF
                out[row, i] += (x % 9) - 4
    return out


def read_jsonl_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def doc_text(r):
    title = r.get("title") or ""
    return (title + " " + r["text"]).strip() if title else r["text"].strip()


def load(repo, files):
    corpus = read_jsonl_gz(repo / files["corpus"])
    queries = read_jsonl_gz(repo / files["queries"])
    qrels = {}
    for r in read_jsonl_gz(repo / files["qrels"]):
        qrels.setdefault(str(r["query-id"]), {})[str(r["corpus-id"])] = int(r["score"])
    top = None
    if "top_ranked" in files:
        top = {str(r["query-id"]): [str(d) for d in r["corpus-ids"]] for r in read_jsonl_gz(repo / files["top_ranked"])}
    doc_ids = [str(r.get("_id", r.get("id"))) for r in corpus]
    doc_texts = [doc_text(r) for r in corpus]
    q = [(str(r.get("_id", r.get("id"))), r["text"]) for r in queries]
    q = [(i, t) for i, t in q if qrels.get(i)]
    return doc_ids, doc_texts, q, qrels, top


def search(doc_ids, doc_texts, queries, top, mode):
    qv = embed([t for _, t in queries], mode)
    dv = embed(doc_texts, mode)
    scores = qv @ dv.T  # exact int64
    assert np.abs(scores).max() < 2**24, "scores must be exact in float32"
    if mode == "signs":
        scores = scores / 64.0  # cosine of two norm-8 vectors, exact
    pos = {d: i for i, d in enumerate(doc_ids)}
    run = {}
    for qi, (qid, _) in enumerate(queries):
        cands = range(len(doc_ids)) if top is None else [pos[d] for d in top.get(qid, [])]
        hits = sorted(((float(scores[qi, j]), doc_ids[j]) for j in cands), key=lambda h: (h[0], h[1].encode()), reverse=True)
        run[qid] = {d: s for s, d in hits[:1000]}
    return run


def trec_query(rels, docs):
    ranked = sorted(docs.items(), key=lambda x: (x[1], x[0].encode()), reverse=True)
    rel_list = [rels.get(d, -1) for d, _ in ranked]
    judged = [r for r in rels.values() if r >= 0]
    num_rel = sum(1 for r in judged if r >= 1)
    ideal = sorted((r for r in judged if r > 0), reverse=True)
    out = {}
    for k in K_VALUES:
        top = rel_list[:k]
        dcg = 0.0
        for i, g in enumerate(top):
            if g > 0:
                dcg += g / math.log2(i + 2)
        idcg = 0.0
        for i, g in enumerate(ideal[:k]):
            idcg += g / math.log2(i + 2)
        out[f"ndcg_cut_{k}"] = dcg / idcg if idcg > 0 else dcg
        hits, ap = 0, 0.0
        for i, g in enumerate(top):
            if g >= 1:
                hits += 1
                ap += hits / (i + 1)
        out[f"map_cut_{k}"] = ap / num_rel if num_rel else 0.0
        out[f"recall_{k}"] = hits / num_rel if num_rel else 0.0
        out[f"P_{k}"] = hits / k
        out[f"success_{k}"] = 1.0 if hits else 0.0
    return out


def mrr(qrels, run):
    res = {k: [] for k in K_VALUES}
    for qid, docs in run.items():
        top = sorted(docs.items(), key=lambda item: (item[1], item[0]), reverse=True)[:1000]
        rel = {d for d, s in qrels[qid].items() if s > 0}
        for k in K_VALUES:
            rr = 0.0
            for rank, (d, _) in enumerate(top[:k]):
                if d in rel:
                    rr = 1.0 / (rank + 1)
                    break
            res[k].append(rr)
    return res


def nauc(conf, metrics):
    rates = np.linspace(0, 1, 11)[:-1]

    def curve(c, m):
        order = np.argsort(c, kind="stable")
        out = np.zeros(len(rates))
        for i, rate in enumerate(rates):
            n = min(round(rate * order.shape[0]), len(c) - 1)
            out[i] = m[order[n:]].mean()
        return out

    a = curve(conf, metrics)
    o = curve(metrics, metrics)
    a_auc, o_auc = auc(rates, a), auc(rates, o)
    flat = o[0] * (rates[-1] - rates[0])
    return float("nan") if o_auc == flat else float((a_auc - flat) / (o_auc - flat))


def scores_of(run, qrels):
    per = {q: trec_query(qrels[q], docs) for q, docs in run.items() if q in qrels}
    n = len(per)
    out = {}
    for name, key in [("ndcg_at", "ndcg_cut"), ("map_at", "map_cut"), ("recall_at", "recall")]:
        for k in K_VALUES:
            out[f"{name}_{k}"] = round(sum(m[f"{key}_{k}"] for m in per.values()) / n, 5)
    out["accuracy"] = out["recall_at_1"]
    for k in K_VALUES:
        out[f"precision_at_{k}"] = round(sum(m[f"P_{k}"] for m in per.values()) / n, 5)
    m = mrr(qrels, run)
    for k in K_VALUES:
        out[f"mrr_at_{k}"] = sum(m[k]) / len(m[k])
    confs = []
    for docs in run.values():
        s = list(docs.values())
        srt = sorted(s)[::-1]
        confs.append({"max": srt[0], "std": float(np.std(s)), "diff1": srt[0] - srt[1] if len(s) > 1 else 0.0})
    lists = {}
    for label, key in [("ndcg", "ndcg_cut"), ("map", "map_cut"), ("recall", "recall"), ("precision", "P")]:
        for k in K_VALUES:
            lists[f"{label}_at_{k}"] = np.array([m_[f"{key}_{k}"] for m_ in per.values()])
    for k in K_VALUES:
        lists[f"mrr_at_{k}"] = np.array(m[k])
    for name, vals in lists.items():
        for f in ("max", "std", "diff1"):
            out[f"nauc_{name}_{f}"] = nauc(np.array([c[f] for c in confs]), vals)
    for k in K_VALUES:
        out[f"hit_rate_at_{k}"] = round(sum(m_[f"success_{k}"] for m_ in per.values()) / n, 5)
    return out


def main():
    hub = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/hub") / "datasets"
    cases = {
        "scifact": (hub / "mteb/scifact", {"corpus": "corpus.jsonl.gz", "queries": "queries.jsonl.gz", "qrels": "qrels/test.jsonl.gz"}),
        "scifact-reranking": (
            hub / "local/scifact-reranking",
            {"corpus": "data/corpus/test.jsonl.gz", "queries": "data/queries/test.jsonl.gz", "qrels": "data/default/test.jsonl.gz", "top_ranked": "data/top_ranked/test.jsonl.gz"},
        ),
    }
    for name, (repo, files) in cases.items():
        doc_ids, doc_texts, queries, qrels, top = load(repo, files)
        for mode in ("ordinary", "ties", "signs"):
            run = search(doc_ids, doc_texts, queries, top, mode)
            distinct = np.mean([len(set(d.values())) / max(1, len(d)) for d in run.values()])
            print(json.dumps({"case": f"{name}/{mode}", "queries": len(run), "distinct_score_fraction": round(float(distinct), 4), "scores": scores_of(run, qrels)}))


if __name__ == "__main__":
    main()
