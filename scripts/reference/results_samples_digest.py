#!/usr/bin/env python3
"""Independent digest of every result file in ../shared/results-samples (plain python json, no mteb).

Per revision folder: number of result files, files that cannot be normalized (pre-1.11 files without
main_score whose task is not in MTEB(eng, v1) — the test passes only that benchmark's metadata),
number of (split, subset) rows, how many main scores are NaN / missing, and the sum of the finite main
scores. Pre-1.11 files are flattened like leaderboard_reference.py (cos_sim -> cosine_*, max -> max_*) and
their main score is taken from the MTEB(eng, v1) main-score table; STS `[stat, p]` main scores use stat.
Usage: python3 scripts/reference/results_samples_digest.py [../shared/results-samples]
"""
import json
import math
import os
import sys

sys.argv = sys.argv[:2]
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "shared", "results-samples")
import io, contextlib
with contextlib.redirect_stdout(io.StringIO()):
    import leaderboard_reference as ref  # reuses rows_of / MAIN (prints nothing useful here)

out = {}
for root, dirs, files in sorted(os.walk(ROOT)):
    dirs.sort()
    files = sorted(f for f in files if f.endswith(".json") and f != "model_meta.json")
    if not files:
        continue
    d = {"files": 0, "failed": 0, "rows": 0, "nan": 0, "null": 0, "sum": 0.0}
    for f in files:
        with open(os.path.join(root, f)) as fh:
            data = json.load(fh)
        name = data.get("task_name") or data.get("mteb_dataset_name") or f[:-5]
        rows = ref.rows_of(data, name)
        flat = [r for split in rows.values() for r in split.values()]
        if any(r.get("main_score") is None for r in flat) and name not in ref.MAIN:
            d["failed"] += 1
            continue
        d["files"] += 1
        for r in flat:
            m = r.get("main_score")
            if m is None:
                m = r.get(ref.MAIN[name]) if name in ref.MAIN else None
            if isinstance(m, list):
                m = m[0]
            d["rows"] += 1
            if m is None:
                d["null"] += 1
            elif math.isnan(m):
                d["nan"] += 1
            else:
                d["sum"] += m
    out[os.path.relpath(root, ROOT)] = d
print(json.dumps(out, indent=1, sort_keys=True))
