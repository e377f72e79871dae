/**
 * Hand-computed cases for sentence-transformers' pooling formulas (sentence_transformers/models/Pooling.py).
 * Batch of 2, seqLen 3, dim 2; the second row has one padded position.
 *   row0 tokens: [1,2] [3,4] [5,6]      mask 1 1 1
 *   row1 tokens: [2,0] [4,-2] [100,100] mask 1 1 0
 */
import { describe, expect, it } from 'vitest';
import { normalizeRows, pool } from '../../models/pooling.js';

const batch = {
  hidden: new Float32Array([1, 2, 3, 4, 5, 6, 2, 0, 4, -2, 100, 100]),
  mask: [1, 1, 1, 1, 1, 0],
  batch: 2,
  seqLen: 3,
  dim: 2,
};
const arr = (x: Float32Array) => Array.from(x);

describe('pooling', () => {
  it('cls, mean, max', () => {
    expect(arr(pool(batch, ['cls']))).toEqual([1, 2, 2, 0]);
    expect(arr(pool(batch, ['mean']))).toEqual([3, 4, 3, -1]);
    expect(arr(pool(batch, ['max']))).toEqual([5, 6, 4, 0]); // padded [100,100] ignored
  });

  it('mean_sqrt_len_tokens and weightedmean', () => {
    const s = arr(pool(batch, ['mean_sqrt_len_tokens']));
    [9 / Math.sqrt(3), 12 / Math.sqrt(3), 6 / Math.sqrt(2), -2 / Math.sqrt(2)].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 6));
    // weights 1,2,3 (row0) and 1,2 (row1): (1+6+15)/6, (2+8+18)/6 ; (2+8)/3, (0-4)/3
    const w = arr(pool(batch, ['weightedmean']));
    [22 / 6, 28 / 6, 10 / 3, -4 / 3].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
  });

  it('lasttoken picks the last unpadded position; an all-zero mask picks position 0', () => {
    expect(arr(pool(batch, ['lasttoken']))).toEqual([5, 6, 4, -2]);
    expect(arr(pool({ ...batch, mask: [1, 1, 1, 0, 0, 0] }, ['lasttoken']))).toEqual([5, 6, 2, 0]);
  });

  it('several modes concatenate in ST order whatever the given order', () => {
    expect(arr(pool(batch, ['mean', 'cls']))).toEqual([1, 2, 3, 4, 2, 0, 3, -1]);
  });

  it('masked prefix (include_prompt=false) and empty masks', () => {
    expect(arr(pool(batch, ['mean'], 1))).toEqual([4, 5, 4, -2]);
    // nothing left: mean divides by clamp(0, 1e-9) -> 0, max sees only -1e9
    expect(arr(pool(batch, ['mean'], 3))).toEqual([0, 0, 0, 0]);
    expect(arr(pool(batch, ['max'], 3))).toEqual([-1e9, -1e9, -1e9, -1e9]);
  });

  it('normalizes rows with eps 1e-12', () => {
    expect(arr(normalizeRows(new Float32Array([3, 4, 0, 0]), 2))).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0]);
  });
});
