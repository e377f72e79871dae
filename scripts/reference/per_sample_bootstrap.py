#!/usr/bin/env python3
"""Independent reference for `mteb-ts diff`'s paired per-sample bootstrap (run with /usr/bin/python3: numpy, scipy).

Writes test/fixtures/per-sample-bootstrap.json: fixed per-sample predictions of two runs (base, new) for one task per
statistic, and what numpy/scipy compute from them. The inputs are drawn here from RandomState(2024) and rounded, so
they contain ties and repeated values on purpose.

Statistics (seed 42, 1000 resamples, 95% interval, as `diff` defaults):
- mean of per-sample deltas (classification per example, retrieval per query, clustering per cluster set):
  rs = np.random.RandomState(seed); per resample idx = rs.randint(0, n, n); stat = deltas[idx].mean().
  Samples are paired by id (ids both runs have, sorted as strings) or, for cluster sets, by position
  (v2 `v_measures` levels in sorted key order, then the list order).
- STS: per resample, each subset's pairs are drawn on their own (subsets in order, one RandomState) and the statistic is
  the mean over subsets of spearmanr(gold[idx], new[idx]) - spearmanr(gold[idx], base[idx]) (scipy.stats.spearmanr).
  Resamples where a correlation is undefined (constant gold on the resample) are dropped and counted.
- interval: np.percentile(stats, [2.5, 97.5]); p = min(1, 2 * min(mean(stats <= 0), mean(stats >= 0))).
- pair classification: the same per-pair resampling with sklearn's average_precision_score(labels[idx], scores[idx])
  (scores oriented so that higher = more similar; a resample without a positive label gives AP 0 in sklearn 1.2).
Usage: /usr/bin/python3 scripts/reference/per_sample_bootstrap.py  (from the repository root)
"""
import json
import os
import warnings

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import average_precision_score

SEED = 42
B = 1000
here = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(here, "..", "..", "test", "fixtures", "per-sample-bootstrap.json")
gen = np.random.RandomState(2024)


def summary(stats, n, mean, dropped=0):
    stats = np.asarray(stats)
    lo, hi = np.percentile(stats, [2.5, 97.5])
    p = min(1.0, 2 * min(np.mean(stats <= 0), np.mean(stats >= 0)))
    return {"n": n, "mean": float(mean), "ci": [float(lo), float(hi)], "p": float(p), "dropped": dropped}


def mean_bootstrap(deltas):
    deltas = np.asarray(deltas, dtype=np.float64)
    n = len(deltas)
    rs = np.random.RandomState(SEED)
    stats = np.empty(B)
    for b in range(B):
        stats[b] = deltas[rs.randint(0, n, n)].mean()
    return summary(stats, n, deltas.mean())


def paired_by_id(a, b):
    return [b[k] - a[k] for k in sorted(a) if k in b]


# classification: per eval example, the share of 10 experiments that predict its label
n_cls = 60
cls_base = {str(i): float(v) for i, v in enumerate(gen.randint(0, 11, n_cls) / 10)}
cls_new = {str(i): float(min(1.0, v + (gen.randint(0, 3) / 10 if gen.rand() < 0.4 else 0))) for i, v in enumerate(np.array(list(cls_base.values())))}

# retrieval: per-query nDCG@10; the new run lacks q3 and has an extra query
ret_base = {f"q{i}": round(float(v), 4) for i, v in enumerate(gen.rand(25))}
ret_new = {k: round(min(1.0, max(0.0, v + gen.normal(0.03, 0.1))), 4) for k, v in ret_base.items() if k != "q3"}
ret_new["q99"] = 0.5

# clustering v2: v_measures per level (10 experiments, 2 levels); legacy: one list
clu_base = {"Level 0": [round(float(v), 6) for v in gen.uniform(0.3, 0.6, 10)], "Level 1": [round(float(v), 6) for v in gen.uniform(0.2, 0.5, 10)]}
clu_new = {k: [round(x + float(gen.normal(0.01, 0.02)), 6) for x in v] for k, v in clu_base.items()}
legacy_base = [round(float(v), 6) for v in gen.uniform(0.4, 0.7, 12)]
legacy_new = [round(x - float(gen.normal(0.005, 0.01)), 6) for x in legacy_base]

