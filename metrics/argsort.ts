/**
 * Stable argsort of float64 values: the order of `(a, b) => v[a] - v[b] || a - b` (or its descending twin
 * `v[b] - v[a] || a - b`), i.e. numpy's `argsort(kind="stable")` on values without NaN: -0 and +0 tie, ties keep
 * index order. An LSD radix sort on the 64-bit keys (11-bit digits; a digit every value shares is skipped, as the
 * low bits of float32 scores are), so O(n) instead of a comparator sort's n log n calls: 4-7 ms instead of 15-30 ms
 * on 51k scores (docs/performance.md). Values holding a NaN take the comparator sort, whose order they define as
 * before.
 */
const BITS = 11;
const BUCKETS = 1 << BITS;

export function stableArgsort(values: ArrayLike<number>, descending = false): Uint32Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) return comparatorSort(values, order, descending);
    f[i] = v === 0 ? 0 : v; // -0 sorts with +0
  }
  // Monotone unsigned keys (little-endian words: the high one second): negative values have every bit flipped,
  // others the sign bit; descending flips all.
  const w = new Uint32Array(f.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = w[2 * i + 1]!;
    let l = w[2 * i]!;
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    if (descending) {
      h = ~h;
      l = ~l;
    }
    lo[i] = l >>> 0;
    hi[i] = h >>> 0;
  }
  return radixSort(lo, hi, order);
}

function radixSort(lo: Uint32Array, hi: Uint32Array, order: Uint32Array): Uint32Array {
  const n = order.length;
  let idx: Uint32Array = order;
  let loA: Uint32Array = lo;
  let hiA: Uint32Array = hi;
  let idxB: Uint32Array = new Uint32Array(n);
  let loB: Uint32Array = new Uint32Array(n);
  let hiB: Uint32Array = new Uint32Array(n);
  const count = new Uint32Array(BUCKETS);
  const dg = new Uint16Array(n);
  for (let shift = 0; shift < 64; shift += BITS) {
    const s = shift & 31;
    // A digit may straddle the two words (bits 22..32 and 55..65 of the key).
    if (shift < 32) {
      const spill = s + BITS > 32 ? s + BITS - 32 : 0;
      const m = (1 << spill) - 1;
      for (let i = 0; i < n; i++) dg[i] = ((loA[i]! >>> s) | ((hiA[i]! & m) << (32 - s))) & (BUCKETS - 1);
    } else for (let i = 0; i < n; i++) dg[i] = (hiA[i]! >>> s) & (BUCKETS - 1);
    count.fill(0);
    for (let i = 0; i < n; i++) count[dg[i]!]!++;
    if (count[dg[0]!] === n) continue; // every key shares this digit
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = count[dg[i]!]!++;
      idxB[p] = idx[i]!;
      loB[p] = loA[i]!;
      hiB[p] = hiA[i]!;
    }
    [idx, idxB] = [idxB, idx];
    [loA, loB] = [loB, loA];
    [hiA, hiB] = [hiB, hiA];
  }
  return idx;
}

function comparatorSort(values: ArrayLike<number>, order: Uint32Array, descending: boolean): Uint32Array {
  const s = Float64Array.from(values);
  if (descending) order.sort((a, b) => s[b]! - s[a]! || a - b);
  else order.sort((a, b) => s[a]! - s[b]! || a - b);
  return order;
}
