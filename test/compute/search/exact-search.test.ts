import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kthLargest } from '../../../compute/search/block-scan.js';
import { splitBlocks } from '../../../compute/search/blocks.js';
import {
  createSearcher,
  nativeSearchAvailable,
  releaseSearchSession,
  type SearchOptions,
  type TopKResult,
} from '../../../compute/search/exact-search.js';
import { EvaluationError } from '../../../core/errors.js';
import { createMatrix, type Matrix } from '../../../core/matrix.js';

afterAll(() => releaseSearchSession());

/** Deterministic PRNG (mulberry32) for reproducible fixtures. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Small integers: dot products are exact in float32, so there are many exact ties. */
function intMatrix(rows: number, cols: number, seed: number, range = 3): Matrix {
  const r = rng(seed);
  const m = createMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = Math.floor(r() * (2 * range + 1)) - range;
  return m;
}

function gaussMatrix(rows: number, cols: number, seed: number): Matrix {
  const r = rng(seed);
  const m = createMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  return m;
}

/** Brute force in float64: every score, full sort by (score desc, index asc), first k. */
function bruteForce(qs: Matrix, docs: Matrix, k: number, sim: 'cosine' | 'dot'): { idx: number[][]; sc: number[][] } {
  const norm = (m: Matrix, i: number) => {
    let s = 0;
    for (let c = 0; c < m.cols; c++) s += m.data[i * m.cols + c]! ** 2;
    return Math.max(Math.sqrt(s), 1e-12);
  };
  const idx: number[][] = [];
  const sc: number[][] = [];
  for (let q = 0; q < qs.rows; q++) {
    const all: [number, number][] = [];
    for (let d = 0; d < docs.rows; d++) {
      let s = 0;
      for (let c = 0; c < qs.cols; c++) s += qs.data[q * qs.cols + c]! * docs.data[d * docs.cols + c]!;
      if (sim === 'cosine') s /= norm(qs, q) * norm(docs, d);
      all.push([s, d]);
    }
    all.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const top = all.slice(0, k);
    idx.push(top.map((t) => t[1]));
    sc.push(top.map((t) => t[0]));
  }
  return { idx, sc };
}

function slice(m: Matrix, start: number, end: number): Matrix {
  return createMatrix(end - start, m.cols, m.data.slice(start * m.cols, end * m.cols));
}

/** Which path the brute-force suite exercises: ORT with selection on a worker thread or on the calling thread, or the native addon. */
let useWorker = false;
let backend: 'ort' | 'native' = 'ort';
const hasNative = nativeSearchAvailable();
if (!hasNative)
  console.warn('native search addon unavailable (not built by npm run build:native, or MTEB_TS_SEARCH_BACKEND=ort): native-backend tests skip');

async function search(
  qs: Matrix,
  docs: Matrix,
  k: number,
  sim: 'cosine' | 'dot',
  chunk: number,
  opts: { order?: 'reverse'; maxRowsPerCall?: number } = {},
): Promise<TopKResult> {
  const s = await createSearcher(qs, { k, similarity: sim, maxRowsPerCall: opts.maxRowsPerCall, selectionWorker: useWorker, backend });
  const starts: number[] = [];
  for (let st = 0; st < docs.rows; st += chunk) starts.push(st);
  if (opts.order === 'reverse') starts.reverse();
  for (const st of starts) await s.addChunk(slice(docs, st, Math.min(docs.rows, st + chunk)), st);
  const r = s.finish();
  await s.dispose();
  return r;
}

function rowsOf(r: TopKResult): { idx: number[][]; sc: number[][] } {
  const idx: number[][] = [];
  const sc: number[][] = [];
  for (let q = 0; q < r.queries; q++) {
    idx.push(Array.from(r.indices.subarray(q * r.k, (q + 1) * r.k)));
    sc.push(Array.from(r.scores.subarray(q * r.k, (q + 1) * r.k)));
  }
  return { idx, sc };
}

/** ORT with selection on a worker thread gives the calling-thread path's lists, bit for bit. */
async function expectWorkerMatchesCallingThread(
  qs: Matrix,
  docs: Matrix,
  k: number,
  sim: 'cosine' | 'dot',
  chunk: number,
  maxRowsPerCall: number,
): Promise<void> {
  const a = await search(qs, docs, k, sim, chunk, { maxRowsPerCall });
  const s = await createSearcher(qs, { k, similarity: sim, maxRowsPerCall, selectionWorker: true, backend: 'ort' });
  for (let st = 0; st < docs.rows; st += chunk) await s.addChunk(slice(docs, st, Math.min(docs.rows, st + chunk)), st);
  const b = s.finish();
  await s.dispose();
  expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
  expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
}

