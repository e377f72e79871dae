/**
 * The native k-means products (native/dense_gemm.cc through compute/kmeans/ort-dots.ts): every product within the
 * float32 error bound metrics/kmeans/labels.ts assumes (γ_d·Σ|x·c|, any accumulation order), the threaded split
 * equal to one thread float for float, and MiniBatchKMeans fitted with them bit-identical to the frozen reference
 * implementation (test/metrics/kmeans-reference.ts) on problems with exact ties.
 */
import { describe, expect, it } from 'vitest';
import { ortDots } from '../../../compute/kmeans/ort-dots.js';
import { loadDenseGemm } from '../../../compute/native/dense-gemm.js';
import { jsDots, miniBatchKMeans, SKLEARN_1_2, SKLEARN_1_9 } from '../../../metrics/kmeans.js';
import { NumpyRandomState } from '../../../metrics/random.js';
import * as ref from '../../metrics/kmeans-reference.js';

const native = loadDenseGemm();
if (!native) console.warn('dense_gemm addon not built (npm run build:native): the native k-means product tests skip');

function bound(x: Float32Array, xo: number, c: Float32Array, co: number, d: number): { exact: number; tol: number } {
  let exact = 0;
  let abs = 0;
  for (let t = 0; t < d; t++) {
    exact += x[xo + t]! * c[co + t]!;
    abs += Math.abs(x[xo + t]! * c[co + t]!);
  }
  const gamma = (d * 2 ** -24) / (1 - d * 2 ** -24);
  return { exact, tol: gamma * abs + 1e-30 };
}

describe.skipIf(!native)('native k-means products', () => {
  it('every shape (k around the 16-lane groups, d with tails, row tiles with tails, gathered rows) within the float32 bound', () => {
    const rs = new NumpyRandomState(21);
    for (const k of [1, 15, 16, 17, 20, 33, 64]) {
      for (const d of [1, 7, 16, 385]) {
        for (const n of [0, 1, 7, 8, 9, 41]) {
          const x = Float32Array.from(rs.randomSample(Math.max(1, n) * d), (v) => v * 4 - 2);
          const c = Float32Array.from(rs.randomSample(k * d), (v) => v * 4 - 2);
          const rows = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % n);
          for (const r of [null, rows]) {
            const out = new Float32Array(n * k + 5).fill(42);
            native!.dotsNT(x, d, r, n, c, k, out, 1);
            for (let i = 0; i < n; i++) {
              for (let j = 0; j < k; j++) {
                const { exact, tol } = bound(x, (r ? r[i]! : i) * d, c, j * d, d);
                // + half an ulp of the float32 result (the kernel returns float32)
                expect(Math.abs(out[i * k + j]! - exact)).toBeLessThanOrEqual(tol + Math.abs(exact) * 2 ** -24);
              }
            }
            expect(Array.from(out.subarray(n * k))).toEqual([42, 42, 42, 42, 42]); // nothing written past count × k
          }
        }
      }
    }
  });

  it('rows split between threads give the same floats as one thread', () => {
    const rs = new NumpyRandomState(22);
    const n = 3001;
    const d = 384;
    const k = 20;
    const x = Float32Array.from(rs.randomSample(n * d));
    const c = Float32Array.from(rs.randomSample(k * d));
    const a = new Float32Array(n * k);
    const b = new Float32Array(n * k);
    native!.dotsNT(x, d, null, n, c, k, a, 1);
    native!.dotsNT(x, d, null, n, c, k, b, 2);
    expect(b).toEqual(a);
  });

  it('bad arguments throw instead of reading out of bounds', () => {
    const x = new Float32Array(10);
    const c = new Float32Array(10);
    const out = new Float32Array(4);
    expect(() => native!.dotsNT(x, 5, Int32Array.of(0, 2), 2, c, 2, out, 1)).toThrow(/row index out of range/);
    expect(() => native!.dotsNT(x, 5, null, 3, c, 2, new Float32Array(6), 1)).toThrow(/shorter than count/);
    expect(() => native!.dotsNT(x, 5, null, 2, c, 3, out, 1)).toThrow(/inconsistent sizes/);
  });

  const cases = [
    { name: 'bench shape d=384 k=20', n: 3000, d: 384, k: 20, batch: 512, seed: 1, ints: false, compat: SKLEARN_1_2 },
    { name: 'integer data (exact ties) d=10 k=9', n: 700, d: 10, k: 9, batch: 65, seed: 5, ints: true, compat: SKLEARN_1_2 },
    { name: 'd=331 k=13 sklearn 1.9 RNG', n: 1200, d: 331, k: 13, batch: 257, seed: 6, ints: false, compat: SKLEARN_1_9 },
  ];
  for (const c of cases) {
    it(`MiniBatchKMeans on the native products equals the frozen reference bit for bit: ${c.name}`, async () => {
      const rs = new NumpyRandomState(c.seed);
      const X = c.ints
        ? Float32Array.from(rs.randomSample(c.n * c.d), (v) => Math.floor(v * 3))
        : Float32Array.from(rs.randomSample(c.n * c.d), (v, i) => v + ((Math.floor(i / c.d) % 5) - 2));
      const opts = { nClusters: c.k, batchSize: c.batch, randomState: 42, compat: c.compat };
      const got = await miniBatchKMeans({ rows: c.n, cols: c.d, data: X }, { ...opts, dots: ortDots });
      const want = await ref.miniBatchKMeans({ rows: c.n, cols: c.d, data: X }, { ...opts, dots: jsDots });
      expect(got.nSteps).toBe(want.nSteps);
      expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
      expect(new Uint32Array(got.centers.buffer, got.centers.byteOffset, got.centers.length)).toEqual(
        new Uint32Array(want.centers.buffer, want.centers.byteOffset, want.centers.length),
      );
    });
  }
});
