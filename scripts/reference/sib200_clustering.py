"""Reference numbers for test/tasks/data-hooks/sib200-parity.test.ts.

Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2):
    /usr/bin/python3 scripts/reference/sib200_clustering.py ../shared/hub

SIB200ClusteringS2S as mteb 2.20 runs it (mteb/tasks/clustering/multilingual/sib200_clustering_s2s.py and
mteb/abstasks/clustering.py): per subset, train + validation + test rows concatenated (text -> sentences,
category -> labels); max_document_to_embed = 1004 with one task-level random.Random(42) across the subsets in
metadata order (rng.sample(range(N), k=min(N, 1004))); then the bootstrapped MiniBatchKMeans of
clustering_parity.fast (10 x rng.choices(range(n), k=16384), batch_size=512, n_init=1, random_state=42).
Embeddings: clustering_parity.embed_dense (deterministic, no exact distance ties), which the TS test re-implements.
"""
import gzip
import json
import os
import random
import sys

import numpy as np
import sklearn

sys.path.insert(0, os.path.dirname(__file__))
from clustering_parity import bootstrap_scores, embed_dense  # noqa: E402

SUBSETS = ["deu_Latn", "eng_Latn", "fra_Latn"]  # metadata order of SIB200ClusteringS2S's eval_langs


def rows_of(hub, lang):
    out = []
    for split in ("train", "validation", "test"):
        with gzip.open(f"{hub}/datasets/mteb/sib200/data/{lang}/{split}.jsonl.gz", "rt", encoding="utf-8") as f:
            out += [json.loads(l) for l in f]
    return [{"sentences": r["text"], "labels": r["category"]} for r in out]


def fast(rows, rng, max_docs):
    n = len(rows)
    idx = rng.sample(range(n), k=min(n, max_docs))
    rows = [rows[i] for i in idx]
    emb = np.stack([embed_dense(r["sentences"]) for r in rows])
    labels = np.array([r["labels"] for r in rows])
    v, _ = bootstrap_scores(emb, labels, rng)
    return {"v_measures": v, "v_measure": float(np.mean(v)), "n_docs": len(rows), "first_docs": [rows[i]["sentences"][:40] for i in range(3)]}


def main():
    hub = sys.argv[1] if len(sys.argv) > 1 else "../shared/hub"
    rng = random.Random(42)
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    out["subsets"] = {s: fast(rows_of(hub, s), rng, 1004) for s in SUBSETS}
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
