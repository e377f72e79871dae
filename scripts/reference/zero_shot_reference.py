#!/usr/bin/env python3
"""Independent reference for the leaderboard's zero-shot % (test/results/fixtures/zero-shot-reference.json).

Re-implements, in plain Python and literally, mteb 2.20.0's
  - mteb/get_tasks.py `_create_similar_tasks` (parent -> [tasks adapted from it, tasks it supersedes]),
  - mteb/models/model_meta.py `ModelMeta.get_training_datasets` and `_collect_similar_tasks` (one `visited` set
    shared across the declared datasets, both graph directions, the adapted_from model's sets added first),
  - mteb/benchmarks/_create_table.py `_zero_shot_pct_cached` (int(100 - 100 * overlap / n_tasks)),
and applies them to every model of mteb's registry on the task names of two benchmarks.

Inputs come straight from an mteb 2.20.0 source tree (e.g. `git archive 2.20.0 mteb | tar -x -C /tmp/mteb`):
ModelMeta keyword arguments as the implementation modules write them (executed with stubbed dependencies by
scripts/catalog/extract-mteb-models.py, whose TypeScript output is NOT read here), and task metadata from
scripts/catalog/extract-mteb-metadata.py's JSON. Benchmark task names are the `tasks=[...]` lists of the
benchmark definitions.

Usage:
  python3 scripts/catalog/extract-mteb-metadata.py /tmp/mteb > /tmp/mteb-meta.json
  python3 scripts/reference/zero_shot_reference.py /tmp/mteb /tmp/mteb-meta.json > test/results/fixtures/zero-shot-reference.json
"""
import contextlib
import io
import json
import os
import runpy
import sys
from collections import defaultdict

ROOT, TASK_META = sys.argv[1], sys.argv[2]
BENCHMARKS = ["MTEB(eng, v1)", "MTEB(eng, v2)", "MTEB(Multilingual, v2)"]

# ModelMeta kwargs (the extractor's `registry` dict; its stdout is discarded).
here = os.path.dirname(os.path.abspath(__file__))
saved = sys.argv
sys.argv = ["x", ROOT, TASK_META]
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    g = runpy.run_path(os.path.join(here, "..", "catalog", "extract-mteb-models.py"))
sys.argv = saved
REGISTRY = g["registry"]

meta = json.load(open(TASK_META))
SIMILAR = defaultdict(list)
for name, t in meta["tasks"].items():
    for parent in t.get("adapted_from") or []:
        SIMILAR[parent].append(name)
    if t.get("superseded_by"):
        SIMILAR[t["superseded_by"]].append(name)


def collect_similar(dataset, visited):
    if dataset in visited:
        return set()
    visited.add(dataset)
    similar = set()
    if dataset in SIMILAR:
        for s in SIMILAR[dataset]:
            similar.add(s)
            similar.update(collect_similar(s, visited))
    for parent, children in SIMILAR.items():
        if dataset in children:
            similar.add(parent)
            similar.update(collect_similar(parent, visited))
    return similar


def get_training_datasets(name):
    kw = REGISTRY[name]
    td = kw.get("training_datasets")
    if td is None:
        return None
    training = set(td)  # a dict (1.x style) contributes its keys, as set(dict) does
    adapted = kw.get("adapted_from")
    if adapted is not None and adapted in REGISTRY:
        parent = get_training_datasets(adapted)
        if parent is not None:
            training |= parent
    out = training.copy()
    visited = set()
    for d in training:
        out |= collect_similar(d, visited)
    return out


def zero_shot_pct(name, task_names):
    if not task_names:
        return None
    training = get_training_datasets(name)
    if training is None:
        return None
    overlap = training & set(task_names)
    return int(100 - 100 * (len(overlap) / len(task_names)))


bench_tasks = {}
for b in meta["benchmarks"]:
    if b["name"] in BENCHMARKS:
        names = []
        for part in b["selection"]:
            names += part.get("tasks") or []
        bench_tasks[b["name"]] = sorted(set(names))

out = {"mteb": "2.20.0", "benchmarks": {}}
for bname in BENCHMARKS:
    tasks = bench_tasks[bname]
    out["benchmarks"][bname] = {"tasks": tasks, "zero_shot": {m: zero_shot_pct(m, tuple(tasks)) for m in sorted(REGISTRY)}}
json.dump(out, sys.stdout, indent=0, sort_keys=True)
sys.stdout.write("\n")