# STS: subset "en" (30 pairs, gold in steps of 0.05 so it has ties) and "tiny" (4 pairs, two equal gold scores)
en_gold = [float(v) for v in np.round(gen.randint(0, 21, 30) / 20, 2)]
en_base = [float(np.float32(g + gen.normal(0, 0.3))) for g in en_gold]
en_new = [float(np.float32(g + gen.normal(0, 0.2))) for g in en_gold]
tiny_gold = [0.2, 0.2, 0.6, 0.9]
tiny_base = [0.1, 0.5, 0.4, 0.8]
tiny_new = [0.3, 0.1, 0.5, 0.7]
sts_groups = [(en_gold, en_base, en_new), (tiny_gold, tiny_base, tiny_new)]

# pair classification: 40 pairs, 0/1 labels, float32 scores with ties (rounded to 2 decimals), and 5 pairs, 1 positive
pc_labels = [int(v) for v in gen.randint(0, 2, 40)]
pc_base = [float(np.float32(round(0.5 + 0.2 * (2 * y - 1) + gen.normal(0, 0.25), 2))) for y in pc_labels]
pc_new = [float(np.float32(round(0.5 + 0.25 * (2 * y - 1) + gen.normal(0, 0.25), 2))) for y in pc_labels]
pc_small = ([0, 1, 0, 0, 0], [0.3, 0.8, 0.5, 0.8, 0.1], [0.2, 0.9, 0.4, 0.6, 0.6])


def rho(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(spearmanr(x, y).statistic)


def ap(y, s):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(average_precision_score(y, s))


def sts_bootstrap(groups, rho=rho):
    arrs = [tuple(np.asarray(a, dtype=np.float64) for a in g) for g in groups]
    full = sum(rho(g, nw) - rho(g, bs) for g, bs, nw in arrs) / len(arrs)
    rs = np.random.RandomState(SEED)
    stats = []
    for _ in range(B):
        s = 0.0
        for g, bs, nw in arrs:
            idx = rs.randint(0, len(g), len(g))
            s += rho(g[idx], nw[idx]) - rho(g[idx], bs[idx])
        m = s / len(arrs)
        if not np.isnan(m):
            stats.append(m)
    return summary(stats, sum(len(g) for g, _, _ in arrs), full, dropped=B - len(stats))


clu_flat = lambda v: [x for k in sorted(v) for x in v[k]]  # noqa: E731
ref = {
    "seed": SEED,
    "samples": B,
    "inputs": {
        "classification": {"base": cls_base, "new": cls_new},
        "retrieval": {"base": ret_base, "new": ret_new},
        "clustering": {"base": clu_base, "new": clu_new},
        "clustering_legacy": {"base": legacy_base, "new": legacy_new},
        "sts": {
            "en": {"gold": en_gold, "base": en_base, "new": en_new},
            "tiny": {"gold": tiny_gold, "base": tiny_base, "new": tiny_new},
        },
        "pair_classification": {
            "main": {"labels": pc_labels, "base": pc_base, "new": pc_new},
            "small": {"labels": pc_small[0], "base": pc_small[1], "new": pc_small[2]},
        },
    },
    "expected": {
        "classification": mean_bootstrap(paired_by_id(cls_base, cls_new)),
        "retrieval": mean_bootstrap(paired_by_id(ret_base, ret_new)),
        "clustering": mean_bootstrap([n - b for b, n in zip(clu_flat(clu_base), clu_flat(clu_new))]),
        "clustering_legacy": mean_bootstrap([n - b for b, n in zip(legacy_base, legacy_new)]),
        "sts": sts_bootstrap(sts_groups),
        "sts_en_only": sts_bootstrap(sts_groups[:1]),
        "pair_classification": sts_bootstrap([(pc_labels, pc_base, pc_new), pc_small], rho=ap),
    },
    "how": "scripts/reference/per_sample_bootstrap.py, numpy %s, scipy %s" % (np.__version__, __import__("scipy").__version__),
}
with open(OUT, "w") as fh:
    json.dump(ref, fh, indent=1)
    fh.write("\n")
print(json.dumps(ref["expected"], indent=1))
