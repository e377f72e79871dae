"""Reference for test/tasks/types/summarization.test.ts: a small project-written summarization set and its scores.

Usage: /usr/bin/python3 scripts/reference/summarization_reference.py > test/fixtures/summarization-reference.json

Embeddings: hash_embed (dim 64, float32; same function as test/helpers/hash-embeddings.ts). Scores follow mteb v2's
SummarizationEvaluator verbatim in numpy/scipy: relevance normalized (x-0)/(5-0); per machine summary the max over
the text's human summaries of float32 cosine (normalize rows, then dot) and float32 dot; skip a text when its human,
dot or cosine scores are all equal; per text scipy spearmanr/pearsonr; v2 = mean of statistics;
deprecated (SummEval) = np.mean over the (statistic, pvalue) tuples.
"""
import json
import os
import sys

import numpy as np
from scipy.stats import pearsonr, spearmanr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hash_embeddings import hash_embed  # noqa: E402

SUBJECTS = ["The council", "A local bakery", "The river", "Our team", "The old library", "A young pianist"]
VERBS = ["opened a new wing", "won the regional prize", "flooded the lower town", "moved to a bigger hall", "cut its prices", "played for the mayor"]
TAILS = ["on Monday", "after a long delay", "despite the rain", "for the first time", "to loud applause"]


def build():
    rows = []
    for t in range(6):
        s, v = SUBJECTS[t], VERBS[t]
        human = [f"{s} {v} {TAILS[k]}." for k in range(4)]
        machine = [
            f"{s} {v}.",
            f"{s} {VERBS[(t + 1) % 6]}.",
            f"{SUBJECTS[(t + 2) % 6]} {v} {TAILS[4]}.",
            f"Nothing happened {TAILS[t % 5]}.",
            f"{s} {v} {TAILS[0]} and {TAILS[1]}.",
        ]
        relevance = [5, 2, 3, 1, 4] if t != 3 else [3, 3, 3, 3, 3]  # text 3 hits the skip rule
        if t == 5:
            relevance = [4.5, 1, 2, 1, 5]  # ties in the gold scores
        rows.append({"text": f"Article {t}: {s} {v}.", "human_summaries": human, "machine_summaries": machine, "relevance": relevance})
    return rows


def f32_cos(a, b):
    an = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), np.float32(1e-12))
    bn = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), np.float32(1e-12))
    return an @ bn.T


def scores(rows, deprecated):
    kept = []
    for r in rows:
        h = hash_embed(r["human_summaries"])
        m = hash_embed(r["machine_summaries"])
        cos = f32_cos(m, h).max(1).tolist()
        dot = (m @ h.T).max(1).tolist()
        gold = [(x - 0) / (5 - 0) for x in r["relevance"]]
        if len(set(gold)) == 1 or len(set(dot)) == 1 or len(set(cos)) == 1:
            continue
        kept.append((gold, cos, dot))
    out = {}
    for key, corr, idx in (
        ("pearson", pearsonr, 1), ("spearman", spearmanr, 1),
        ("cosine_spearman", spearmanr, 1), ("cosine_pearson", pearsonr, 1),
        ("dot_pearson", pearsonr, 2), ("dot_spearman", spearmanr, 2),
    ):
        vals = [corr(k[0], k[idx]) for k in kept]
        out[key] = float(np.mean(vals)) if deprecated else float(np.mean([float(v[0]) for v in vals]))
    return out, len(kept)


rows = build()
v2, kept = scores(rows, False)
dep, _ = scores(rows, True)
print(json.dumps({"rows": rows, "kept": kept, "v2": v2, "deprecated": dep}, indent=1))
