/**
 * The search addon's portable build (native/binding.gyp target topk_gemm_generic: the same source compiled with
 * -mno-avx512f, i.e. gemm_tile.h's scalar tile, the scalar candidate test and the scalar partition of
 * select_top.h) against the AVX-512 build: every score is the same FMA chain in ascending dim and the lists hold
 * the k best under one total order, so both must give the same bits, bad rows included.
 */
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../../../compute/native/addon.js';
import type { NativeKernel } from '../../../compute/native/topk-gemm.js';
import { sameBits, xorshift32 } from '../../helpers/native-bits.js';

const main = loadAddon<NativeKernel>('topk_gemm');
const generic = loadAddon<NativeKernel>('topk_gemm_generic');
const skip = !main || !generic;
if (skip) console.warn('native search addons not built (npm run build:native): the generic-vs-AVX-512 comparison skips');

// Uniform [-1, 1): twice the [0, 1) stream minus one (exact: a power-of-two scaling).
const unit = xorshift32(4242);
const rnd = (): number => 2 * unit() - 1;

/** As compute/search/normalize.ts: float64 sum of squares, float32 norm, float32 division. */
function normalize(q: Float32Array, n: number, d: number): Float32Array {
  const o = new Float32Array(q.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += q[i * d + t]! ** 2;
    const nn = Math.fround(Math.max(Math.sqrt(s), 1e-12));
    for (let t = 0; t < d; t++) o[i * d + t] = q[i * d + t]! / nn;
  }
  return o;
}

function search(m: NativeKernel, Q: Float32Array, q: number, d: number, D: Float32Array, n: number, k: number, cosine: boolean, threads: number) {
  const s = new Float32Array(q * k).fill(Number.NEGATIVE_INFINITY);
  const ix = new Int32Array(q * k).fill(-1);
  const bad: number[] = [];
  const chunk = Math.max(1, Math.ceil(n / 3));
  for (let st = 0; st < n; st += chunk) {
    const r = Math.min(chunk, n - st);
    bad.push(m.scoreBlock(Q, q, d, D.subarray(st * d, (st + r) * d), r, st, cosine, s, ix, k, threads));
  }
  m.sortLists?.(s, ix, q, k, threads);
  return { s, ix, bad };
}

describe.skipIf(skip)('search addon: portable build vs AVX-512 build', () => {
  it('reports its kind', () => {
    expect(generic!.kernel).toBe('generic');
  });

  it('the same bits for every shape, tie-heavy data, both similarities, 1 and 2 threads, bad rows', () => {
    let cases = 0;
    const differ: string[] = [];
    for (const [q, d, n, k] of [
      [1, 1, 50, 1],
      [5, 3, 300, 17],
      [33, 17, 700, 100],
      [70, 40, 1200, 300],
      [64, 384, 2000, 1000],
      [100, 100, 900, 50],
    ] as const)
      for (const cosine of [true, false])
        for (const ints of [false, true]) {
          const gen = ints ? () => Math.floor((rnd() + 1) * 1.5) - 1 : rnd;
          const Q = Float32Array.from({ length: q * d }, gen);
          const D = Float32Array.from({ length: n * d }, gen);
          if (!ints) for (let i = 0; i < n; i += 11) D.fill(0, i * d, (i + 1) * d);
          if (n > 500) D[(n - 3) * d] = Number.NaN;
          const Qn = cosine ? normalize(Q, q, d) : Q;
          for (const threads of [1, 2]) {
            const a = search(main!, Qn, q, d, D, n, k, cosine, threads);
            const b = search(generic!, Qn, q, d, D, n, k, cosine, threads);
            cases++;
            const same = sameBits(a.s, b.s) && sameBits(a.ix, b.ix) && a.bad.join() === b.bad.join();
            if (!same) differ.push(`q=${q} d=${d} n=${n} k=${k} cosine=${cosine} ints=${ints} threads=${threads}`);
          }
        }
    expect(differ).toEqual([]);
    expect(cases).toBe(48);
  });
});
