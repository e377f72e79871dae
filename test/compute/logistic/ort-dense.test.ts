import { describe, expect, it } from 'vitest';
import { ortDenseBackend, ortSessionDenseBackend } from '../../../compute/logistic/ort-dense.js';
import { loadLogistic } from '../../../compute/native/logistic.js';
import { LogisticRegression } from '../../../metrics/logistic-regression.js';

/**
 * The onnxruntime products (fused multinomial graph on parallel row blocks, GEMMs for the binomial loss), and the
 * same with the native multinomial kernel (native/logistic.cc) when it is built, must follow the same L-BFGS path
 * as the plain-JS products, which are checked against scikit-learn in
 * test/metrics/logistic-regression.test.ts: same iterations, coefficients equal up to summation rounding.
 */
function problem(n: number, d: number, k: number) {
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const centres = Float64Array.from({ length: k * d }, () => rnd() - 0.5);
  const X = new Float32Array(n * d);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = (i * 7) % k;
    y.push(c);
    for (let j = 0; j < d; j++) X[i * d + j] = centres[c * d + j]! + (rnd() - 0.5) * 2;
  }
  return { X: { rows: n, cols: d, data: X }, y };
}

const native = loadLogistic();
if (!native) console.warn('logistic addon not built (npm run build:native): the native-kernel fits skip');

describe.each([
  ['onnxruntime products', ortSessionDenseBackend, false],
  ['the native multinomial kernel', ortDenseBackend, true],
] as const)('LogisticRegression on %s', (_, backend, needsNative) => {
  for (const [name, n, d, k, maxIter] of [
    ['multinomial, 2 row blocks', 900, 64, 9, 100],
    ['multinomial stopped at max_iter', 900, 64, 9, 6],
    ['binomial', 900, 300, 2, 100],
  ] as const) {
    it.skipIf(needsNative && !native)(name, async () => {
      const { X, y } = problem(n, d, k);
      const ref = new LogisticRegression({ maxIter }).fit(X, y);
      const got = await new LogisticRegression({ maxIter }).fitAsync(X, y, backend);
      expect(got.nIter).toBe(ref.nIter);
      let md = 0;
      for (let q = 0; q < ref.coef.length; q++) md = Math.max(md, Math.abs(got.coef[q]! - ref.coef[q]!));
      for (let q = 0; q < ref.intercept.length; q++) md = Math.max(md, Math.abs(got.intercept[q]! - ref.intercept[q]!));
      expect(md).toBeLessThan(1e-8);
      expect(got.predict(X)).toEqual(ref.predict(X));
      // scoring through onnxruntime products (the evaluator's path) predicts the same labels
      expect(await got.predictWith(await backend(Float64Array.from(X.data), n, d), n)).toEqual(ref.predict(X));
    });
  }
});
