/**
 * The plain (sequential float64) logistic-regression products: native/lr_plain.cc when built, else the JS loops
 * of metrics/logistic-regression.ts. Both give the same bits (test/compute/logistic/plain-products.test.ts); the
 * native loops take 3-5x less time on the small fits that use them (docs/performance.md).
 */
import { jsDenseProducts } from '../../metrics/logistic-regression.js';
import { loadLrPlain } from '../native/lr-plain.js';

export function plainDenseProducts(X: Float64Array, n: number, d: number): ReturnType<typeof jsDenseProducts> {
  const kern = loadLrPlain();
  if (!kern) return jsDenseProducts(X, n, d);
  return {
    forward(W, k, out) {
      kern.forward(X, n, d, W, k, out);
    },
    backward(P, k, out) {
      kern.backward(X, n, d, P, k, out);
    },
  };
}
