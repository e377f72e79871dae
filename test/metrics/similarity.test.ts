import { describe, expect, it } from 'vitest';
import { fromRows } from '../../core/matrix.js';
import {
  l2Normalize,
  nearestNeighbors,
  pairedAll,
  pairedCosine,
  pairedDot,
  pairedEuclidean,
  pairedManhattan,
  pairedSimilarity,
  pairwiseCosine,
  similarityMatrix,
} from '../../metrics/similarity.js';

// Reference values: scripts/reference/metrics_small.py ("sim"), i.e. sklearn paired_*_distances in float64. The
// sklearn distances are computed in float32, as numpy does on float32 embeddings (bit-exact references in
// numpy-float32.test.ts), so they are compared here at float32 precision (`close32`).
const a = fromRows([
  [1, 2, 3],
  [0, 0, 0],
  [1, -1, 0.5],
  [3, 0, 0],
]);
const b = fromRows([
  [2, 2, 2],
  [1, 0, 0],
  [-1, 1, -0.5],
  [0, 4, 0],
]);

const close = (got: ArrayLike<number>, want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
const close32 = (got: ArrayLike<number>, want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 7));

describe('paired similarities (sklearn)', () => {
  // float32 sklearn (same script, arrays as np.float32): the opposite pair scores -1.000000238418579, not -1.
  it('cosine = 1 - paired_cosine_distances (zero row scores 0.5)', () =>
    expect([...pairedCosine(a, b)]).toEqual([0.9258201122283936, 0.5, -1.000000238418579, 0.0]));
  it('manhattan', () => close32(pairedManhattan(a, b), [2, 1, 5, 7]));
  it('euclidean', () => close32(pairedEuclidean(a, b), [1.4142135623730951, 1, 3, 5]));
  it('dot', () => close(pairedDot(a, b), [12, 0, -2.25, 0]));
  it('model cosine (torch normalize): zero row scores 0', () => {
    close(pairwiseCosine(a, b), [0.9258200997725514, 0, -1.0, 0.0]);
    close(pairedSimilarity(a, b, 'dot'), [12, 0, -2.25, 0]);
  });
  it('pairedAll computes every score in one pass (same sklearn references)', () => {
    const p = pairedAll(a, b);
    expect([...p.cosine]).toEqual([0.9258201122283936, 0.5, -1.000000238418579, 0.0]);
    close(p.modelCosine, [0.9258200997725514, 0, -1.0, 0.0]);
    close32(p.manhattan, [2, 1, 5, 7]);
    close32(p.euclidean, [1.4142135623730951, 1, 3, 5]);
    close(p.dot, [12, 0, -2.25, 0]);
  });
  it('rejects mismatched shapes', () => expect(() => pairedCosine(a, fromRows([[1, 2, 3]]))).toThrow(RangeError));
});

describe('matrix similarity and top-1', () => {
  it('cosine matrix equals normalized dot products', () => {
    const s = similarityMatrix(a, b, 'cosine');
    expect(s.length).toBe(16);
    // cos([1,2,3],[0,4,0]) = 8/(sqrt(14)*4)
    expect(s[3]).toBeCloseTo(8 / (Math.sqrt(14) * 4), 12);
    expect(s[4]).toBe(0); // zero row
    const n = l2Normalize(a);
    expect(Math.hypot(...n.data.subarray(0, 3))).toBeCloseTo(1, 6);
  });
  it('nearest neighbour: argmax per row, first index wins ties, chunking does not matter', () => {
    const q = fromRows([
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, 0],
    ]);
    const c = fromRows([
      [0, 2],
      [3, 0],
      [1, 1],
      [2, 0],
    ]);
    expect([...nearestNeighbors(q, c, 'cosine', 100)]).toEqual([1, 0, 2, 0]);
    expect([...nearestNeighbors(q, c, 'cosine', 1)]).toEqual([1, 0, 2, 0]);
    expect([...nearestNeighbors(q, c, 'dot', 3)]).toEqual([1, 0, 1, 0]);
  });
});
