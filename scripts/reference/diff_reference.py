#!/usr/bin/env python3
"""Independent reference for `mteb-ts diff` GloVe -> komninos on ../shared/results-samples (run with /usr/bin/python3: needs numpy).

Per task present in both folders: task score = mean main score over the (split, subset) rows both files have,
restricted to MTEB(eng, v1) splits/subsets for tasks of that benchmark (rows/main scores read like
leaderboard_reference.py). Files that cannot be normalized (pre-1.11, no main_score, task outside the table)
are skipped. Aggregate = mean over tasks with both scores; paired bootstrap over tasks:
rs = numpy.random.RandomState(seed); for each of B samples idx = rs.randint(0, n, n); mean(delta[idx]);
CI = numpy.percentile(means, [2.5, 97.5]); p = min(1, 2*min(mean(means<=0), mean(means>=0))).
Usage: /usr/bin/python3 scripts/reference/diff_reference.py [../shared/results-samples] [seed] [samples]
"""
import contextlib
import io
import json
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
args = sys.argv[1:]
ROOT = args[0] if args else os.path.join(here, "..", "..", "..", "shared", "results-samples")
SEED = int(args[1]) if len(args) > 1 else 42
B = int(args[2]) if len(args) > 2 else 1000
sys.argv = sys.argv[:1] + ([ROOT])
with contextlib.redirect_stdout(io.StringIO()):
    import leaderboard_reference as ref


def load(folder):
    out = {}
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".json") or f == "model_meta.json":
            continue
        with open(os.path.join(folder, f)) as fh:
            data = json.load(fh)
        name = data.get("task_name") or data.get("mteb_dataset_name") or f[:-5]
        rows = ref.rows_of(data, name)
        keyed = {}
        for split, subs in rows.items():
            if name in ref.MAIN and split not in ref.SPLITS[name]:
                continue
            for sub, m in subs.items():
                if name in ref.MAIN and sub not in ref.SUBSETS[name]:
                    continue
                main = m.get("main_score")
                if main is None:
                    if name not in ref.MAIN:
                        keyed = None
                        break
                    main = m.get(ref.MAIN[name])
                keyed[(split, sub)] = main
            if keyed is None:
                break
        if keyed is not None:
            out[name] = keyed
    return out


base = load(os.path.join(ROOT, "sentence-transformers__average_word_embeddings_glove.6B.300d", "no_revision_available"))
new = load(os.path.join(ROOT, "sentence-transformers__average_word_embeddings_komninos", "no_revision_available"))
tasks = {}
for t in sorted(set(base) & set(new)):
    common = [k for k in base[t] if k in new[t]]
    b = [base[t][k] for k in common]
    n = [new[t][k] for k in common]
    if not common or any(x is None for x in b + n):
        tasks[t] = None
        continue
    tasks[t] = {"base": sum(b) / len(b), "new": sum(n) / len(n)}
    tasks[t]["delta"] = tasks[t]["new"] - tasks[t]["base"]
both = [t for t in sorted(tasks) if tasks[t] is not None]
deltas = np.array([tasks[t]["delta"] for t in both])
rs = np.random.RandomState(SEED)
means = np.empty(B)
for i in range(B):
    idx = rs.randint(0, len(deltas), len(deltas))
    means[i] = deltas[idx].mean()
lo, hi = np.percentile(means, [2.5, 97.5])
p = min(1.0, 2 * min(np.mean(means <= 0), np.mean(means >= 0)))
# Benchmark mode (-b "MTEB(eng, v1)"): leaderboard task scores (CQADupstackRetrieval = mean of its 12 members),
# the tasks both models scored, and the same bootstrap over those benchmark-level deltas.
gb = ref.model_scores(os.path.join(ROOT, "sentence-transformers__average_word_embeddings_glove.6B.300d", "no_revision_available"))
kb = ref.model_scores(os.path.join(ROOT, "sentence-transformers__average_word_embeddings_komninos", "no_revision_available"))
bt = [t for t in ref.TASKS if gb[t] is not None and kb[t] is not None]
bd = np.array([kb[t] - gb[t] for t in bt])
rs = np.random.RandomState(SEED)
bm = np.empty(B)
for i in range(B):
    bm[i] = bd[rs.randint(0, len(bd), len(bd))].mean()
blo, bhi = np.percentile(bm, [2.5, 97.5])
bench = {"n": len(bt), "base_mean": sum(gb[t] for t in bt) / len(bt), "new_mean": sum(kb[t] for t in bt) / len(bt),
         "ci": [blo, bhi], "p": min(1.0, 2 * min(np.mean(bm <= 0), np.mean(bm >= 0)))}

print(json.dumps({
    "benchmark": bench,
    "added": sorted(set(new) - set(base)), "missing": sorted(set(base) - set(new)),
    "tasks": tasks, "n": len(both),
    "base_mean": sum(tasks[t]["base"] for t in both) / len(both),
    "new_mean": sum(tasks[t]["new"] for t in both) / len(both),
    "ci": [lo, hi], "p": p, "seed": SEED, "samples": B,
    "regressions_0.5": [t for t in both if tasks[t]["delta"] * 100 < -0.5],
}, indent=1, sort_keys=True))
