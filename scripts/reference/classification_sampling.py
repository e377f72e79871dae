"""Reference values for test/tasks/types/classification.test.ts.

    /usr/bin/python3 scripts/reference/classification_sampling.py   # numpy 1.24.2, scikit-learn 1.2.1

undersample: mteb v2 AbsTaskClassification._undersample_data for 3 experiments (fresh
np.random.RandomState(42).shuffle of the same python list each time, then the label walk) over
labels[i] = (i * 7 + i // 3) % 5 for i < 40 (label 4 made rare: only rows with i % 9 == 0 keep it),
samples_per_label = 3.
kfold: sklearn KFold(n_splits=5, shuffle=True, random_state=42).split(range(23)).
small_eval / small_cv: mteb's algorithm end to end (sklearn 1.2.1 LogisticRegression(max_iter=100)) on
texts(n) with string labels, embeddings = hash_embed(text, 32) (scripts/reference/hash_embeddings.py)
L2-normalized in float64 and cast to float32; samples_per_label 4, 10 experiments (small_eval: train 90
rows, eval 45 rows) / 5-fold cross-validation over 90 rows with the shuffled index list carried from fold
to fold as mteb does (small_cv). Scores are np.mean over experiments/folds.
"""
import os
import sys
import warnings
import json
from collections import defaultdict

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import KFold

sys.path.insert(0, os.path.dirname(__file__))
from hash_embeddings import hash_embed  # noqa: E402

WORDS = ["apple", "river", "stone", "cloud", "green", "quick", "table", "light", "music", "paper", "north"]
NAMES = ["sports", "Weather", "art"]


def texts(n, offset):
    out, labs = [], []
    for i in range(offset, offset + n):
        c = (i * 5 + i // 4) % 3
        words = [WORDS[(i * 3 + c) % 11], WORDS[(i * i + 2 * c) % 11], WORDS[(c * 4 + i // 2) % 11], NAMES[c] if i % 4 else WORDS[i % 11]]
        out.append(" ".join(words))
        labs.append(NAMES[c])
    return out, labs


def embed(t):
    x = hash_embed(t, 32).astype(np.float64)
    norm = np.sqrt((x * x).sum(axis=1, keepdims=True))
    return np.where(norm > 0, x / np.where(norm > 0, norm, 1), 0).astype(np.float32)


def fit_score(Xtr, ytr, Xte, yte):
    lr = LogisticRegression(max_iter=100).fit(Xtr, ytr)
    p = lr.predict(Xte)
    return {"accuracy": accuracy_score(yte, p), "f1": f1_score(yte, p, average="macro")}


def small_eval():
    tt, tl = texts(90, 0)
    et, el = texts(45, 1000)
    idxs = list(range(len(tt)))
    Etr, Ete = embed(tt), embed(et)
    res = []
    for _ in range(10):
        rows = undersample(tl, idxs, 4)
        res.append(fit_score(Etr[rows], np.array(tl)[rows], Ete, np.array(el)))
    return {k: float(np.mean([r[k] for r in res])) for k in res[0]} | {"per_experiment": [r["accuracy"] for r in res]}


def small_cv():
    tt, tl = texts(90, 0)
    E = embed(tt)
    idxs = None
    res = []
    for tr, te in KFold(5, shuffle=True, random_state=42).split(range(len(tt))):
        fl = [tl[i] for i in tr]
        if idxs is None:
            idxs = list(range(len(tr)))
        rows = undersample(fl, idxs, 4)
        res.append(fit_score(E[tr][rows], np.array(fl)[rows], E[te], np.array(tl)[te]))
    return {k: float(np.mean([r[k] for r in res])) for k in res[0]} | {"per_experiment": [r["accuracy"] for r in res]}



def labels():
    out = []
    for i in range(40):
        v = (i * 7 + i // 3) % 5
        if v == 4 and i % 9 != 0:
            v = 3
        out.append(v)
    return out


def undersample(lab, idxs, spl):
    np.random.RandomState(42).shuffle(idxs)
    counter = defaultdict(int)
    sampled = []
    for i in idxs:
        if counter[lab[i]] < spl:
            sampled.append(i)
            counter[lab[i]] += 1
    return sampled


lab = labels()
idxs = list(range(len(lab)))
exps = [undersample(lab, idxs, 3) for _ in range(3)]
folds = [{"train": tr.tolist(), "test": te.tolist()} for tr, te in KFold(5, shuffle=True, random_state=42).split(range(23))]
warnings.simplefilter("ignore")
print(json.dumps({"labels": lab, "experiments": exps, "kfold": folds, "small_eval": small_eval(), "small_cv": small_cv()}))