/** A chunk holding a NaN is refused, naming its row, and leaves the running lists as they were (dot, k = 20). */
async function expectRejectedChunkHarmless(opts: Omit<SearchOptions, 'k' | 'similarity'>): Promise<void> {
  const qs = intMatrix(80, 6, 33, 2);
  const docs = intMatrix(900, 6, 34, 2);
  const ref = bruteForce(qs, docs, 20, 'dot');
  const s = await createSearcher(qs, { k: 20, similarity: 'dot', ...opts });
  await s.addChunk(slice(docs, 0, 500), 0);
  const bad = slice(docs, 0, 300);
  bad.data[299 * 6 + 5] = Number.NaN;
  await expect(s.addChunk(bad, 5000)).rejects.toThrow(/document vector 5299 has a non-finite value/);
  await s.addChunk(slice(docs, 500, 900), 500);
  expect(rowsOf(s.finish()).idx).toEqual(ref.idx);
  await s.dispose();
}

describe('kthLargest', () => {
  it('equals the sorted order, with duplicates', () => {
    const r = rng(41);
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(r() * 60);
      const a = Float32Array.from({ length: n }, () => Math.floor(r() * 7) - 3);
      const sorted = Array.from(a).sort((x, y) => y - x);
      const k = 1 + Math.floor(r() * n);
      expect(kthLargest(a.slice(), k)).toBe(sorted[k - 1]);
    }
  });
});

describe('splitBlocks', () => {
  it('makes equal blocks of whole 16-row groups, then the remainder', () => {
    // 50000 rows = 3125 groups of 16; ceil(3125 / 1024) = 4 blocks: 782, 781, 781, 781 groups
    expect(splitBlocks(50_000, 16_384)).toEqual([
      [0, 12_512],
      [12_512, 12_496],
      [25_008, 12_496],
      [37_504, 12_496],
    ]);
    expect(splitBlocks(40, 32)).toEqual([
      [0, 32],
      [32, 8],
    ]);
    expect(splitBlocks(10, 32)).toEqual([[0, 10]]);
    expect(splitBlocks(20, 9)).toEqual([
      [0, 9],
      [9, 9],
      [18, 2],
    ]);
  });
});

