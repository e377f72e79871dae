import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { einsumDot32 } from '../../metrics/numpy-float32.js';
import { pairwiseSum32 } from '../../metrics/pairwise-sum.js';
import { pairedAll, pairedCosine, pairedEuclidean, pairedManhattan } from '../../metrics/similarity.js';

// Reference: /usr/bin/python3 scripts/reference/numpy_float32.py (numpy 1.24.2, scikit-learn 1.2.1, float32 input),
// with zero, near-zero, identical, opposite and large rows at every length class of numpy's loops.
interface Case {
  X: number[][];
  Y: number[][];
  einsum_xx: number[];
  sum_abs_x: number[];
  cosine: number[];
  manhattan: number[];
  euclidean: number[];
}
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/numpy-float32.json'), 'utf8')) as { cases: Case[] };

const matrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0]!.length, data: Float32Array.from(rows.flat()) });

describe('numpy float32 reductions and sklearn paired distances, bit for bit', () => {
  for (const c of REF.cases) {
    const dim = c.X[0]!.length;
    it(`dim ${dim}: einsum('ij,ij->i'), abs().sum(-1) and the three paired distances equal numpy's bits`, () => {
      const X = matrix(c.X);
      const Y = matrix(c.Y);
      const abs = Float32Array.from(X.data, Math.abs);
      for (let i = 0; i < X.rows; i++) {
        expect(einsumDot32(X.data, i * dim, X.data, i * dim, dim), `einsum row ${i}`).toBe(c.einsum_xx[i]);
        expect(pairwiseSum32(abs, i * dim, dim), `sum row ${i}`).toBe(c.sum_abs_x[i]);
      }
      expect([...pairedCosine(X, Y)]).toEqual(c.cosine);
      expect([...pairedManhattan(X, Y)]).toEqual(c.manhattan);
      expect([...pairedEuclidean(X, Y)]).toEqual(c.euclidean);
      const all = pairedAll(X, Y);
      expect([...all.cosine]).toEqual(c.cosine);
      expect([...all.manhattan]).toEqual(c.manhattan);
      expect([...all.euclidean]).toEqual(c.euclidean);
    });
  }

  it('a zero vector scores 1 - 0.5·‖x̂‖² against a vector (not NaN), and 1 against another zero vector', () => {
    const X = matrix([
      [0, 0, 0],
      [3, 4, 0],
      [0, 0, 0],
    ]);
    const Y = matrix([
      [1, 2, 2],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const cos = pairedCosine(X, Y);
    expect(cos[0]).toBeCloseTo(0.5, 6);
    expect(cos[1]).toBeCloseTo(0.5, 6);
    expect(cos[2]).toBe(1);
    expect([...pairedManhattan(X, Y)]).toEqual([5, 7, 0]);
    expect([...pairedEuclidean(X, Y)]).toEqual([3, 5, 0]);
  });

  it('empty input gives empty output', () => {
    const e: Matrix = { rows: 0, cols: 4, data: new Float32Array(0) };
    expect(pairedCosine(e, e).length).toBe(0);
    expect(pairwiseSum32(new Float32Array(0), 0, 0)).toBe(0);
  });
});
