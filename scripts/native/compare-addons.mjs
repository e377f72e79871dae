// Bit-identity check between two builds of the native kernels (e.g. main's native/build/Release copied aside,
// and this tree's): `node scripts/native/compare-addons.mjs <old Release dir> <new Release dir> [big]`.
// topk_gemm.scoreBlock, then sortLists where the build has it: random searches (queries 1-200, dims 1-384, k 1-100;
// with `big` also 1000 x 384 x 20k k=100, 300 x 768 x 9k k=1000), cosine and dot, integer data full of exact ties,
// 1 and 2 threads, chunks fed in reverse; the scores and indices must be equal bit for bit. dense_gemm.dotsNT:
// k-means product shapes (d 1-385, k 1-100, row tails, gathered rows). Exits 1 when anything differs.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [oldDir, newDir, size] = process.argv.slice(2);
if (!oldDir || !newDir) {
  console.error('usage: node scripts/native/compare-addons.mjs <old Release dir> <new Release dir> [big]');
  process.exit(2);
}
const req = createRequire(import.meta.url);
const load = (dir, name) => req(join(resolve(dir), `${name}.node`));
let x = 777;
const rnd = () => {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  x >>>= 0;
  return x / 2147483648 - 1;
};
const same = (a, b) => Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer)) === 0;
/** As compute/search/normalize.ts: float64 sum, float32 norm, float32 division. */
function normalize(q, n, d) {
  const o = new Float32Array(q.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += q[i * d + t] ** 2;
    const nn = Math.fround(Math.max(Math.sqrt(s), 1e-12));
    for (let t = 0; t < d; t++) o[i * d + t] = q[i * d + t] / nn;
  }
  return o;
}

let bad = 0;
let cases = 0;
{
  const a = load(oldDir, 'topk_gemm');
  const b = load(newDir, 'topk_gemm');
  const shapes =
    size === 'big'
      ? [
          [1000, 384, 20000, 100],
          [300, 768, 9000, 1000],
          [64, 384, 30000, 10],
        ]
      : [];
  for (const q of [1, 5, 31, 32, 33, 70, 200])
    for (const d of [1, 3, 16, 17, 40, 384]) for (const k of [1, 3, 10, 16, 17, 100]) shapes.push([q, d, 150 + ((q * 7 + d) % 400), k]);
  for (const [q, d, n, k] of shapes)
    for (const cosine of [true, false])
      for (const ints of [false, true]) {
        const gen = ints ? () => Math.floor((rnd() + 1) * 1.5) - 1 : rnd;
        const Q = Float32Array.from({ length: q * d }, gen);
        const D = Float32Array.from({ length: n * d }, gen);
        if (!ints) for (let i = 0; i < n; i += 7) D[i * d] = 0;
        const Qn = cosine ? normalize(Q, q, d) : Q;
        const run = (m, threads) => {
          const s = new Float32Array(q * k).fill(Number.NEGATIVE_INFINITY);
          const ix = new Int32Array(q * k).fill(-1);
          const chunk = Math.max(1, Math.floor(n / 3));
          const starts = [];
          for (let st = 0; st < n; st += chunk) starts.push(st);
          for (const st of starts.reverse()) {
            const r = Math.min(chunk, n - st);
            m.scoreBlock(Qn, q, d, D.subarray(st * d, (st + r) * d), r, st, cosine, s, ix, k, threads);
          }
          // Builds since 2026-12-07 leave the lists unsorted until sortLists; earlier ones kept them sorted.
          m.sortLists?.(s, ix, q, k, threads);
          return [s, ix];
        };
        for (const threads of [1, 2]) {
          const [s1, i1] = run(a, threads);
          const [s2, i2] = run(b, threads);
          cases++;
          if (!same(s1, s2) || !same(i1, i2)) {
            bad++;
            console.log(`scoreBlock differs: q=${q} d=${d} n=${n} k=${k} cosine=${cosine} ints=${ints} threads=${threads}`);
          }
        }
      }
}
{
  const a = load(oldDir, 'dense_gemm');
  const b = load(newDir, 'dense_gemm');
  for (const d of [1, 5, 16, 17, 31, 64, 100, 384, 385])
    for (const k of [1, 2, 15, 16, 17, 20, 31, 32, 33, 50, 100])
      for (const count of [0, 1, 7, 8, 9, 129, 1000, 2100])
        for (const gathered of [false, true]) {
          const n = 2200;
          const X = Float32Array.from({ length: n * d }, rnd);
          const C = Float32Array.from({ length: k * d }, rnd);
          const rows = gathered ? Int32Array.from({ length: count }, () => Math.floor(((rnd() + 1) / 2) * n) % n) : null;
          const o1 = new Float32Array(count * k);
          const o2 = new Float32Array(count * k);
          a.dotsNT(X, d, rows, count, C, k, o1, 2);
          b.dotsNT(X, d, rows, count, C, k, o2, 2);
          cases++;
          if (!same(o1, o2)) {
            bad++;
            console.log(`dotsNT differs: d=${d} k=${k} count=${count} gathered=${gathered}`);
          }
        }
}
console.log(`${cases} cases, ${bad} differ`);
process.exit(bad ? 1 : 0);
