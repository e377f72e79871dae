/**
 * native/lr_plain.cc against metrics/logistic-regression.ts jsDenseProducts (the products the LR tests check against
 * scikit-learn): the same bits for X W and Xᵀ P on shapes from 1 × 1 to Banking77-sized, with zero entries in X
 * (skipped terms), signed zeros, huge and tiny values, and an output buffer longer than the product.
 */
import { describe, expect, it } from 'vitest';
import { plainDenseProducts } from '../../../compute/logistic/plain-products.js';
import { loadLrPlain } from '../../../compute/native/lr-plain.js';
import { jsDenseProducts } from '../../../metrics/logistic-regression.js';
import { sameBits, xorshift32 } from '../../helpers/native-bits.js';

const native = loadLrPlain();
if (!native) console.warn('native lr_plain addon not built (npm run build:native): the native-vs-JS comparison skips');

describe.skipIf(!native)('plain LR products: native addon vs the JS loops', () => {
  it('the same bits for forward and backward', () => {
    const r = xorshift32(11);
    const differ: string[] = [];
    let cases = 0;
    for (const [n, d, k] of [
      [1, 1, 1],
      [3, 5, 2],
      [96, 64, 6],
      [200, 17, 9],
      [77, 385, 77],
      [616, 384, 77],
    ] as const)
      for (const kind of ['gauss', 'sparse', 'extreme'] as const) {
        const val = () => {
          const u = r();
          if (kind === 'sparse' && u < 0.4) return u < 0.2 ? 0 : -0;
          if (kind === 'extreme') return u < 0.1 ? 1e300 * (r() - 0.5) : u < 0.2 ? 1e-300 * (r() - 0.5) : r() - 0.5;
          return Math.sqrt(-2 * Math.log(u + 1e-12)) * Math.cos(2 * Math.PI * r());
        };
        const X = Float64Array.from({ length: n * d }, val);
        const W = Float64Array.from({ length: d * k }, val);
        const P = Float64Array.from({ length: n * k }, val);
        const js = jsDenseProducts(X, n, d);
        const nat = plainDenseProducts(X, n, d);
        // Longer output buffers, as the objective's are: only the product's part is written.
        const [f1, f2] = [new Float64Array(n * k + 3).fill(7), new Float64Array(n * k + 3).fill(7)];
        js.forward(W, k, f1);
        nat.forward(W, k, f2);
        const [b1, b2] = [new Float64Array(d * k + 3).fill(7), new Float64Array(d * k + 3).fill(7)];
        js.backward(P, k, b1);
        nat.backward(P, k, b2);
        cases++;
        if (!sameBits(f1, f2)) differ.push(`forward ${n}x${d}x${k} ${kind}`);
        if (!sameBits(b1, b2)) differ.push(`backward ${n}x${d}x${k} ${kind}`);
      }
    expect(differ).toEqual([]);
    expect(cases).toBe(18);
  });
});