describe.each([
  ['ort', false],
  ['ort', true],
  ['native', false],
] as const)('exact search vs brute force (backend %s, selection worker: %s)', (be, worker) => {
  beforeAll(() => {
    useWorker = worker;
    backend = be;
  });
  if (be === 'native' && !hasNative) {
    it.skip('native addon not built', () => undefined);
    return;
  }

  it('dot with many exact ties: identical indices and scores (lower index wins ties)', async () => {
    const qs = intMatrix(7, 5, 1, 1);
    const docs = intMatrix(300, 5, 2, 1);
    const ref = bruteForce(qs, docs, 25, 'dot');
    for (const chunk of [300, 64, 7]) {
      const got = rowsOf(await search(qs, docs, 25, 'dot', chunk));
      expect(got.idx).toEqual(ref.idx);
      expect(got.sc).toEqual(ref.sc);
    }
  });

  it('tie handling does not depend on chunk order or on splitting inside a chunk', async () => {
    const qs = intMatrix(5, 4, 3, 1);
    const docs = intMatrix(200, 4, 4, 1);
    const ref = bruteForce(qs, docs, 40, 'dot');
    const rev = rowsOf(await search(qs, docs, 40, 'dot', 16, { order: 'reverse' }));
    expect(rev.idx).toEqual(ref.idx);
    const split = rowsOf(await search(qs, docs, 40, 'dot', 200, { maxRowsPerCall: 9 }));
    expect(split.idx).toEqual(ref.idx);
  });

  it('grouped selection (blocks made of whole score groups) gives the same lists, ties included', async () => {
    const qs = intMatrix(9, 6, 21, 1);
    const docs = intMatrix(640, 6, 22, 1);
    for (const k of [5, 70, 200]) {
      const ref = bruteForce(qs, docs, k, 'dot');
      for (const chunk of [128, 640]) {
        const got = rowsOf(await search(qs, docs, k, 'dot', chunk, { maxRowsPerCall: 128 }));
        expect(got.idx).toEqual(ref.idx);
        expect(got.sc).toEqual(ref.sc);
      }
    }
    const g = gaussMatrix(4, 16, 23);
    const gd = gaussMatrix(1024, 16, 24);
    const ref = bruteForce(g, gd, 30, 'cosine');
    const got = rowsOf(await search(g, gd, 30, 'cosine', 512, { maxRowsPerCall: 256 }));
    expect(got.idx).toEqual(ref.idx);
  });

  it('candidates spanning more than 65536 rows in one block (comparator-sort path)', async () => {
    // 1-d: docs 0..1023 score 100..1123 (they fill the first candidate buffer and set the threshold),
    // then only docs 1100 and 69000 beat it, so the last flush spans 67900 indices.
    const docs = createMatrix(70_000, 1);
    for (let i = 0; i < 1024; i++) docs.data[i] = 100 + i;
    docs.data[1100] = 5000;
    docs.data[69_000] = 6000;
    const qs = createMatrix(1, 1, Float32Array.of(1));
    const ref = bruteForce(qs, docs, 50, 'dot');
    const got = rowsOf(await search(qs, docs, 50, 'dot', 70_000, { maxRowsPerCall: 70_000 }));
    expect(got.idx).toEqual(ref.idx);
    expect(got.idx[0]!.slice(0, 3)).toEqual([69_000, 1100, 1023]);
  });

  it('a hand-checked tie case', async () => {
    // q = [1, 0]; docs' first coordinates 2, 5, 5, 1, 5 -> order by (score desc, index asc): 1, 2, 4, 0, 3
    const qs = createMatrix(1, 2, Float32Array.from([1, 0]));
    const docs = createMatrix(5, 2, Float32Array.from([2, 9, 5, 0, 5, 1, 1, 1, 5, -3]));
    const got = rowsOf(await search(qs, docs, 4, 'dot', 2, { order: 'reverse' }));
    expect(got.idx).toEqual([[1, 2, 4, 0]]);
    expect(got.sc).toEqual([[5, 5, 5, 2]]);
  });

  it('k larger than the chunk size', async () => {
    const qs = intMatrix(4, 6, 5, 2);
    const docs = intMatrix(120, 6, 6, 2);
    const ref = bruteForce(qs, docs, 50, 'dot');
    const got = rowsOf(await search(qs, docs, 50, 'dot', 13));
    expect(got.idx).toEqual(ref.idx);
    expect(got.sc).toEqual(ref.sc);
  });

  it('k larger than N pads with -1 / -Infinity', async () => {
    const qs = intMatrix(3, 4, 7);
    const docs = intMatrix(6, 4, 8);
    const ref = bruteForce(qs, docs, 10, 'dot');
    const got = rowsOf(await search(qs, docs, 10, 'dot', 4));
    for (let q = 0; q < 3; q++) {
      expect(got.idx[q]!.slice(0, 6)).toEqual(ref.idx[q]);
      expect(got.sc[q]!.slice(0, 6)).toEqual(ref.sc[q]);
      expect(got.idx[q]!.slice(6)).toEqual([-1, -1, -1, -1]);
      expect(got.sc[q]!.slice(6)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    }
  });

  it('cosine differs from dot and matches the float64 reference to 1e-6', async () => {
    const qs = gaussMatrix(6, 16, 9);
    const docs = gaussMatrix(500, 16, 10);
    // Scale some docs so that dot and cosine rank differently.
    for (let i = 0; i < docs.rows; i += 3) for (let c = 0; c < 16; c++) docs.data[i * 16 + c]! *= 10;
    for (const sim of ['cosine', 'dot'] as const) {
      const ref = bruteForce(qs, docs, 20, sim);
      const got = rowsOf(await search(qs, docs, 20, sim, 128));
      const tol = sim === 'cosine' ? 1e-6 : 1e-4;
      for (let q = 0; q < 6; q++) {
        for (let r = 0; r < 20; r++) {
          expect(Math.abs(got.sc[q]![r]! - ref.sc[q]![r]!)).toBeLessThan(tol);
          // Gaussian data has no near-ties at this scale, so indices agree too.
          expect(got.idx[q]![r]).toBe(ref.idx[q]![r]);
        }
      }
    }
    const cos = rowsOf(await search(qs, docs, 20, 'cosine', 500));
    const dot = rowsOf(await search(qs, docs, 20, 'dot', 500));
    expect(cos.idx).not.toEqual(dot.idx);
  });

  it('cosine of a zero vector scores 0 (torch normalize semantics)', async () => {
    const qs = createMatrix(1, 2, Float32Array.from([0, 0]));
    const docs = createMatrix(2, 2, Float32Array.from([1, 0, 0, 1]));
    const got = rowsOf(await search(qs, docs, 2, 'cosine', 2));
    expect(got.sc).toEqual([[0, 0]]);
    expect(got.idx).toEqual([[0, 1]]);
  });

  it('empty corpus, zero queries and k = 0', async () => {
    const qs = intMatrix(3, 4, 11);
    const s = await createSearcher(qs, { k: 5, similarity: 'cosine', selectionWorker: worker, backend: be });
    await s.addChunk(createMatrix(0, 4), 0);
    const r = s.finish();
    expect(r.queries).toBe(3);
    expect(Array.from(r.indices)).toEqual(new Array(15).fill(-1));
    expect(Array.from(r.scores)).toEqual(new Array(15).fill(-Infinity));
    const none = await createSearcher(createMatrix(0, 4), { k: 5, similarity: 'dot', selectionWorker: worker, backend: be });
    await none.addChunk(intMatrix(10, 4, 12), 0);
    expect(none.finish().indices.length).toBe(0);
    const k0 = await createSearcher(qs, { k: 0, similarity: 'dot', selectionWorker: worker, backend: be });
    await k0.addChunk(intMatrix(10, 4, 12), 0);
    expect(k0.finish().indices.length).toBe(0);
  });

  it('rejects a dimension mismatch and non-finite vectors with EvaluationError', async () => {
    const s = await createSearcher(intMatrix(2, 4, 13), { k: 3, similarity: 'dot', selectionWorker: worker, backend: be });
    await expect(s.addChunk(intMatrix(5, 3, 14), 0)).rejects.toThrow(EvaluationError);
    const bad = intMatrix(5, 4, 15);
    bad.data[9] = Number.NaN;
    await expect(s.addChunk(bad, 100)).rejects.toThrow(/document vector 102 has a non-finite value/);
    const badQ = intMatrix(2, 4, 16);
    badQ.data[0] = Infinity;
    await expect(createSearcher(badQ, { k: 1, similarity: 'dot', backend: be })).rejects.toThrow(/query vector 0/);
  });
});

describe('selection worker vs calling thread', () => {
  beforeAll(() => {
    backend = 'ort';
    useWorker = false;
  });
  it('bit-identical lists on a mid-size search (both similarities, several chunks and blocks)', async () => {
    const qs = gaussMatrix(150, 24, 31);
    const docs = gaussMatrix(5000, 24, 32);
    for (const sim of ['cosine', 'dot'] as const) await expectWorkerMatchesCallingThread(qs, docs, 60, sim, 1700, 512);
  });

  it('a rejected chunk leaves the running lists untouched, and the default picks the worker for >= 64 queries', async () => {
    await expectRejectedChunkHarmless({ maxRowsPerCall: 128, backend: 'ort' });
  });

  it('cosine: worker path (chunk norms from their own ORT run, fed to the block graphs) equals the calling-thread path (norms inside the graph), bit for bit', async () => {
    // Random, tie-heavy (small integers), all-zero rows (norm below eps) and rows whose norm overflows
    // float32 to Infinity (finite values: accepted, scored as ORT's Div by Infinity gives).
    const tieQ = intMatrix(90, 7, 41, 1);
    const tieD = intMatrix(3000, 7, 42, 1);
    const oddD = gaussMatrix(2500, 16, 44);
    for (let r = 0; r < oddD.rows; r += 9) oddD.data.fill(0, r * 16, r * 16 + 16);
    for (let r = 4; r < oddD.rows; r += 13) for (let c = 0; c < 16; c++) oddD.data[r * 16 + c]! *= 1e25;
    const cases: [Matrix, Matrix, number][] = [
      [gaussMatrix(120, 20, 40), gaussMatrix(4000, 20, 43), 50],
      [tieQ, tieD, 80],
      [gaussMatrix(70, 16, 45), oddD, 25],
    ];
    for (const [qs, docs, k] of cases) await expectWorkerMatchesCallingThread(qs, docs, k, 'cosine', 1100, 256);
  });

  it('cosine: a chunk with a non-finite value in a late block is rejected whole, naming the row', async () => {
    const qs = gaussMatrix(70, 6, 46);
    const docs = gaussMatrix(900, 6, 47);
    const ref = bruteForce(qs, docs, 15, 'cosine');
    const s = await createSearcher(qs, { k: 15, similarity: 'cosine', maxRowsPerCall: 128, selectionWorker: true, backend: 'ort' });
    await s.addChunk(slice(docs, 0, 500), 0);
    const bad = slice(docs, 0, 400);
    bad.data[390 * 6 + 2] = -Infinity;
    await expect(s.addChunk(bad, 7000)).rejects.toThrow(/document vector 7390 has a non-finite value \(-Infinity\) at dimension 2/);
    await s.addChunk(slice(docs, 500, 900), 500);
    expect(rowsOf(s.finish()).idx).toEqual(ref.idx);
    await s.dispose();
  });

  it('candidate blocks (once every list is full, only scores >= the running k-th leave ORT): exact, ties included', async () => {
    // finish() waits for the worker, so every later block sees full lists and takes the candidate graph.
    const cases: [Matrix, Matrix, number, 'cosine' | 'dot'][] = [
      [intMatrix(70, 5, 35, 1), intMatrix(1200, 5, 36, 1), 30, 'dot'],
      [gaussMatrix(66, 12, 37), gaussMatrix(1500, 12, 38), 40, 'cosine'],
    ];
    for (const [qs, docs, k, sim] of cases) {
      const ref = bruteForce(qs, docs, k, sim);
      const s = await createSearcher(qs, { k, similarity: sim, maxRowsPerCall: 100, selectionWorker: true, backend: 'ort' });
      for (let st = 0; st < docs.rows; st += 300) {
        await s.addChunk(slice(docs, st, Math.min(docs.rows, st + 300)), st);
        s.finish();
      }
      const got = rowsOf(s.finish());
      await s.dispose();
      expect(got.idx).toEqual(ref.idx);
      if (sim === 'dot') expect(got.sc).toEqual(ref.sc);
    }
  });
});

describe.skipIf(!hasNative)('native backend (fused GEMM + top-k, queries split between threads)', () => {
  it('many queries (several 12-query panels per thread, a partial panel, a partial 32-doc panel): exact, ties included', async () => {
    const cases: [Matrix, Matrix, number, 'cosine' | 'dot', number][] = [
      [intMatrix(101, 5, 61, 1), intMatrix(1203, 5, 62, 1), 30, 'dot', 250],
      [intMatrix(64, 7, 63, 2), intMatrix(517, 7, 64, 2), 100, 'dot', 517],
      [gaussMatrix(77, 24, 65), gaussMatrix(1500, 24, 66), 40, 'cosine', 333],
    ];
    for (const [qs, docs, k, sim, chunk] of cases) {
      const ref = bruteForce(qs, docs, k, sim);
      const s = await createSearcher(qs, { k, similarity: sim, backend: 'native' });
      // Reverse chunk order: the tie rule must not depend on it.
      const starts: number[] = [];
      for (let st = 0; st < docs.rows; st += chunk) starts.push(st);
      for (const st of starts.reverse()) await s.addChunk(slice(docs, st, Math.min(docs.rows, st + chunk)), st);
      const got = rowsOf(s.finish());
      await s.dispose();
      expect(got.idx).toEqual(ref.idx);
      if (sim === 'dot') expect(got.sc).toEqual(ref.sc);
      else for (let q = 0; q < qs.rows; q++) for (let r = 0; r < k; r++) expect(Math.abs(got.sc[q]![r]! - ref.sc[q]![r]!)).toBeLessThan(1e-6);
    }
  });

  it('a rejected chunk leaves the running lists untouched (the row is named)', async () => {
    await expectRejectedChunkHarmless({ backend: 'native' });
  });

  it('candidate pools: large k among masses of exact ties (the k-th place settled by index), chunks in any order', async () => {
    // Values -1..1 in 4 dims: only 9 distinct dot products, so every pool selection splits a run of equal scores.
    const cases: [Matrix, Matrix, number, 'cosine' | 'dot', number][] = [
      [intMatrix(70, 4, 81, 1), intMatrix(3000, 4, 82, 1), 500, 'dot', 700],
      [intMatrix(40, 3, 83, 1), intMatrix(1500, 3, 84, 1), 1000, 'dot', 1500],
      [gaussMatrix(66, 16, 85), gaussMatrix(2500, 16, 86), 1000, 'cosine', 900],
    ];
    for (const [qs, docs, k, sim, chunk] of cases) {
      const full = bruteForce(qs, docs, k + 1, sim);
      const ref = { idx: full.idx.map((r) => r.slice(0, k)), sc: full.sc.map((r) => r.slice(0, k)) };
      for (const order of [undefined, 'reverse'] as const) {
        backend = 'native';
        const got = rowsOf(await search(qs, docs, k, sim, chunk, { order }));
        if (sim === 'dot') {
          expect(got.idx).toEqual(ref.idx);
          expect(got.sc).toEqual(ref.sc);
          continue;
        }
        // Cosine in float32 vs the float64 reference: near-ties may swap, so a place is checked where its
        // reference score stands clear of its neighbours' (and of the first excluded doc's).
        const wrong: string[] = [];
        let checked = 0;
        for (let q = 0; q < qs.rows; q++) {
          const all = full.sc[q]!;
          for (let r = 0; r < k; r++) {
            if (!(Math.abs(got.sc[q]![r]! - all[r]!) < 1e-6)) wrong.push(`score q${q} #${r}`);
            const clear = (r === 0 || all[r - 1]! - all[r]! > 1e-5) && all[r]! - all[r + 1]! > 1e-5;
            if (!clear) continue;
            checked++;
            if (got.idx[q]![r] !== ref.idx[q]![r]) wrong.push(`doc q${q} #${r}`);
          }
        }
        expect(wrong).toEqual([]);
        expect(checked).toBeGreaterThan(qs.rows * k * 0.5);
      }
    }
  });

  it('a chunk with several bad rows names the first one, whichever thread meets it, and merges nothing', async () => {
    // 100 queries: 4 panels, so two threads share the call; both check every row.
    const qs = gaussMatrix(100, 6, 87);
    const docs = gaussMatrix(2000, 6, 88);
    for (const sim of ['cosine', 'dot'] as const) {
      const ref = bruteForce(qs, docs, 25, sim);
      for (const [rows, first] of [
        [[1500, 1700], 1500],
        [[0, 1999], 0],
        [[1999], 1999],
      ] as [number[], number][]) {
        const s = await createSearcher(qs, { k: 25, similarity: sim, backend: 'native' });
        await s.addChunk(slice(docs, 0, 1000), 0);
        const bad = slice(docs, 0, 2000);
        for (const r of rows) bad.data[r * 6 + 3] = r % 2 ? Number.NaN : Number.POSITIVE_INFINITY;
        await expect(s.addChunk(bad, 10_000)).rejects.toThrow(new RegExp(`document vector ${10_000 + first} has a non-finite value`));
        await s.addChunk(slice(docs, 1000, 2000), 1000);
        const got = rowsOf(s.finish());
        await s.dispose();
        expect(got.idx).toEqual(ref.idx);
      }
    }
  });

  it('cosine: zero rows and rows whose float32 norm overflows score as on the ORT path', async () => {
    const qs = gaussMatrix(20, 6, 70);
    const docs = gaussMatrix(300, 6, 71);
    for (let c = 0; c < 6; c++) {
      docs.data[5 * 6 + c] = 0;
      docs.data[9 * 6 + c] = 3e38;
    }
    const run = async (be: 'ort' | 'native') => {
      const s = await createSearcher(qs, { k: 300, similarity: 'cosine', backend: be });
      await s.addChunk(docs, 0);
      const r = s.finish();
      await s.dispose();
      return r;
    };
    const [a, b] = [await run('ort'), await run('native')];
    for (let i = 0; i < a.scores.length; i++) expect(Math.abs(a.scores[i]! - b.scores[i]!)).toBeLessThan(1e-6);
    // The zero row and the overflowing row both score exactly 0 for every query.
    for (let q = 0; q < 20; q++) {
      const row = Array.from(b.indices.subarray(q * 300, (q + 1) * 300));
      expect(b.scores[q * 300 + row.indexOf(5)]).toBe(0);
      expect(b.scores[q * 300 + row.indexOf(9)]).toBe(0);
    }
  });
});
