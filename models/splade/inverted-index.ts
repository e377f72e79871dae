/**
 * Exact sparse retrieval: an inverted index over sparse document vectors, dot-product scoring by walking the
 * postings of each query term, and an exact top-k that cuts ties as mteb's heap does (score, then doc id, both
 * descending: the evaluator sorts again by that order). Documents a query shares no term with score 0; when fewer
 * than k documents score above 0, the zero-score documents with the largest ids fill the list, as mteb's dense
 * scoring of every document would.
 */
import { compareCodePoints } from '../../metrics/code-point-order.js';

export interface SparseVector {
  /** Term ids, ascending, unique. */
  indices: Int32Array;
  values: Float32Array;
}

export class InvertedIndex {
  private docIds: string[] = [];
  private pending: SparseVector[] = [];
  private offsets?: Int32Array;
  private postDocs?: Int32Array;
  private postVals?: Float32Array;

  constructor(readonly vocabSize: number) {}

  get size(): number {
    return this.docIds.length;
  }

  add(id: string, v: SparseVector): void {
    if (this.offsets) throw new Error('the index is already built');
    this.docIds.push(id);
    this.pending.push(v);
  }

  /** Counting pass then fill: postings of term t are docs offsets[t]..offsets[t+1], in insertion order. */
  build(): void {
    const V = this.vocabSize;
    const counts = new Int32Array(V + 1);
    for (const v of this.pending) for (const t of v.indices) counts[t + 1]!++;
    for (let t = 0; t < V; t++) counts[t + 1]! += counts[t]!;
    const total = counts[V]!;
    const docs = new Int32Array(total);
    const vals = new Float32Array(total);
    const fill = counts.slice(0, V);
    this.pending.forEach((v, d) => {
      for (let k = 0; k < v.indices.length; k++) {
        const t = v.indices[k]!;
        const at = fill[t]!++;
        docs[at] = d;
        vals[at] = v.values[k]!;
      }
    });
    this.offsets = counts;
    this.postDocs = docs;
    this.postVals = vals;
    this.pending = [];
  }

  get postings(): number {
    return this.postDocs?.length ?? 0;
  }

  /** Top k documents of each query: Map query index -> [doc id, score][] (ties at the cut included). */
  search(queries: readonly SparseVector[], k: number): [string, number][][] {
    if (!this.offsets) this.build();
    const n = this.docIds.length;
    const acc = new Float64Array(n);
    const touched = new Int32Array(n);
    const seen = new Uint8Array(n);
    const out: [string, number][][] = [];
    const heap = new Float64Array(Math.max(1, k));
    // zero-score fill order: doc ids descending (computed once, lazily)
    let byIdDesc: Int32Array | undefined;
    for (const q of queries) {
      let m = 0;
      for (let j = 0; j < q.indices.length; j++) {
        const t = q.indices[j]!;
        if (t < 0 || t >= this.vocabSize) continue;
        const w = q.values[j]!;
        for (let p = this.offsets![t]!, e = this.offsets![t + 1]!; p < e; p++) {
          const d = this.postDocs![p]!;
          if (!seen[d]) {
            seen[d] = 1;
            touched[m++] = d;
          }
          acc[d]! += w * this.postVals![p]!;
        }
      }
      // k-th best score by a size-k min-heap over the touched documents, then tuples only for those at or above it
      const threshold = kthLargest(acc, touched, m, k, heap);
      const hits: [string, number][] = [];
      for (let i = 0; i < m; i++) {
        const d = touched[i]!;
        const sc = Math.fround(acc[d]!);
        if (sc >= threshold) hits.push([this.docIds[d]!, sc]);
      }
      const top = cutTop(hits, k);
      const positive = top.filter((h) => h[1] > 0).length;
      if (positive < k && n > 0) {
        byIdDesc ??= Int32Array.from(this.docIds.map((_, i) => i)).sort((a, b) => compareCodePoints(this.docIds[b]!, this.docIds[a]!));
        const zeros: [string, number][] = [];
        for (let i = 0; i < byIdDesc.length && zeros.length < k - positive; i++) {
          const d = byIdDesc[i]!;
          if (!seen[d] || Math.fround(acc[d]!) === 0) zeros.push([this.docIds[d]!, 0]);
        }
        out.push([...top.filter((h) => h[1] > 0), ...zeros]);
      } else out.push(top);
      for (let i = 0; i < m; i++) {
        const d = touched[i]!;
        acc[d] = 0;
        seen[d] = 0;
      }
    }
    return out;
  }
}

/** The k-th largest float32-rounded score among acc[touched[0..m)] (-Infinity when fewer than k). */
function kthLargest(acc: Float64Array, touched: Int32Array, m: number, k: number, heap: Float64Array): number {
  if (m < k || k <= 0) return -Infinity;
  let n = 0;
  for (let i = 0; i < m; i++) {
    const s = Math.fround(acc[touched[i]!]!);
    if (n < k) {
      // sift up
      let j = n++;
      heap[j] = s;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (heap[p]! <= heap[j]!) break;
        const t = heap[p]!;
        heap[p] = heap[j]!;
        heap[j] = t;
        j = p;
      }
    } else if (s > heap[0]!) {
      heap[0] = s;
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        const r = l + 1;
        let b = j;
        if (l < n && heap[l]! < heap[b]!) b = l;
        if (r < n && heap[r]! < heap[b]!) b = r;
        if (b === j) break;
        const t = heap[b]!;
        heap[b] = heap[j]!;
        heap[j] = t;
        j = b;
      }
    }
  }
  return heap[0]!;
}

/** The k best (score desc, id desc), plus every hit tied with the k-th score. */
export function cutTop(hits: [string, number][], k: number): [string, number][] {
  if (hits.length <= k) return hits;
  hits.sort((a, b) => b[1] - a[1] || compareCodePoints(b[0], a[0]));
  const kth = hits[k - 1]![1];
  let end = k;
  while (end < hits.length && hits[end]![1] === kth) end++;
  return hits.slice(0, end);
}

/** Dot product of two sparse vectors (indices ascending). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i]!;
    const y = b.indices[j]!;
    if (x === y) s += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return Math.fround(s);
}
