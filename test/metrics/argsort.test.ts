import { describe, expect, it } from 'vitest';
import { stableArgsort } from '../../metrics/argsort.js';
import { xorshift32 } from '../helpers/native-bits.js';

/** The definition: a comparator sort by value, ties by index (what numpy's argsort(kind="stable") gives without NaN). */
function reference(v: ArrayLike<number>, descending: boolean): number[] {
  const idx = Array.from({ length: v.length }, (_, i) => i);
  return idx.sort((a, b) => (descending ? v[b]! - v[a]! : v[a]! - v[b]!) || a - b);
}

describe('stableArgsort (LSD radix on the float64 keys)', () => {
  it('small and empty inputs', () => {
    expect(Array.from(stableArgsort([]))).toEqual([]);
    expect(Array.from(stableArgsort([5]))).toEqual([0]);
    expect(Array.from(stableArgsort([2, 1, 2, 1]))).toEqual([1, 3, 0, 2]);
    expect(Array.from(stableArgsort([2, 1, 2, 1], true))).toEqual([0, 2, 1, 3]);
  });

  it('-0 ties with +0 (by index), infinities and subnormals in place', () => {
    const v = [0, -0, Number.POSITIVE_INFINITY, -5e-324, 5e-324, Number.NEGATIVE_INFINITY, -0, 0, 1];
    expect(Array.from(stableArgsort(v))).toEqual([5, 3, 0, 1, 6, 7, 4, 8, 2]);
    expect(Array.from(stableArgsort(v, true))).toEqual([2, 8, 4, 0, 1, 6, 7, 3, 5]);
  });

  it('equals the comparator definition on random, tie-heavy, float32, huge and tiny values, both directions', () => {
    const r = xorshift32(99);
    const kinds: ((u: number) => number)[] = [
      (u) => u - 0.5,
      (u) => (Math.floor(u * 10) - 5) * 0.25,
      (u) => (u < 0.1 ? -0 : u < 0.2 ? 0 : u < 0.3 ? Number.POSITIVE_INFINITY : u < 0.4 ? Number.NEGATIVE_INFINITY : (u - 0.7) * 1e300),
      (u) => Math.fround(u * 2 - 1),
      (u) => (u - 0.5) * 1e-310,
    ];
    const wrong: string[] = [];
    for (let t = 0; t < 200; t++) {
      const n = Math.floor(r() * 3000) + (t % 7);
      const kind = t % kinds.length;
      const v = Float64Array.from({ length: n }, () => kinds[kind]!(r()));
      for (const desc of [false, true]) {
        const got = Array.from(stableArgsort(v, desc));
        const want = reference(v, desc);
        if (got.join() !== want.join()) wrong.push(`case ${t} kind ${kind} n ${n} descending ${desc}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a NaN sends the input to the comparator sort the callers used before (NaN has no place in that order)', () => {
    const v = [3, Number.NaN, 1, 2, Number.NaN, 0];
    const s = Float64Array.from(v);
    for (const desc of [false, true]) {
      // The previous stableOrder, verbatim: a Uint32Array sorted with the comparator.
      const before = new Uint32Array(v.length).map((_, i) => i);
      before.sort(desc ? (a, b) => s[b]! - s[a]! || a - b : (a, b) => s[a]! - s[b]! || a - b);
      expect(Array.from(stableArgsort(v, desc))).toEqual(Array.from(before));
    }
  });
});
