/**
 * `npm run bench -- splade`: exact sparse retrieval over a synthetic SPLADE-like corpus (BENCH_SPLADE_DOCS = 100k
 * documents x ~120 non-zeros over a 30,522-term vocabulary with Zipf-distributed terms; 1,000 queries x ~25
 * non-zeros), top-100 per query: our inverted index (build + search) against scipy's sparse product Q @ D.T plus
 * numpy argpartition for the top 100, on the same data in the same run (/usr/bin/python3 with scipy). Prints both,
 * the ratio, checks that the top-100 score lists agree, and a JSON line last.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvertedIndex, type SparseVector } from '../../models/splade/inverted-index.js';

const V = 30522;

function synth(n: number, nnz: number, seed: number): SparseVector[] {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: SparseVector[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.max(1, Math.round(nnz * (0.5 + rnd())));
    const terms = new Set<number>();
    while (terms.size < k) terms.add(Math.min(V - 1, Math.floor(Math.exp(rnd() * Math.log(V)))) - 1 + 1); // Zipf-like
    const idx = Int32Array.from([...terms].sort((a, b) => a - b));
    out.push({ indices: idx, values: Float32Array.from(idx, () => Math.fround(0.05 + 2 * rnd())) });
  }
  return out;
}

function csr(vs: SparseVector[]): { indptr: Int32Array; indices: Int32Array; data: Float32Array } {
  const indptr = new Int32Array(vs.length + 1);
  vs.forEach((v, i) => (indptr[i + 1] = indptr[i]! + v.indices.length));
  const indices = new Int32Array(indptr[vs.length]!);
  const data = new Float32Array(indptr[vs.length]!);
  vs.forEach((v, i) => {
    indices.set(v.indices, indptr[i]!);
    data.set(v.values, indptr[i]!);
  });
  return { indptr, indices, data };
}

const PY = `
import sys, time, json, numpy as np, scipy.sparse as sp
d, nd, nq, V, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def load(p, n):
    indptr = np.fromfile(f"{d}/{p}.indptr", dtype=np.int32); ind = np.fromfile(f"{d}/{p}.indices", dtype=np.int32); dat = np.fromfile(f"{d}/{p}.data", dtype=np.float32)
    return sp.csr_matrix((dat, ind, indptr), shape=(n, V))
D = load("docs", nd); Q = load("queries", nq)
best = None
for _ in range(3):
    t = time.perf_counter()
    S = (Q @ D.T).toarray()
    top = np.argpartition(-S, k, axis=1)[:, :k]
    sc = np.take_along_axis(S, top, axis=1)
    el = time.perf_counter() - t
    best = el if best is None else min(best, el)
sums = np.sort(sc, axis=1)[:, ::-1].sum(axis=1)
print(json.dumps({"seconds": best, "checksum": float(sums.sum()), "first": np.sort(sc[0])[::-1][:5].tolist()}))
`;

export async function main(): Promise<void> {
  const nd = Number(process.env.BENCH_SPLADE_DOCS ?? 100_000);
  const nq = Number(process.env.BENCH_SPLADE_QUERIES ?? 1000);
  const k = 100;
  const docs = synth(nd, 120, 1);
  const queries = synth(nq, 25, 2);
  const dir = mkdtempSync(join(tmpdir(), 'bench-splade-'));
  try {
    for (const [name, vs] of [
      ['docs', docs],
      ['queries', queries],
    ] as const) {
      const c = csr(vs);
      writeFileSync(join(dir, `${name}.indptr`), c.indptr);
      writeFileSync(join(dir, `${name}.indices`), c.indices);
      writeFileSync(join(dir, `${name}.data`), c.data);
    }
    let best = Infinity;
    let buildS = 0;
    let hits: [string, number][][] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const idx = new InvertedIndex(V);
      docs.forEach((v, i) => idx.add(`d${i}`, v));
      idx.build();
      const t1 = performance.now();
      hits = idx.search(queries, k);
      const t2 = performance.now();
      if ((t2 - t0) / 1000 < best) {
        best = (t2 - t0) / 1000;
        buildS = (t1 - t0) / 1000;
      }
    }
    const ours = hits.reduce((s, h) => s + h.slice(0, k).reduce((a, x) => a + x[1], 0), 0);
    console.log(`ours: ${nd} docs, ${nq} queries, top-${k}: ${best.toFixed(3)} s (index build ${buildS.toFixed(3)} s), best of 3`);
    let py: { seconds: number; checksum: number } | undefined;
    try {
      py = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', PY, dir, String(nd), String(nq), String(V), String(k)], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }).trim(),
      );
    } catch (e) {
      console.warn(`(scipy baseline unavailable: ${(e as Error).message.split('\n')[0]})`);
    }
    if (py) {
      console.log(
        `scipy Q @ D.T + argpartition: ${py.seconds.toFixed(3)} s; ratio ours/scipy ${(best / py.seconds).toFixed(2)}x; top-${k} score sums ours ${ours.toFixed(3)} vs scipy ${py.checksum.toFixed(3)} (|diff| ${Math.abs(ours - py.checksum).toExponential(2)})`,
      );
    }
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      JSON.stringify({
        bench: 'splade-search',
        docs: nd,
        queries: nq,
        k,
        ours_s: best,
        build_s: buildS,
        scipy_s: py?.seconds ?? null,
        ratio: py ? best / py.seconds : null,
        checksum_diff: py ? Math.abs(ours - py.checksum) : null,
        load: loadavg()[0],
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
