/**
 * The native multinomial data term (native/logistic.cc through compute/native/logistic.ts): loss, Xᵀ(P − Y) and the
 * column sums of P − Y against scikit-learn's own LinearModelLoss(HalfMultinomialLoss).loss_gradient
 * (test/fixtures/multinomial-loss-gradient.json, from scripts/reference/multinomial_loss_gradient.py; scikit-learn
 * 1.2.1), and against a plain float64 evaluation of the same formulas on shapes around the kernel's
 * tiles (6-row / 6-feature register tiles, 8-lane column vectors in groups of 4, 48-row cache blocks, 256-row
 * segments); the result is the same bits for every thread count; bad arguments throw.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLogistic } from '../../../compute/native/logistic.js';
import { NumpyRandomState } from '../../../metrics/random.js';

const native = loadLogistic();
if (!native) console.warn('logistic addon not built (npm run build:native): the native multinomial tests skip');

function problem(n: number, d: number, k: number, seed: number) {
  const rs = new NumpyRandomState(seed);
  const x = Float64Array.from(rs.randomSample(n * d), (v) => v * 2 - 1);
  const w = Float64Array.from(rs.randomSample(d * k), (v) => (v - 0.5) * 3);
  const b = Float64Array.from(rs.randomSample(k), (v) => v - 0.5);
  const y = Int32Array.from(rs.randomSample(n), (v) => Math.floor(v * k));
  return { x, w, b, y };
}

/** The formulas row by row (log-sum-exp with the row maximum), sums in row order. */
function reference(x: Float64Array, n: number, d: number, w: Float64Array, b: Float64Array, y: Int32Array, k: number, scale: number) {
  const gw = new Float64Array(d * k);
  const bsum = new Float64Array(k);
  const r = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = b[c]!;
      for (let t = 0; t < d; t++) s += x[i * d + t]! * w[t * k + c]!;
      r[c] = s;
    }
    const mx = Math.max(...r);
    let se = 0;
    for (let c = 0; c < k; c++) se += Math.exp(r[c]! - mx);
    loss += Math.log(se) + mx - r[y[i]!]!;
    for (let c = 0; c < k; c++) {
      const p = (Math.exp(r[c]! - mx) / se - (c === y[i] ? 1 : 0)) * scale;
      bsum[c] = bsum[c]! + p;
      for (let t = 0; t < d; t++) gw[t * k + c] = gw[t * k + c]! + x[i * d + t]! * p;
    }
  }
  return { loss: loss * scale, gw, bsum };
}

/** |a − b| <= rel·(|b| + 1): the sums run in another order (and with FMA), so only rounding may differ. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let q = 0; q < want.length; q++) {
    expect(Math.abs(got[q]! - want[q]!), `${what}[${q}]: ${got[q]} vs ${want[q]}`).toBeLessThanOrEqual(rel * (Math.abs(want[q]!) + 1));
  }
}

interface SklearnCase {
  n: number;
  d: number;
  k: number;
  mult: number;
  scale: number;
  loss: number;
  grad: number[];
}
const SKLEARN = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/multinomial-loss-gradient.json'), 'utf8')) as {
  cases: SklearnCase[];
};

/** The fixture's inputs, from the integer formulas in scripts/reference/multinomial_loss_gradient.py. */
function sklearnInputs({ n, d, k, mult }: SklearnCase) {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = Math.fround(((i * 131 + j * 71 + i * j * 17) % 97) / 97 - 0.5);
  const w = new Float64Array(d * k);
  for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) w[j * k + c] = ((((j * 7 + c * 11) % 13) - 6) / 10) * mult;
  const b = Float64Array.from({ length: k }, (_, c) => (((c * 5) % 7) - 3) / 10);
  const y = Int32Array.from({ length: n }, (_, i) => (i * 7 + Math.floor(i / 3)) % k);
  return { x, w, b, y };
}

