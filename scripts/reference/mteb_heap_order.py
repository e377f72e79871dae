"""Reference for metrics/mteb-heap-order.ts: the order of results[qid] after mteb's heap pushes, and np.std over it.

    /usr/bin/python3 scripts/reference/mteb_heap_order.py

Mirrors mteb/models/search_wrappers.py: candidates arrive in descending score order (torch.topk, sorted) and each
(score, corpus_id) is heapq.heappush'ed; results[qid] is filled by walking the heap list. Prints JSON cases.
"""
import heapq
import json
import numpy as np

rng = np.random.default_rng(7)
cases = []
for n in [1, 2, 5, 10, 37, 100]:
    scores = [float(np.float32(v)) for v in rng.normal(size=n)]
    ids = [str(int(i)) for i in rng.permutation(10 * n)[:n]]
    if n >= 10:
        scores[3] = scores[4]  # a tie: pushed in the given order, compared by id inside the heap
    order = sorted(range(n), key=lambda i: -scores[i])  # stable, like our descending sort
    heap = []
    for i in order:
        heapq.heappush(heap, (scores[i], ids[i]))
    vals = [s for s, _ in heap]
    cases.append({"ids": ids, "scores": scores, "heap": vals, "std": float(np.std(vals))})
print(json.dumps(cases))
