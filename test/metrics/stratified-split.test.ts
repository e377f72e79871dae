import { describe, expect, it } from 'vitest';
import { NumpyGenerator, stratifiedSplitIndices, stratifiedTestIndices } from '../../metrics/stratified-split.js';

/**
 * Printed by `/usr/bin/python3 scripts/reference/stratified_split.py` (numpy 1.24.2): numpy
 * default_rng(42) draws in sequence (permutation(10), choice(arange(37), 5, replace=False),
 * choice(20000, 1000, replace=False)[:20], permutation(7)), and HF datasets' stratified
 * train_test_split test indices. checksum = sum((k + 1) * v[k]) mod 1e9+7 over the full list.
 */
const REF: Record<string, { head: number[]; length: number; checksum: number }> = {
  permutation10: { head: [5, 6, 0, 7, 3, 2, 4, 9, 1, 8], length: 10, checksum: 261 },
  choice37_5: { head: [18, 34, 25, 28, 24], length: 5, checksum: 393 },
  choice20000_1000: {
    head: [1063, 2201, 791, 19912, 7296, 15915, 9870, 5977, 4674, 15205, 5109, 9891, 13943, 9576, 16167, 17514, 2439, 16857, 10618, 14012],
    length: 20,
    checksum: 2370292,
  },
  permutation_after: { head: [4, 3, 2, 1, 5, 6, 0], length: 7, checksum: 81 },
  strat_small: {
    head: [
      99, 266, 125, 38, 252, 27, 181, 43, 61, 146, 236, 212, 83, 75, 93, 24, 251, 183, 17, 276, 63, 163, 138, 253, 44, 235, 143, 52, 193, 132, 46,
      237, 228, 263, 182, 47, 273, 78, 176, 7,
    ],
    length: 40,
    checksum: 118638,
  },
  strat_12: {
    head: [
      2987, 1223, 1143, 1867, 1263, 1434, 893, 3150, 2863, 3627, 3311, 1115, 1317, 3479, 764, 2405, 1290, 92, 3050, 2610, 459, 1821, 4654, 1699, 3543,
      3744, 654, 3870, 628, 367,
    ],
    length: 2048,
    checksum: 347332857,
  },
  strat_binary: {
    head: [
      947, 392, 84, 2794, 2512, 138, 15, 1832, 246, 554, 996, 1226, 574, 935, 36, 1268, 2420, 502, 1481, 1436, 2837, 1029, 418, 2350, 1901, 1878,
      2533, 303, 447, 1108,
    ],
    length: 2048,
    checksum: 163485343,
  },
  strat_both_train: {
    head: [
      2156, 88, 2573, 2169, 1109, 2847, 184, 697, 2425, 739, 157, 474, 2616, 2650, 2447, 780, 1892, 671, 2901, 1846, 2057, 297, 1039, 749, 2875, 367,
      2964, 375, 1681, 2415,
    ],
    length: 1000,
    checksum: 746226372,
  },
  strat_both_test: {
    head: [
      1763, 2206, 1804, 2943, 1498, 2914, 941, 2054, 2477, 1054, 286, 1827, 2857, 2493, 590, 2577, 1999, 2032, 903, 2735, 1005, 92, 532, 2916, 1848,
      894, 1646, 2498, 1277, 1728,
    ],
    length: 1000,
    checksum: 758146196,
  },
};

function checksum(v: number[]): number {
  let s = 0;
  v.forEach((x, k) => {
    s = (s + (k + 1) * x) % 1000000007;
  });
  return s;
}

function expectMatches(name: string, got: number[]): void {
  const ref = REF[name]!;
  expect(got.length).toBe(ref.length);
  expect(got.slice(0, ref.head.length)).toEqual(ref.head);
  expect(checksum(got)).toBe(ref.checksum);
}

const labelsCase = (n: number, k: number) => Array.from({ length: n }, (_, i) => ((i * i * 7 + i * 3) % (k + (i % 3))) % k);

describe('numpy Generator (PCG64) primitives', () => {
  it('permutation and choice(replace=False) draw the same stream as numpy', () => {
    const g = new NumpyGenerator(42);
    expectMatches('permutation10', g.permutation(10));
    expectMatches('choice37_5', g.choiceWithoutReplacement(37, 5));
    const tail = g.choiceWithoutReplacement(20000, 1000);
    expect(tail.length).toBe(1000);
    expect(tail.slice(0, 20)).toEqual(REF.choice20000_1000!.head);
    expectMatches('permutation_after', g.permutation(7));
  });
});

describe('HF datasets stratified train_test_split', () => {
  it('small 4-class split', () => expectMatches('strat_small', stratifiedTestIndices(labelsCase(300, 4), 40)));
  it('12 classes (string class order differs from numeric)', () => expectMatches('strat_12', stratifiedTestIndices(labelsCase(5000, 12), 2048)));
  it('binary, 2048 of 3001', () =>
    expectMatches(
      'strat_binary',
      stratifiedTestIndices(
        Array.from({ length: 3001 }, (_, i) => Number(i % 7 === 0)),
        2048,
      ),
    ));
  it('train_size and test_size both given (MultiHateClassification: 1000 + 1000 of 3000, string classes)', () => {
    const { train, test } = stratifiedSplitIndices(
      labelsCase(3000, 12).map((v) => `f${v}`),
      1000,
      1000,
    );
    expectMatches('strat_both_train', train);
    expectMatches('strat_both_test', test);
  });
  it('rejects a class with a single member', () => {
    expect(() => stratifiedTestIndices([0, 0, 0, 1, 2, 2], 3)).toThrow(/only 1 member/);
  });
});
