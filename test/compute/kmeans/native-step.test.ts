/**
 * The native MiniBatchKMeans step kernels (native/kmeans_step.cc through compute/native/kmeans-step.ts) against the
 * JS paths they replace, bit for bit: labels and cached row norms equal metrics/kmeans/labels.ts (assignLabels with
 * the JS products, norm2), the inertia and center additions equal minibatch-step.ts's JS loop, a whole step equals
 * both in sequence (center scaling and counts included), on edge shapes
 * (k = 1, d not a multiple of 4 or 16, rows fewer than a tile, exact ties, zero rows, repeated row ids, threads),
 * the k-means++ candidate distances equal plusplus.ts's JS loops (and its picks and centers follow);
 * and whole fits with them equal the frozen reference implementation (test/metrics/kmeans-reference.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadKMeansStep } from '../../../compute/native/kmeans-step.js';
import { norm2 } from '../../../metrics/kmeans/labels.js';
import { inertiaAndUpdate } from '../../../metrics/kmeans/minibatch-step.js';
import { assignLabels, candidateDistances, jsDots, kmeansPlusPlus, miniBatchKMeans, SKLEARN_1_2, SKLEARN_1_9 } from '../../../metrics/kmeans.js';
import { NumpyRandomState } from '../../../metrics/random.js';
import * as ref from '../../metrics/kmeans-reference.js';

const native = loadKMeansStep();
if (!native) console.warn('kmeans_step addon not built (npm run build:native): the native k-means step tests skip');

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

type Kind = 'uniform' | 'integers' | 'zeros' | 'duplicates';

function data(rs: NumpyRandomState, n: number, d: number, kind: Kind): Float32Array {
  const u = rs.randomSample(Math.max(1, n) * d);
  if (kind === 'integers') return Float32Array.from(u, (v) => Math.floor(v * 3));
  if (kind === 'zeros') return Float32Array.from(u, (v, i) => (Math.floor(i / d) % 3 === 0 ? 0 : v * 4 - 2));
  if (kind === 'duplicates') return Float32Array.from(u, (_, i) => u[(Math.floor(i / d) % 4) * d + (i % d)]!);
  return Float32Array.from(u, (v) => v * 4 - 2);
}

const shapes: { k: number; d: number; n: number; kind: Kind }[] = [];
for (const k of [1, 2, 7, 16, 17, 20, 33, 52]) {
  for (const d of [1, 3, 16, 17, 331, 385]) {
    for (const n of [0, 1, 5, 8, 13]) shapes.push({ k, d, n, kind: 'uniform' });
  }
}
for (const kind of ['integers', 'zeros', 'duplicates'] as const) {
  for (const k of [1, 5, 20]) for (const d of [2, 17, 384]) shapes.push({ k, d, n: 61, kind });
}

/** Centers: every other one a row of x (exact ties with that row), the rest fresh values drawn from rs. */
function centersOf(rs: NumpyRandomState, x: Float32Array, rowsX: number, k: number, d: number, kind: Kind): Float32Array {
  const c = new Float32Array(k * d);
  for (let j = 0; j < k; j++) {
    if (j % 2 === 0) c.set(x.subarray((j % rowsX) * d, (j % rowsX) * d + d), j * d);
    else c.set(data(rs, 1, d, kind), j * d);
  }
  return c;
}

