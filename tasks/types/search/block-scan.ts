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
  private readonly sortS: Float32Array;
  private readonly sortI: Int32Array;
  private readonly perm: Int32Array;
  private readonly kthBuf: Float32Array;
  private readonly outS: Float32Array;
  private readonly outI: Int32Array;

  constructor(
    private readonly running: RunningTopK,
    private readonly cap = Math.max(1024, 2 * running.k),
  ) {
    this.candS = new Float32Array(cap);
    this.candI = new Int32Array(cap);
    this.sortS = new Float32Array(cap);
    this.sortI = new Int32Array(cap);
    this.perm = new Int32Array(cap);
    this.kthBuf = new Float32Array(cap);
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
    for (let q = 0; q < queries; q++) {
      this.beginRow(q);
      const gb = q * ng;
      for (let g = 0; g < ng; g++) {
        if (groupMax[gb + g]! < this.thrS) continue;
        this.scanRange(block, q, q * rows, g * group, g * group + group, offset);
      }
      this.endRow(q);
    }
  }

  // Per-row state: buffered candidates and the threshold they must beat.
  private count = 0;
  private thrS = -Infinity;
  private thrI = 0;

  private beginRow(q: number): void {
    this.count = 0;
    [this.thrS, this.thrI] = this.running.threshold(q);
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
        [thrS, thrI] = this.running.threshold(q);
        this.thrS = thrS;
        this.thrI = thrI;
      }
    }
    this.count = c;
  }

  /**
   * Merges the buffered candidates of query q. Only the best k can enter the list: their cut-off score
   * is found with a native numeric sort, and only those k are sorted by (score desc, index asc).
   * Buffered candidates are in ascending index order, so equal scores at the cut keep the lowest indices.
   */
  private flush(q: number, count: number): void {
    const { candS, candI, sortS, sortI } = this;
    const k = this.running.k;
    let n = count;
    let src = candS;
    let srcI = candI;
    if (count > k) {
      const vals = this.kthBuf.subarray(0, count);
      vals.set(candS.subarray(0, count));
      vals.sort();
      const kth = vals[count - k]!;
      let above = 0;
      for (let i = 0; i < count; i++) if (candS[i]! > kth) above++;
      let ties = k - above;
      n = 0;
      for (let i = 0; i < count; i++) {
        const v = candS[i]!;
        if (v > kth || (v === kth && ties-- > 0)) {
          sortS[n] = v;
          sortI[n] = candI[i]!;
          n++;
        }
      }
      src = sortS;
      srcI = sortI;
    }
    const perm = this.perm.subarray(0, n);
    for (let i = 0; i < n; i++) perm[i] = i;
    perm.sort((a, b) => {
      const sa = src[a]!;
      const sb = src[b]!;
      return sa > sb ? -1 : sa < sb ? 1 : srcI[a]! - srcI[b]!;
    });
    const outS = this.outS;
    const outI = this.outI;
    for (let i = 0; i < n; i++) {
      outS[i] = src[perm[i]!]!;
      outI[i] = srcI[perm[i]!]!;
    }
    this.running.mergeRow(q, outS, outI, n);
  }
}
