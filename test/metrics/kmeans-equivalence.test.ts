import { describe, expect, it } from 'vitest';
import {
  candidateDistances,
  type DotBackend,
  fastDots,
  jsDots,
  type KMeansCompat,
  kmeansPlusPlus,
  miniBatchKMeans,
  SKLEARN_1_2,
  SKLEARN_1_9,
} from '../../metrics/kmeans.js';
import { NumpyRandomState } from '../../metrics/random.js';
import * as ref from './kmeans-reference.js';

/*
 * The optimised metrics/kmeans.ts must give bit-identical results to the frozen pre-optimisation implementation
 * (test/metrics/kmeans-reference.ts, itself checked against sklearn 1.2.1 in kmeans.test.ts and the clustering
 * parity tests): same k-means++ picks, labels, n_steps and every center float, on random problems chosen to hit
 * the edge paths (d not a multiple of 4, odd batch sizes, k < 8 with 3 local trials, init on all rows,
 * exact ties from integer-valued and duplicated rows, random reassignment, both RNG generations), with the
 * WebAssembly SIMD step kernels and with the JS loops.
 */

/** Dot products rounded to float32 like the onnxruntime backend returns them. */
const f32Dots: DotBackend = (x, d, rows, count, centers, k, out) => {
  const tmp = new Float64Array(count * k);
  jsDots(x, d, rows, count, centers, k, tmp);
  for (let i = 0; i < count * k; i++) out[i] = Math.fround(tmp[i]!);
};

interface Case {
  name: string;
  n: number;
  d: number;
  k: number;
  batch: number;
  seed: number;
  kind: 'blobs' | 'integers' | 'duplicates';
  compat: KMeansCompat;
  dots?: DotBackend;
  maxIter?: number;
}

function data(c: Case): Float32Array {
  const rs = new NumpyRandomState(c.seed);
  const x = new Float32Array(c.n * c.d);
  if (c.kind === 'integers') {
    // small integers: many exactly tied distances
    for (let i = 0; i < x.length; i++) x[i] = rs.randint(0, 3);
    return x;
  }
  const k0 = Math.max(2, Math.floor(c.k / 2));
  const C = rs.randomSample(k0 * c.d);
  const U = rs.randomSample(c.n * c.d);
  for (let i = 0; i < c.n; i++) {
    const src = c.kind === 'duplicates' ? i % 37 : i; // duplicated rows tie exactly
    for (let t = 0; t < c.d; t++) x[i * c.d + t] = C[(i % k0) * c.d + t]! * 2 - 1 + U[src * c.d + t]! * 0.7;
  }
  return x;
}

const CASES: Case[] = [
  { name: 'blobs d=384 k=20 (bench shape, smaller n)', n: 3000, d: 384, k: 20, batch: 512, seed: 1, kind: 'blobs', compat: SKLEARN_1_2 },
  {
    name: 'blobs d=384 k=20 sklearn 1.9 RNG, float32 dots',
    n: 2500,
    d: 384,
    k: 20,
    batch: 500,
    seed: 2,
    kind: 'blobs',
    compat: SKLEARN_1_9,
    dots: f32Dots,
  },
  { name: 'odd d=37, odd batch, k=5 (3 local trials)', n: 900, d: 37, k: 5, batch: 101, seed: 3, kind: 'blobs', compat: SKLEARN_1_2 },
  { name: 'd=6, k=7, init on all rows', n: 150, d: 6, k: 7, batch: 100, seed: 4, kind: 'blobs', compat: SKLEARN_1_9 },
  { name: 'integer data (exact ties), d=10, k=9', n: 700, d: 10, k: 9, batch: 65, seed: 5, kind: 'integers', compat: SKLEARN_1_2 },
  {
    name: 'duplicated rows, d=331 (K blocks + tail), k=13',
    n: 1200,
    d: 331,
    k: 13,
    batch: 257,
    seed: 6,
    kind: 'duplicates',
    compat: SKLEARN_1_9,
    dots: f32Dots,
  },
  {
    name: 'd=700 (two SGEMM K blocks), k=30, many reassignments',
    n: 800,
    d: 700,
    k: 30,
    batch: 33,
    seed: 7,
    kind: 'blobs',
    compat: SKLEARN_1_2,
    maxIter: 5,
  },
  { name: 'd=1, k=4', n: 300, d: 1, k: 4, batch: 31, seed: 8, kind: 'integers', compat: SKLEARN_1_9 },
];

