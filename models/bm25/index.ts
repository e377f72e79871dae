/**
 * An eager BM25 index computed like bm25s (method "lucene"): every (document, term) score is computed at
 * index time and stored as float32, and a query's document scores are float32 sums over its tokens.
 *
 *   idf(t)      = ln(1 + (N - df + 0.5) / (df + 0.5))                       stored as float32
 *   score(d, t) = idf(t) * tf / (k1 * ((1 - b) + b * |d| / avgdl) + tf)     float64, stored as float32
 *   score(q, d) = sum over q's tokens (repeats count again) of score(d, t), accumulated in float32
 *
 * The float64 intermediate follows numpy >= 2 promotion (avgdl is a numpy float64 scalar); numpy 1.x
 * would compute the tf part in float32, which can move a score by ~1 ulp.
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

export class Bm25Index {
  readonly numDocs: number;
  readonly avgDocLen: number;
  /** term -> term id */
  readonly vocab: Map<string, number>;
  readonly idf: Float32Array;
  /** CSC layout: postings of term t are [termStart[t], termStart[t+1]) in docIdx/docScore. */
  private readonly termStart: Int32Array;
  private readonly docIdx: Int32Array;
  private readonly docScore: Float32Array;

  constructor(
    docs: readonly (readonly string[])[],
    readonly params: Bm25Params,
  ) {
    const { k1, b } = params;
    const n = docs.length;
    this.numDocs = n;
    const vocab = new Map<string, number>();
    const docLen = new Int32Array(n);
    // Per document: distinct term ids and their counts, appended to flat growable arrays.
    let cap = 1024;
    let pDoc = new Int32Array(cap);
    let pTerm = new Int32Array(cap);
    let pTf = new Int32Array(cap);
    let m = 0;
    let totalLen = 0;
    const counts = new Map<number, number>();
    for (let d = 0; d < n; d++) {
      const toks = docs[d]!;
      docLen[d] = toks.length;
      totalLen += toks.length;
      counts.clear();
      for (const t of toks) {
        let id = vocab.get(t);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(t, id);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (m + counts.size > cap) {
        while (m + counts.size > cap) cap *= 2;
        pDoc = grow(pDoc, cap);
        pTerm = grow(pTerm, cap);
        pTf = grow(pTf, cap);
      }
      for (const [id, tf] of counts) {
        pDoc[m] = d;
        pTerm[m] = id;
        pTf[m] = tf;
        m++;
      }
    }
    this.vocab = vocab;
    const v = vocab.size;
    // numpy: np.array(doc lengths).mean() -> float64 sum / n (exact for integer sums < 2^53).
    this.avgDocLen = n > 0 ? totalLen / n : 0;
    const df = new Int32Array(v);
    for (let i = 0; i < m; i++) df[pTerm[i]!]!++;
    this.idf = new Float32Array(v);
    for (let t = 0; t < v; t++) this.idf[t] = Math.log(1 + (n - df[t]! + 0.5) / (df[t]! + 0.5));
    // Counting sort of the postings by term; documents stay in ascending order within a term.
    const start = new Int32Array(v + 1);
    for (let t = 0; t < v; t++) start[t + 1] = start[t]! + df[t]!;
    const fill = start.slice(0, v);
    this.docIdx = new Int32Array(m);
    this.docScore = new Float32Array(m);
    const avg = this.avgDocLen;
    for (let i = 0; i < m; i++) {
      const t = pTerm[i]!;
      const d = pDoc[i]!;
      const tf = pTf[i]!;
      const at = fill[t]!++;
      this.docIdx[at] = d;
      const tfc = tf / (k1 * (1 - b + (b * docLen[d]!) / avg) + tf);
      this.docScore[at] = this.idf[t]! * tfc;
    }
    this.termStart = start;
  }

  /** Accumulates a query's scores into `out` (length numDocs, zeroed by the caller); returns touched doc ids. */
  scoreInto(queryTokens: readonly string[], out: Float32Array, touched: Uint8Array): number[] {
    const hit: number[] = [];
    for (const tok of queryTokens) {
      const t = this.vocab.get(tok);
      if (t === undefined) continue;
      for (let i = this.termStart[t]!, e = this.termStart[t + 1]!; i < e; i++) {
        const d = this.docIdx[i]!;
        out[d] = out[d]! + this.docScore[i]!;
        if (!touched[d]) {
          touched[d] = 1;
          hit.push(d);
        }
      }
    }
    return hit;
  }

  /**
   * Top k documents of one query: (score desc, doc index asc). Like bm25s, the list is filled up to
   * k with zero-score documents when fewer than k match (bm25s's argpartition picks those arbitrarily;
   * we take the lowest indices).
   */
  topK(queryTokens: readonly string[], k: number, scratch?: { scores: Float32Array; touched: Uint8Array }): { idx: number[]; scores: number[] } {
    const n = this.numDocs;
    const kk = Math.min(k, n);
    const scores = scratch?.scores ?? new Float32Array(n);
    const touched = scratch?.touched ?? new Uint8Array(n);
    const hit = this.scoreInto(queryTokens, scores, touched);
    let pool = hit;
    if (hit.length > 4 * kk) {
      // Keep only scores >= the k-th largest (found with a native numeric sort) before the comparator sort.
      const vals = Float32Array.from(hit, (d) => scores[d]!).sort();
      const kth = vals[vals.length - kk]!;
      pool = hit.filter((d) => scores[d]! >= kth);
    }
    pool.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const idx = pool.slice(0, kk);
    for (let d = 0; idx.length < kk && d < n; d++) if (!touched[d]) idx.push(d);
    const out = idx.map((d) => scores[d]!);
    for (const d of hit) {
      scores[d] = 0;
      touched[d] = 0;
    }
    return { idx, scores: out };
  }
}

function grow(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
