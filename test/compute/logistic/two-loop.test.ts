/**
 * native/lbfgs.cc's two-loop recursion against metrics/lbfgs.ts twoLoopJs: the same bits for every ring position
 * and pair count, and, end to end, a small logistic-regression fit through compute/'s backend (native plain
 * products and native two-loop) gives exactly the coefficients of the all-JS fit.
 */
import { describe, expect, it } from 'vitest';
import { ortDenseBackend } from '../../../compute/logistic/ort-dense.js';
import { loadTwoLoop } from '../../../compute/native/lbfgs.js';
import { createMatrix } from '../../../core/matrix.js';
import { twoLoopJs } from '../../../metrics/lbfgs.js';
import { LogisticRegression } from '../../../metrics/logistic-regression.js';
import { sameBits, xorshift32 } from '../../helpers/native-bits.js';

const native = loadTwoLoop();
if (!native) console.warn('native lbfgs addon not built (npm run build:native): the native-vs-JS comparison skips');

describe.skipIf(!native)('L-BFGS two-loop recursion: native addon vs JS', () => {
  it('the same bits for n 1..29645, every pair count and ring head', () => {
    const r = xorshift32(21);
    const differ: string[] = [];
    let cases = 0;
    for (const n of [1, 7, 100, 2051, 29645])
      for (const m of [1, 3, 10])
        for (let col = 0; col <= m; col++) {
          const head = (col * 7 + n) % m;
          const g = Float64Array.from({ length: n }, () => r() - 0.5);
          const S = Float64Array.from({ length: m * n }, () => (r() - 0.5) * 1e-3);
          const Y = Float64Array.from({ length: m * n }, () => r() - 0.5);
          const rhoInv = Float64Array.from({ length: m }, () => r() + 0.1);
          const theta = r() * 10 + 0.01;
          const [d1, d2] = [new Float64Array(n), new Float64Array(n)];
          const [a1, a2] = [new Float64Array(m), new Float64Array(m)];
          twoLoopJs(g, d1, n, S, Y, rhoInv, a1, head, col, m, theta);
          native!(g, d2, n, S, Y, rhoInv, a2, head, col, m, theta);
          cases++;
          if (!sameBits(d1, d2) || !sameBits(a1, a2)) differ.push(`n=${n} m=${m} col=${col} head=${head}`);
        }
    expect(differ).toEqual([]);
    expect(cases).toBe(5 * (2 + 4 + 11));
  });

  it('a small multinomial fit through the compute backend equals the all-JS fit bit for bit', async () => {
    // 90 x 20 x 6 = 10.8k multiply-adds per product: below the fused kernel's size, so plain products + two-loop.
    const r = xorshift32(22);
    const X = createMatrix(
      90,
      20,
      Float32Array.from({ length: 90 * 20 }, () => r() - 0.5),
    );
    const y = Array.from({ length: 90 }, (_, i) => (i * 7 + Math.floor(r() * 3)) % 6);
    for (const compat of ['modern', 'sklearn-1.2'] as const) {
      const a = new LogisticRegression({ compat }).fit(X, y);
      const b = await new LogisticRegression({ compat }).fitAsync(X, y, ortDenseBackend);
      expect(b.nIter).toBe(a.nIter);
      expect(a.nIter).toBeGreaterThan(5);
      expect(sameBits(b.coef, a.coef)).toBe(true);
      expect(sameBits(b.intercept, a.intercept)).toBe(true);
    }
  });
});
