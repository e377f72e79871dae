import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../core/matrix.js';
import { gemmKBlocks, heapPush, kNearestNeighbours, knnPredictMultilabel } from '../../metrics/knn.js';

/**
 * KNeighborsClassifier(n_neighbors=5) on indicator targets vs scikit-learn. Reference:
 * test/fixtures/multilabel-reference.json from scripts/reference/multilabel_reference.py (Debian
 * python3-sklearn 1.2.1). "integer_ties" and "equidistant_copies" use small-integer vectors, so every
 * distance is exact and ties (duplicated rows, equidistant copies) are decided by sklearn's heap alone.
 * "distances": sklearn's ArgKmin squared distances (metric "sqeuclidean") on float32 Gaussian vectors of 100,
 * 384 and 1024 dimensions, which fix the summation order (OpenBLAS Haswell/Zen ddot and K-blocked dgemm).
 */
interface KnnCase {
  name: string;
  train: number[][];
  y_train: number[][];
  test: number[][];
  pred: number[][];
  neighbours: number[][];
}
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/multilabel-reference.json'), 'utf8')) as {
  knn: KnnCase[];
  distances: { dim: number; test: number[][]; train: number[][]; sq_distances: number[][] }[];
};

function indicator(rows: number[][]) {
  const cols = rows[0]?.length ?? 0;
  return { rows: rows.length, cols, data: Uint8Array.from(rows.flat()) };
}

describe('KNN(5) on indicator matrices vs scikit-learn', () => {
  for (const c of REF.knn) {
    it(`${c.name}: same neighbour sets and predictions`, () => {
      const train = fromRows(c.train);
      const test = fromRows(c.test);
      const nb = kNearestNeighbours(train, test, 5);
      const sets = Array.from({ length: test.rows }, (_, i) => Array.from(nb.indices.subarray(i * 5, i * 5 + 5)).sort((a, b) => a - b));
      expect(sets).toEqual(c.neighbours);
      const pred = knnPredictMultilabel(train, indicator(c.y_train), test, 5);
      const rows = Array.from({ length: pred.rows }, (_, i) => Array.from(pred.data.subarray(i * pred.cols, (i + 1) * pred.cols)));
      expect(rows).toEqual(c.pred);
    });
  }

  for (const c of REF.distances) {
    it(`${c.dim} dimensions: the squared distances sklearn compares, bit for bit (BLAS ddot / dgemm order)`, () => {
      const nb = kNearestNeighbours(fromRows(c.train), fromRows(c.test), c.train.length);
      const k = c.train.length;
      const rows = Array.from({ length: c.test.length }, (_, i) => Array.from(nb.sqDistances.subarray(i * k, (i + 1) * k)).sort((a, b) => a - b));
      expect(rows).toEqual(c.sq_distances);
    });
  }

  it('splits the inner dimension like OpenBLAS (GEMM_Q 256, unroll 4)', () => {
    expect(gemmKBlocks(64)).toEqual([[0, 64]]);
    expect(gemmKBlocks(384)).toEqual([
      [0, 192],
      [192, 384],
    ]);
    expect(gemmKBlocks(1024)).toEqual([
      [0, 256],
      [256, 512],
      [512, 768],
      [768, 1024],
    ]);
  });

  it('the heap keeps an earlier tied candidate and evicts the root among equal maxima', () => {
    // sklearn heap_push: reject val >= root; else replace the root and sift towards the larger child (left on equality).
    const v = new Float64Array(3).fill(Infinity);
    const ix = new Int32Array(3).fill(-1);
    for (const [val, i] of [
      [2, 0],
      [2, 1],
      [2, 2],
      [2, 3],
      [1, 4],
    ] as const)
      heapPush(v, ix, 0, 3, val, i);
    // rows 0,1,2 enter; row 3 (tie with the root) is rejected; row 4 evicts the root, which is row 2 after sifting
    expect([...ix].sort()).toEqual([0, 1, 4]);
  });

  it('rejects more neighbours than training rows, as sklearn does', () => {
    const m = fromRows([[0], [1]]);
    expect(() => kNearestNeighbours(m, m, 5)).toThrow(/n_neighbors <= n_samples_fit/);
  });
});
