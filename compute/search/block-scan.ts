/**
 * Per-query top-k selection from a block of scores [queries x rows] (row-major, one query per row).
 * Each query's running k-th entry is a threshold: most scores fail one comparison and are skipped;
 * the rest are buffered, sorted by (score desc, index asc) and merged when the buffer fills.
 * NaN scores are skipped.
 */
import type { RunningTopK } from './topk-merge.js';

export class BlockScanner {
  private readonly candS: Float32Array;
  private readonly candI: Int32Array;
  private readonly keys: Float64Array;
  private readonly outS: Float32Array;
  private readonly outI: Int32Array;

  constructor(
    private readonly running: RunningTopK,
    private readonly cap = Math.max(1024, 2 * running.k),
  ) {
    this.candS = new Float32Array(cap);
    this.candI = new Int32Array(cap);
    this.keys = new Float64Array(cap);
    this.outS = new Float32Array(cap);
    this.outI = new Int32Array(cap);
  }

  /** Scores of `rows` docs (absolute indices offset..offset+rows-1) for every query. */
  scan(block: Float32Array, queries: number, rows: number, offset: number): void {
    if (this.running.k === 0) return;
    for (let q = 0; q < queries; q++) {
      this.beginRow(q);
      this.scanRange(block, q, q * rows, 0, rows, offset);
      this.endRow(q);
    }
  }

  /**
   * Like scan, with `groupMax[q * (rows / group) + g]` = max of scores g*group..g*group+group-1 of query q:
   * a group whose maximum is below the query's threshold is skipped without reading its scores.
   */
  scanGrouped(block: Float32Array, groupMax: Float32Array, group: number, queries: number, rows: number, offset: number): void {
    if (this.running.k === 0) return;
    const ng = rows / group;
    const k = this.running.k;
    for (let q = 0; q < queries; q++) {
      this.beginRow(q);
      const gb = q * ng;
      if (this.thrS === -Infinity && ng >= k) {
        // Empty list (a query's first block): the k-th largest group maximum is a valid starting
        // threshold, since k documents of this block score at least that much. Equal scores still enter.
        if (this.gmBuf.length < ng) this.gmBuf = new Float32Array(ng);
        const tmp = this.gmBuf.subarray(0, ng);
        tmp.set(groupMax.subarray(gb, gb + ng));
        const kth = kthLargest(tmp, k);
        // Valid only if k group maxima (k distinct documents) reach it; this also rules out NaN.
        let n = 0;
        for (let g = 0; g < ng; g++) if (groupMax[gb + g]! >= kth) n++;
        if (n >= k) this.thrS = kth;
      }
      let thr = this.thrS;
      for (let g = 0; g < ng; g++) {
        if (groupMax[gb + g]! < thr) continue;
        this.scanRange(block, q, q * rows, g * group, g * group + group, offset);
        thr = this.thrS;
      }
      this.endRow(q);
    }
  }

  /**
   * Candidate groups of one block in (query, group) row-major order: `pos` = int32 [2, c] (query indices,
   * then group indices), `scores` = [c, group] the groups' scores; document index = offset + g * group + j.
   */
  scanCandidateGroups(scores: Float32Array, pos: Int32Array, group: number, offset: number): void {
    if (this.running.k === 0) return;
    const c = pos.length / 2;
    let i = 0;
    while (i < c) {
      const q = pos[i]!;
      this.beginRow(q);
      for (; i < c && pos[i] === q; i++) {
        const g = pos[c + i]!;
        // scanRange reads block[base + j] for j in [from, to) and indexes documents offset + j.
        this.scanRange(scores, q, i * group - g * group, g * group, g * group + group, offset);
      }
      this.endRow(q);
    }
  }

  // Per-row state: buffered candidates and the threshold they must beat.
  private gmBuf = new Float32Array(0);
  private count = 0;
  private thrS = -Infinity;
  private thrI = 0;

  private beginRow(q: number): void {
    this.count = 0;
    this.thrS = this.running.thresholdScore(q);
    this.thrI = this.running.thresholdIndex(q);
  }

  private endRow(q: number): void {
    if (this.count) this.flush(q, this.count);
    this.count = 0;
  }

  /** Buffers the candidates of query q among block[base + from .. base + to); indices are offset + column. */
  private scanRange(block: Float32Array, q: number, base: number, from: number, to: number, offset: number): void {
    const { candS, candI, cap } = this;
    let { thrS, thrI } = this;
    let c = this.count;
    for (let j = from; j < to; j++) {
      const s = block[base + j]!;
      if (!(s >= thrS)) continue; // the common case; also drops NaN
      const idx = offset + j;
      if (s === thrS && idx > thrI) continue;
      candS[c] = s;
      candI[c] = idx;
      if (++c === cap) {
        this.flush(q, c);
        c = 0;
        this.thrS = thrS = this.running.thresholdScore(q);
        this.thrI = thrI = this.running.thresholdIndex(q);
      }
    }
    this.count = c;
  }

  /**
   * Merges the buffered candidates of query q: they are sorted by (score desc, index asc) with one native
   * sort of float64 keys (order-preserving float32 bits * 2^16 + 65535 - index offset within the flush,
   * exact below 2^48), and the best k go to mergeRow. -0 is keyed (and kept) as +0, which compares equal.
   */
  private flush(q: number, count: number): void {
    const { candS, candI, keys, outS, outI } = this;
    const base = candI[0]!; // candidates are in ascending index order
    if (candI[count - 1]! - base > 0xffff) {
      this.flushSlow(q, count);
      return;
    }
    const f = BlockScanner.f32;
    const u = BlockScanner.u32;
    for (let i = 0; i < count; i++) {
      f[0] = candS[i]! + 0;
      const b = u[0]!;
      const ordered = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
      keys[i] = ordered * 65536 + (0xffff - (candI[i]! - base));
    }
    const sorted = keys.subarray(0, count).sort();
    const n = Math.min(count, this.running.k);
    for (let o = 0; o < n; o++) {
      const key = sorted[count - 1 - o]!;
      const ordered = Math.floor(key / 65536);
      u[0] = ordered & 0x80000000 ? ordered & 0x7fffffff : ~ordered >>> 0;
      outS[o] = f[0]!;
      outI[o] = base + 0xffff - (key - ordered * 65536);
    }
    this.running.mergeRow(q, outS, outI, n);
  }

  /** Comparator sort, for index spans too wide for the packed keys (blocks over 65536 rows). */
  private flushSlow(q: number, count: number): void {
    const { candS, candI, outS, outI } = this;
    const perm = Array.from({ length: count }, (_, i) => i);
    perm.sort((a, b) => (candS[a]! > candS[b]! ? -1 : candS[a]! < candS[b]! ? 1 : candI[a]! - candI[b]!));
    const n = Math.min(count, this.running.k);
    for (let o = 0; o < n; o++) {
      outS[o] = candS[perm[o]!]!;
      outI[o] = candI[perm[o]!]!;
    }
    this.running.mergeRow(q, outS, outI, n);
  }

  private static readonly f32 = new Float32Array(1);
  private static readonly u32 = new Uint32Array(BlockScanner.f32.buffer);
}

/** The k-th largest value of `a` (1 <= k <= a.length), by quickselect; reorders `a`. */
export function kthLargest(a: Float32Array, k: number): number {
  const target = a.length - k; // index in ascending order
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