describe.skipIf(!native)('native k-means step kernels', () => {
  it('labels and row norms equal assignLabels with the JS products (null rows, repeated row ids)', async () => {
    const rs = new NumpyRandomState(31);
    for (const { k, d, n, kind } of shapes) {
      const x = data(rs, n, d, kind);
      const rowsX = Math.max(1, n);
      const c = centersOf(rs, x, rowsX, k, d, kind);
      const ids = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % rowsX);
      for (const rows of [null, ids]) {
        const want = new Int32Array(n);
        const gathered = new Float32Array(n * d);
        for (let i = 0; i < n; i++) gathered.set(x.subarray((rows ? rows[i]! : i) * d, (rows ? rows[i]! : i) * d + d), i * d);
        await assignLabels(gathered, d, n, c, k, want, { dots: jsDots });
        const got = new Int32Array(n).fill(-1);
        const xnorms = new Float64Array(rowsX).fill(Number.NaN);
        native!.labels(x, d, rows, n, c, k, xnorms, got);
        expect(Array.from(got), `k=${k} d=${d} n=${n} ${kind} rows=${rows ? 'ids' : 'null'}`).toEqual(Array.from(want));
        for (let i = 0; i < n; i++) {
          const id = rows ? rows[i]! : i;
          expect(Object.is(xnorms[id], norm2(x, id * d, d))).toBe(true);
        }
      }
    }
  });

  it('labels split between threads equal one thread', () => {
    const rs = new NumpyRandomState(32);
    const n = 30_011;
    const d = 64;
    const k = 20;
    const x = data(rs, n, d, 'integers');
    const c = data(rs, k, d, 'integers');
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const na = new Float64Array(n).fill(Number.NaN);
    const nb = new Float64Array(n).fill(Number.NaN);
    // 3e4 · 20 · 64 multiply-adds: above the threading threshold of compute/native/kmeans-step.ts
    native!.labels(x, d, null, n, c, k, na, a);
    for (let i0 = 0; i0 < n; i0 += 1000) {
      const m = Math.min(1000, n - i0);
      native!.labels(x.subarray(i0 * d, (i0 + m) * d), d, null, m, c, k, nb.subarray(i0, i0 + m), b.subarray(i0, i0 + m));
    }
    expect(b).toEqual(a);
    expect(nb).toEqual(na);
  });

  it('inertia and center additions equal the JS loop bit for bit', () => {
    const rs = new NumpyRandomState(33);
    for (const { k, d, n, kind } of shapes) {
      const x = data(rs, n, d, kind);
      const rowsX = Math.max(1, n);
      const c = data(rs, k, d, 'uniform');
      const labels = Int32Array.from({ length: n }, (_, i) => (i * 5 + 1) % k);
      const ids = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % rowsX);
      for (const rows of [null, ids]) {
        const xb = new Float32Array(n * d);
        for (let i = 0; i < n; i++) xb.set(x.subarray((rows ? rows[i]! : i) * d, (rows ? rows[i]! : i) * d + d), i * d);
        const counts0 = Float32Array.from({ length: k }, (_, j) => j % 3);
        const run = (kernel: ((cn: Float32Array) => number) | null) => {
          const cn = new Float32Array(k * d);
          const counts = counts0.slice();
          const inertia = inertiaAndUpdate(xb, d, labels, n, c, cn, counts, k, new Float32Array(k), kernel && (() => kernel(cn)));
          return { inertia, cn: bits(cn), counts: Array.from(counts) };
        };
        const want = run(null);
        const got = run((cn) => native!.inertiaUpdate(x, d, rows, labels, n, c, cn));
        expect(Object.is(got.inertia, want.inertia), `k=${k} d=${d} n=${n} ${kind}`).toBe(true);
        expect(got.cn).toEqual(want.cn);
        expect(got.counts).toEqual(want.counts);
      }
    }
  });

  it('one whole step equals labels then inertiaAndUpdate (scaling, additions, counts) bit for bit', async () => {
    const rs = new NumpyRandomState(36);
    for (const { k, d, n, kind } of shapes) {
      const x = data(rs, n, d, kind);
      const rowsX = Math.max(1, n);
      const c = centersOf(rs, x, rowsX, k, d, kind);
      const ids = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % rowsX);
      const counts0 = Float32Array.from({ length: k }, (_, j) => (j * 37) % 11);
      for (const rows of [null, ids]) {
        const xb = new Float32Array(n * d);
        for (let i = 0; i < n; i++) xb.set(x.subarray((rows ? rows[i]! : i) * d, (rows ? rows[i]! : i) * d + d), i * d);
        const wantLabels = new Int32Array(n);
        await assignLabels(xb, d, n, c, k, wantLabels, { dots: jsDots });
        const wantCn = new Float32Array(k * d).fill(7);
        const wantCounts = counts0.slice();
        const wantInertia = inertiaAndUpdate(xb, d, wantLabels, n, c, wantCn, wantCounts, k, new Float32Array(k), null);
        const labels = new Int32Array(n).fill(-1);
        const cn = new Float32Array(k * d).fill(7);
        const counts = counts0.slice();
        const inertia = native!.step(x, d, rows, n, c, k, new Float64Array(rowsX).fill(Number.NaN), labels, cn, counts);
        const what = `k=${k} d=${d} n=${n} ${kind} rows=${rows ? 'ids' : 'null'}`;
        expect(Array.from(labels), what).toEqual(Array.from(wantLabels));
        expect(Object.is(inertia, wantInertia), what).toBe(true);
        expect(bits(cn), what).toEqual(bits(wantCn));
        expect(bits(counts), what).toEqual(bits(wantCounts));
      }
    }
  });

  it('k-means++ candidate distances (groups of four and single ids, with and without the minimum) equal the JS loops', () => {
    const rs = new NumpyRandomState(34);
    for (const d of [1, 3, 4, 17, 331, 385]) {
      for (const n of [1, 5, 8, 13, 70]) {
        for (const kind of ['uniform', 'integers', 'zeros', 'duplicates'] as const) {
          const x = data(rs, n, d, kind);
          const ids = Array.from({ length: 9 }, (_, q) => (q * 5 + 2) % n);
          for (const m of [1, 3, 4, 5, 9]) {
            const want = candidateDistances(x, n, d, ids.slice(0, m), { useWasm: false });
            const wasm = candidateDistances(x, n, d, ids.slice(0, m));
            const got = candidateDistances(x, n, d, ids.slice(0, m), { native: native! });
            for (let q = 0; q < m; q++) {
              expect(bits(got[q]!), `d=${d} n=${n} ${kind} m=${m} q=${q}`).toEqual(bits(want[q]!));
              expect(bits(wasm[q]!)).toEqual(bits(want[q]!));
            }
          }
          // the minimum with closest, taken in the kernel
          const closest = Float32Array.from(candidateDistances(x, n, d, [ids[1]!], { useWasm: false })[0]!, (v, i) => (i % 3 === 0 ? v : v / 2));
          const xx = new Float64Array(n);
          for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) xx[i] = xx[i]! + x[i * d + t]! * x[i * d + t]!;
          const out = new Float32Array(5 * n);
          native!.candidates(x, n, d, xx, Int32Array.from(ids.slice(0, 5)), closest, out);
          const plain = candidateDistances(x, n, d, ids.slice(0, 5), { useWasm: false });
          for (let q = 0; q < 5; q++) {
            const w = plain[q]!.map((v, i) => (closest[i]! < v ? closest[i]! : v));
            expect(bits(out.subarray(q * n, q * n + n))).toEqual(bits(w));
          }
        }
      }
    }
  });

  it('k-means++ with the native candidates picks the same rows and centers (k = 1, 3 to 5 local trials, both RNGs)', () => {
    const rs = new NumpyRandomState(35);
    for (const [n, d, k] of [
      [50, 7, 1],
      [200, 17, 5],
      [300, 64, 12],
      [400, 385, 25],
    ] as const) {
      for (const kind of ['uniform', 'integers', 'duplicates'] as const) {
        const x = data(rs, n, d, kind);
        for (const compat of [SKLEARN_1_2, SKLEARN_1_9]) {
          const want = kmeansPlusPlus(x, n, d, k, new NumpyRandomState(7), compat, { useWasm: false });
          const got = kmeansPlusPlus(x, n, d, k, new NumpyRandomState(7), compat, { native: native! });
          expect(got.indices, `n=${n} d=${d} k=${k} ${kind}`).toEqual(want.indices);
          expect(bits(got.centers)).toEqual(bits(want.centers));
        }
      }
    }
  });

  it('bad arguments throw instead of reading out of bounds', () => {
    const x = new Float32Array(10);
    const c = new Float32Array(10);
    const nrm = new Float64Array(2);
    const lab = new Int32Array(4);
    expect(() => native!.labels(x, 5, Int32Array.of(0, 2), 2, c, 2, nrm, lab)).toThrow(/row index out of range/);
    expect(() => native!.labels(x, 5, null, 2, c, 3, nrm, lab)).toThrow(/inconsistent sizes/);
    expect(() => native!.labels(x, 5, null, 2, c, 2, new Float64Array(1), lab)).toThrow(/xnorms/);
    expect(() => native!.inertiaUpdate(x, 5, null, Int32Array.of(0, 2), 2, c, new Float32Array(10))).toThrow(/label out of range/);
    expect(() => native!.inertiaUpdate(x, 5, Int32Array.of(2), Int32Array.of(0), 1, c, new Float32Array(10))).toThrow(/row index out of range/);
  });

  const cases = [
    { name: 'bench shape d=384 k=20', n: 3000, d: 384, k: 20, batch: 512, seed: 1, kind: 'uniform', compat: SKLEARN_1_2 },
    { name: 'integers (exact ties) d=10 k=9', n: 700, d: 10, k: 9, batch: 65, seed: 5, kind: 'integers', compat: SKLEARN_1_2 },
    { name: 'k=1 d=17, rows < batch', n: 90, d: 17, k: 1, batch: 128, seed: 7, kind: 'uniform', compat: SKLEARN_1_9 },
    { name: 'zero rows d=331 k=13', n: 1200, d: 331, k: 13, batch: 257, seed: 6, kind: 'zeros', compat: SKLEARN_1_9 },
    { name: 'duplicated rows d=33 k=6', n: 500, d: 33, k: 6, batch: 100, seed: 8, kind: 'duplicates', compat: SKLEARN_1_2 },
  ] as const;
  for (const c of cases) {
    it(`MiniBatchKMeans with the native step kernels equals the frozen reference bit for bit: ${c.name}`, async () => {
      const X = data(new NumpyRandomState(c.seed), c.n, c.d, c.kind);
      const opts = { nClusters: c.k, batchSize: c.batch, randomState: 42, compat: c.compat };
      const got = await miniBatchKMeans({ rows: c.n, cols: c.d, data: X }, { ...opts, stepKernels: native });
      const want = await ref.miniBatchKMeans({ rows: c.n, cols: c.d, data: X }, { ...opts, dots: jsDots });
      expect(got.nSteps).toBe(want.nSteps);
      expect(got.initIndices).toEqual(want.initIndices);
      expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
      expect(bits(got.centers)).toEqual(bits(want.centers));
    });
  }
});
