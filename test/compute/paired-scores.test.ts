/**
 * native/paired_f32.cc against metrics/similarity.ts pairedAll (itself checked against numpy and sklearn in
 * test/metrics/similarity.test.ts and test/metrics/numpy-float32.test.ts): the same bits for every output, on
 * shapes around numpy's 4-lane, 16-wide and 8-accumulator / 128-block boundaries, zero and near-zero rows,
 * exact ties, huge and tiny values, and enough rows to use both threads.
 */
import { describe, expect, it } from 'vitest';
import { loadPairedKernel } from '../../compute/native/paired.js';
import { pairedScores } from '../../compute/paired-scores.js';
import { createMatrix, type Matrix } from '../../core/matrix.js';
import { pairedAll } from '../../metrics/similarity.js';
import { sameBits, xorshift32 } from '../helpers/native-bits.js';

const native = loadPairedKernel();
if (!native) console.warn('native paired_f32 addon not built (npm run build:native): the native-vs-JS comparison skips');

describe.skipIf(!native)('paired scores: native addon vs the JS code', () => {
  it('the same bits for all five outputs', () => {
    const r = xorshift32(5);
    const gens: Record<string, () => number> = {
      gauss: () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r()),
      ints: () => Math.floor(r() * 5) - 2,
      huge: () => (r() - 0.5) * 1e18,
      tiny: () => (r() - 0.5) * 1e-30,
    };
    const differ: string[] = [];
    let cases = 0;
    for (const cols of [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 64, 100, 127, 128, 129, 136, 257, 384, 768])
      for (const [name, gen] of Object.entries(gens)) {
        const rows = cols <= 17 ? 4200 : 400; // 4200 rows: two threads
        const a = createMatrix(rows, cols);
        const b = createMatrix(rows, cols);
        for (let i = 0; i < rows * cols; i++) {
          a.data[i] = gen();
          b.data[i] = gen();
        }
        // Zero rows, near-zero rows (norm under 10 float32 eps), identical rows, one-sided zero rows.
        for (let i = 0; i < rows; i += 13) a.data.fill(0, i * cols, (i + 1) * cols);
        for (let i = 5; i < rows; i += 17) for (let k = 0; k < cols; k++) b.data[i * cols + k] = 1e-7 * (k % 3);
        for (let i = 7; i < rows; i += 19) b.data.set(a.data.subarray(i * cols, (i + 1) * cols), i * cols);
        for (let i = 9; i < rows; i += 23) b.data.fill(0, i * cols, (i + 1) * cols);
        const want = pairedAll(a, b);
        const got = pairedScores(a, b);
        cases++;
        for (const key of ['cosine', 'modelCosine', 'dot', 'manhattan', 'euclidean'] as const)
          if (!sameBits(got[key], want[key])) differ.push(`${key} cols=${cols} data=${name}`);
      }
    expect(differ).toEqual([]);
    expect(cases).toBe(84);
  });

  it('views into a larger buffer, and bad shapes reported by the JS code', () => {
    const r = xorshift32(6);
    const buf = Float32Array.from({ length: 4 * 10 * 6 }, () => r() - 0.5);
    const view = (start: number): Matrix => createMatrix(10, 6, buf.subarray(start, start + 60));
    const [a, b] = [view(60), view(120)];
    const want = pairedAll(a, b);
    const got = pairedScores(a, b);
    for (const key of ['cosine', 'modelCosine', 'dot', 'manhattan', 'euclidean'] as const) expect(sameBits(got[key], want[key])).toBe(true);
    expect(() => pairedScores(createMatrix(2, 3), createMatrix(3, 3))).toThrow(/equal shapes/);
  });
});
