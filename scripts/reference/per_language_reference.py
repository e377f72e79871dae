#!/usr/bin/env python3
"""Independent reference for the per-language leaderboard table (test/results/fixtures/per-language-reference.json).

Follows mteb 2.20.0 mteb/benchmarks/_create_table.py `_create_per_language_table_from_benchmark_results` step by
step with plain Python in place of polars: keep rows whose language list meets the view (list views), explode the
language lists (a language listed twice counts twice), keep the view's languages, mean of the non-null scores per
(model, language) (null when none), drop models with no score, then order by the single language (descending) or
by Borda: per language, average ranks of the models' scores (descending; null gets no rank), points
n_models - rank summed, min-rank of the sums (ties broken by model name here; polars leaves them unordered).

Inputs are fixed below (hand-written rows: model, task, split, subset, languages, main score).
Usage: python3 scripts/reference/per_language_reference.py > test/results/fixtures/per-language-reference.json
"""
import json
import sys

ROWS = [
    # model, task, split, subset, languages, score
    ("org/a", "BitextX", "test", "deu-eng", ["deu-Latn", "eng-Latn"], 0.90),
    ("org/a", "BitextX", "test", "fra-eng", ["fra-Latn", "eng-Latn"], 0.80),
    ("org/a", "STS17", "test", "en-en", ["eng-Latn", "eng-Latn"], 0.70),
    ("org/a", "ClsY", "test", "de", ["deu-Latn"], 0.60),
    ("org/a", "ClsY", "test", "sw", ["swa-Latn"], None),
    ("org/b", "BitextX", "test", "deu-eng", ["deu-Latn", "eng-Latn"], 0.95),
    ("org/b", "BitextX", "test", "fra-eng", ["fra-Latn", "eng-Latn"], 0.70),
    ("org/b", "STS17", "test", "en-en", ["eng-Latn", "eng-Latn"], 0.65),
    ("org/b", "ClsY", "test", "de", ["deu-Latn"], 0.50),
    ("org/b", "ClsY", "test", "sw", ["swa-Latn"], 0.40),
    ("org/c", "BitextX", "test", "deu-eng", ["deu-Latn", "eng-Latn"], 0.90),
    ("org/c", "ClsY", "test", "de", ["deu-Latn"], 0.60),
    ("org/d", "ClsY", "test", "xx", ["jpn-Jpan"], 0.99),
    ("org/e", "ClsY", "test", "sw", ["swa-Latn"], None),
]
VIEWS = {"list": ["eng-Latn", "zho-Hans", "deu-Latn", "swa-Latn", "fra-Latn"], "one": ["fra-Latn"], "all": "all"}


def average_rank_desc(values):
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j + 2) / 2
        i = j + 1
    return ranks


def table(view):
    rows = ROWS if view == "all" else [r for r in ROWS if any(lang in view for lang in r[4])]
    exploded = [(m, lang, s) for (m, _t, _sp, _su, langs, s) in rows for lang in langs if view == "all" or lang in view]
    groups = {}
    for m, lang, s in exploded:
        groups.setdefault((m, lang), []).append(s)
    means = {k: (sum(x for x in v if x is not None) / len([x for x in v if x is not None]) if any(x is not None for x in v) else None) for k, v in groups.items()}
    present = sorted({lang for (_, lang) in means}) if view == "all" else [l for l in view if any(k[1] == l for k in means)]
    models = sorted({m for (m, _) in means})
    models = [m for m in models if any(means.get((m, l)) is not None for l in present)]
    n = len(models)
    if len(present) == 1:
        l = present[0]
        models.sort(key=lambda m: (-(means.get((m, l)) if means.get((m, l)) is not None else float("-inf")), m))
    else:
        points = {m: 0.0 for m in models}
        for l in present:
            scored = [m for m in models if means.get((m, l)) is not None]
            ranks = average_rank_desc([means[(m, l)] for m in scored])
            for m, r in zip(scored, ranks):
                points[m] += n - r
        rank = {m: 1 + sum(1 for o in models if points[o] > points[m]) for m in models}
        models.sort(key=lambda m: (rank[m], m))
    return {"languages": present, "rows": [{"model": m, "scores": {l: means.get((m, l)) for l in present}} for m in models]}


out = {"rows": [{"model": r[0], "task": r[1], "split": r[2], "subset": r[3], "languages": r[4], "main": r[5]} for r in ROWS],
       "views": {k: v for k, v in VIEWS.items()},
       "expected": {k: table(v) for k, v in VIEWS.items()}}
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
