import { compareCodePoints } from './code-point-order.js';

/**
 * The order in which mteb's search leaves one query's retrieved scores (mteb/models/search_wrappers.py
 * `_sort_full_corpus_results`, `_rerank_sort_results`): `torch.topk` hands the candidates over in descending score
 * order, each `(score, corpus_id)` is `heapq.heappush`ed onto a min-heap, and `results[qid]` is filled by walking
 * the heap list. `np.std` over that order is the nAUC "std" confidence, so its last bit depends on the layout.
 *
 * Reproducing the layout (rather than using our own candidate order) makes the confidence a function of the
 * retrieved set alone: two queries with identical vectors get bit-identical confidences, as in mteb, and the
 * stable argsort in nAUC keeps mteb's query order. Exact for corpora of one search chunk (mteb: 50,000 documents)
 * when no two candidates tie; tied scores are pushed in the order given (torch.topk's tie order is unspecified).
 */
export function mtebHeapOrder(docs: ReadonlyMap<string, number>): Float64Array {
  const entries = [...docs];
  // Descending score, stable: ties keep the order given.
  const pushes = entries.map((_, i) => i).sort((i, j) => entries[j]![1] - entries[i]![1]);
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => {
    const sa = entries[a]![1];
    const sb = entries[b]![1];
    if (sa !== sb) return sa < sb;
    return compareCodePoints(entries[a]![0], entries[b]![0]) < 0; // Python compares the tuples' ids next
  };
  for (const item of pushes) {
    // heapq.heappush: append, then _siftdown towards the root while smaller than the parent.
    let pos = heap.length;
    heap.push(item);
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!less(item, heap[parent]!)) break;
      heap[pos] = heap[parent]!;
      pos = parent;
    }
    heap[pos] = item;
  }
  return Float64Array.from(heap, (i) => entries[i]![1]);
}