// k-means++ only: 5 local trials (k ≥ 21: a group of 4 plus one single), n not a multiple of 4
const PP_CASES: Case[] = [
  { name: 'pp k=25', n: 403, d: 19, k: 25, batch: 1, seed: 9, kind: 'blobs', compat: SKLEARN_1_2 },
  { name: 'pp k=60 dups', n: 601, d: 64, k: 60, batch: 1, seed: 10, kind: 'duplicates', compat: SKLEARN_1_9 },
];

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('optimised MiniBatchKMeans equals the frozen reference implementation bit for bit', () => {
  for (const c of CASES)
    for (const useWasm of [true, false]) {
      it(`${c.name}${useWasm ? '' : ' (JS step loops)'}`, async () => {
        const x = data(c);
        const X = { rows: c.n, cols: c.d, data: x };
        const opts = { nClusters: c.k, batchSize: c.batch, randomState: 42, compat: c.compat, maxIter: c.maxIter };
        const steps: number[][] = [];
        const got = await miniBatchKMeans(X, { ...opts, dots: c.dots, useWasm, onStep: (_s, _r, l) => steps.push(Array.from(l)) });
        const refSteps: number[][] = [];
        const want = await ref.miniBatchKMeans(X, { ...opts, dots: c.dots, onStep: (_s, _r, l) => refSteps.push(Array.from(l)) });
        expect(got.nSteps).toBe(want.nSteps);
        expect(got.initIndices).toEqual(want.initIndices);
        expect(steps).toEqual(refSteps);
        expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
        expect(bits(got.centers)).toEqual(bits(want.centers));
      });
    }

  it('fastDots (wasm float32 estimates) stays within the float32 error bound assignLabels assumes', () => {
    const rs = new NumpyRandomState(11);
    for (const [n, d, k] of [
      [37, 384, 20],
      [5, 7, 3],
      [64, 33, 9],
      [3, 1, 1],
    ] as const) {
      const x = Float32Array.from(rs.randomSample(n * d), (v) => v * 4 - 2);
      const c = Float32Array.from(rs.randomSample(k * d), (v) => v * 4 - 2);
      const rows = Int32Array.from({ length: n }, (_, i) => (i * 7) % n);
      for (const r of [null, rows]) {
        const got = new Float64Array(n * k);
        fastDots(x, d, r, n, c, k, got);
        const gamma = (d * 2 ** -24) / (1 - d * 2 ** -24);
        for (let i = 0; i < n; i++) {
          const xo = (r ? r[i]! : i) * d;
          for (let j = 0; j < k; j++) {
            let exact = 0,
              abs = 0;
            for (let t = 0; t < d; t++) {
              exact += x[xo + t]! * c[j * d + t]!;
              abs += Math.abs(x[xo + t]! * c[j * d + t]!);
            }
            expect(Math.abs(got[i * k + j]! - exact)).toBeLessThanOrEqual(gamma * abs + 1e-30);
          }
        }
      }
    }
  });

  it('k-means++ candidate distances: wasm kernel = JS loops = reference, float for float', () => {
    for (const c of [...CASES, ...PP_CASES]) {
      const x = data(c);
      const ids = [0, Math.floor(c.n / 3), c.n - 1, 5 % c.n, 7 % c.n];
      const a = candidateDistances(x, c.n, c.d, ids, { useWasm: true });
      const b = candidateDistances(x, c.n, c.d, ids, { useWasm: false });
      const want = ids.map(() => new Float32Array(c.n));
      ref.sqDistRowsToAll(x, c.n, c.d, ref.rowNorms64(x, c.n, c.d), ids, want);
      for (let q = 0; q < ids.length; q++) {
        expect(bits(a[q]!)).toEqual(bits(want[q]!));
        expect(bits(b[q]!)).toEqual(bits(want[q]!));
      }
    }
  });

  it('k-means++ picks and centers on all rows (both RNG generations)', () => {
    for (const c of [...CASES, ...PP_CASES]) {
      const x = data(c);
      for (const compat of [SKLEARN_1_2, SKLEARN_1_9]) {
        const want = ref.kmeansPlusPlus(x, c.n, c.d, c.k, new NumpyRandomState(7), compat);
        for (const useWasm of [true, false]) {
          const got = kmeansPlusPlus(x, c.n, c.d, c.k, new NumpyRandomState(7), compat, { useWasm });
          expect(got.indices).toEqual(want.indices);
          expect(bits(got.centers)).toEqual(bits(want.centers));
        }
      }
    }
  });
});