describe.skipIf(!native)('native multinomial loss and gradient', () => {
  for (const c of SKLEARN.cases) {
    it(`equals scikit-learn's LinearModelLoss.loss_gradient (n=${c.n}, d=${c.d}, k=${c.k}, weights ×${c.mult}, scale ${c.scale === 1 ? '1' : '1/n'})`, () => {
      const { x, w, b, y } = sklearnInputs(c);
      const gw = new Float64Array(c.d * c.k);
      const bsum = new Float64Array(c.k);
      const loss = native!.multinomial(x, c.n, c.d, w, b, y, c.k, c.scale, gw, bsum, 2);
      // the fixture's gradient is (k, d + 1) raveled in order "F": gw row-major, then the intercepts
      expectClose([loss], [c.loss], 1e-13, 'loss');
      expectClose([...gw, ...bsum], c.grad, 1e-13, 'gradient');
    });
  }

  it('every shape around the tiles, blocks and segments matches the plain evaluation', () => {
    let seed = 1;
    for (const k of [2, 3, 8, 9, 31, 32, 33, 40, 77]) {
      for (const d of [1, 5, 6, 7, 13]) {
        for (const n of [1, 5, 6, 7, 47, 48, 49, 257, 600]) {
          if (k * d * n > 300_000) continue;
          const { x, w, b, y } = problem(n, d, k, seed++);
          const scale = n % 2 ? 1 : 1 / n;
          const want = reference(x, n, d, w, b, y, k, scale);
          const gw = new Float64Array(d * k + 3).fill(42);
          const bsum = new Float64Array(k + 3).fill(42);
          const loss = native!.multinomial(x, n, d, w, b, y, k, scale, gw, bsum, 2);
          const what = `n=${n} d=${d} k=${k}`;
          expectClose([loss], [want.loss], 1e-13, `${what} loss`);
          expectClose(gw.subarray(0, d * k), want.gw, 1e-13, `${what} gw`);
          expectClose(bsum.subarray(0, k), want.bsum, 1e-13, `${what} bsum`);
          // nothing written past d × k and k
          expect(Array.from(gw.subarray(d * k)), what).toEqual([42, 42, 42]);
          expect(Array.from(bsum.subarray(k)), what).toEqual([42, 42, 42]);
        }
      }
    }
  });

  it('gives the same bits on 1, 2, 3 and 8 threads (fixed row segments added in order)', () => {
    const n = 5003;
    const d = 64;
    const k = 77;
    const { x, w, b, y } = problem(n, d, k, 99);
    const runs = [1, 2, 3, 8].map((threads) => {
      const gw = new Float64Array(d * k);
      const bsum = new Float64Array(k);
      const loss = native!.multinomial(x, n, d, w, b, y, k, 1 / n, gw, bsum, threads);
      return { loss, gw, bsum };
    });
    for (const r of runs.slice(1)) {
      expect(r.loss).toBe(runs[0]!.loss);
      expect(r.gw).toEqual(runs[0]!.gw);
      expect(r.bsum).toEqual(runs[0]!.bsum);
    }
    const want = reference(x, n, d, w, b, y, k, 1 / n);
    expectClose([runs[0]!.loss], [want.loss], 1e-13, 'loss');
    expectClose(runs[0]!.gw, want.gw, 1e-13, 'gw');
  });

  it('extreme logits: log-sum-exp stays finite, P sums to zero per row', () => {
    const n = 50;
    const d = 3;
    const k = 5;
    const { x, b, y } = problem(n, d, k, 7);
    const w = Float64Array.from({ length: d * k }, (_, q) => (q % 2 ? 400 : -400));
    const want = reference(x, n, d, w, b, y, k, 1);
    const gw = new Float64Array(d * k);
    const bsum = new Float64Array(k);
    const loss = native!.multinomial(x, n, d, w, b, y, k, 1, gw, bsum, 1);
    expect(Number.isFinite(loss)).toBe(true);
    expectClose([loss], [want.loss], 1e-13, 'loss');
    expectClose(gw, want.gw, 1e-12, 'gw');
    expect(Math.abs(bsum.reduce((a, v) => a + v, 0))).toBeLessThan(1e-9);
  });

  it('rejects bad arguments with a clear error', () => {
    const { x, w, b, y } = problem(10, 4, 3, 3);
    const gw = new Float64Array(12);
    const bsum = new Float64Array(3);
    const bad = Int32Array.from(y);
    bad[4] = 3;
    expect(() => native!.multinomial(x, 10, 4, w, b, bad, 3, 1, gw, bsum, 1)).toThrow(/label out of range/);
    expect(() => native!.multinomial(x, 11, 4, w, b, y, 3, 1, gw, bsum, 1)).toThrow(/inconsistent sizes/);
    expect(() => native!.multinomial(x, 10, 4, w, b, y, 3, 1, new Float64Array(11), bsum, 1)).toThrow(/inconsistent sizes/);
    expect(() => native!.multinomial(Float32Array.from(x) as unknown as Float64Array, 10, 4, w, b, y, 3, 1, gw, bsum, 1)).toThrow(
      /x must be a Float64Array/,
    );
  });
});
