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

  constructor(
    private readonly running: RunningTopK,
    private readonly cap = Math.max(1024, 2 * running.k),
  ) {
    this.candS = new Float32Array(cap);
    this.candI = new Int32Array(cap);
    this.sortS = new Float32Array(cap);
    this.sortI = new Int32Array(cap);
    this.perm = new Int32Array(cap);
  }

  /**
   * Scores of `rows` docs (absolute indices offset..offset+rows-1) for every query. With `colScale`,
   * score = float32(raw * colScale[j]) (cosine: raw dot with a normalised query times 1/||doc||).
   */
  scan(block: Float32Array, queries: number, rows: number, offset: number, colScale?: Float64Array): void {
    if (this.running.k === 0) return;
    const { candS, candI, cap } = this;
    for (let q = 0; q < queries; q++) {
      let [thrS, thrI] = this.running.threshold(q);
      const base = q * rows;
      let c = 0;
      for (let j = 0; j < rows; j++) {
        const s = colScale ? Math.fround(block[base + j]! * colScale[j]!) : block[base + j]!;
        if (!(s >= thrS)) continue; // the common case; also drops NaN
        const idx = offset + j;
        if (s === thrS && idx > thrI) continue;
        candS[c] = s;
        candI[c] = idx;
        if (++c === cap) {
          this.flush(q, c);
          c = 0;
          [thrS, thrI] = this.running.threshold(q);
        }
      }
      if (c) this.flush(q, c);
    }
  }

  private flush(q: number, count: number): void {
    const { candS, candI, sortS, sortI } = this;
    const perm = this.perm.subarray(0, count);
    for (let i = 0; i < count; i++) perm[i] = i;
    perm.sort((a, b) => {
      const sa = candS[a]!;
      const sb = candS[b]!;
      return sa > sb ? -1 : sa < sb ? 1 : candI[a]! - candI[b]!;
    });
    const keep = Math.min(count, this.running.k);
    for (let i = 0; i < keep; i++) {
      sortS[i] = candS[perm[i]!]!;
      sortI[i] = candI[perm[i]!]!;
    }
    this.running.mergeRow(q, sortS, sortI, keep);
  }
}
