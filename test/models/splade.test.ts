import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { getModel } from '../../models/registry.js';
import type { SpladeEncoder } from '../../models/splade/encoder.js';
import { cutTop, InvertedIndex, type SparseVector, sparseDot } from '../../models/splade/inverted-index.js';

// Fixture and torch references: scripts/fixtures/make-tiny-splade.py (torch 1.13; SpladePooling max/relu).
const FIX = join(import.meta.dirname, '../fixtures/tiny-splade');
const refs = JSON.parse(readFileSync(join(FIX, 'references.json'), 'utf8')) as {
  vocab_size: number;
  queries: string[];
  docs: string[];
  query_vectors: Record<string, number>[];
  doc_vectors: Record<string, number>[];
  scores: number[][];
};
const ctx: EncodeContext = { task: { name: 'R', type: 'Retrieval' }, split: 'test', subset: 'default' };
const sv = (o: Record<string, number>): SparseVector => {
  const e = Object.entries(o)
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0]);
  return { indices: Int32Array.from(e.map((x) => x[0])), values: Float32Array.from(e.map((x) => x[1])) };
};

function expectSparse(got: SparseVector, want: Record<string, number>, tol: number): void {
  const g = new Map([...got.indices].map((t, k) => [t, got.values[k]!]));
  // same support except for weights within tol of 0
  for (const [t, v] of Object.entries(want)) expect(Math.abs((g.get(Number(t)) ?? 0) - v), `term ${t}`).toBeLessThanOrEqual(tol);
  for (const [t, v] of g) if (!(String(t) in want)) expect(v, `extra term ${t}`).toBeLessThanOrEqual(tol);
}

describe('inverted index', () => {
  it('exact dot products and top-k with ties cut as mteb (score, id descending); zero-score fill by largest id', () => {
    const idx = new InvertedIndex(10);
    const docs: [string, SparseVector][] = [
      ['a', sv({ 1: 1, 2: 2 })],
      ['b', sv({ 2: 1 })],
      ['c', sv({ 1: 2 })],
      ['d', sv({ 5: 1 })],
      ['e', sv({ 6: 1 })],
    ];
    for (const [id, v] of docs) idx.add(id, v);
    const q = sv({ 1: 1, 2: 1 });
    const [top2] = idx.search([q], 2);
    expect(top2).toEqual(
      [
        ['a', 3],
        ['c', 2],
        ['b', 1],
      ].slice(0, 2),
    );
    // b and c: scores 1 and 2; with k = 4 the 4th place is a zero-score doc, the largest id first (e)
    expect(idx.search([q], 4)[0]).toEqual([
      ['a', 3],
      ['c', 2],
      ['b', 1],
      ['e', 0],
    ]);
    expect(
      cutTop(
        [
          ['x', 1],
          ['y', 2],
          ['z', 1],
        ],
        2,
      ),
    ).toEqual([
      ['y', 2],
      ['z', 1],
      ['x', 1],
    ]);
    for (const [, v] of docs) expect(sparseDot(q, v)).toBe(idx.search([q], 5)[0]!.find((h) => h[0] === docs.find((d) => d[1] === v)![0])?.[1] ?? 0);
  });
});

describe('splade: (tiny BERT masked LM)', () => {
  it('sparse vectors equal torch SpladePooling (log1p(relu(logits)) max over tokens)', async () => {
    const enc = (await getModel(`splade:${FIX}`, { noCache: true })) as SpladeEncoder;
    expect(enc.meta.embedDim).toBe(refs.vocab_size);
    expect(enc.similarity).toBe('dot');
    const q = await enc.encodeSparse(refs.queries);
    const d = await enc.encodeSparse(refs.docs, '', 2);
    q.forEach((v, i) => expectSparse(v, refs.query_vectors[i]!, 2e-5));
    d.forEach((v, i) => expectSparse(v, refs.doc_vectors[i]!, 2e-5));
    refs.scores.forEach((row, i) =>
      row.forEach((s, j) => expect(Math.abs(sparseDot(q[i]!, d[j]!) - s), `q${i} d${j}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(s)))),
    );
  });
  it('retrieve: inverted-index scores equal the torch dot products; candidates restrict them; dense encode', async () => {
    const enc = (await getModel(`splade:${FIX}`, { noCache: true })) as SpladeEncoder;
    const corpus = { ids: refs.docs.map((_, i) => `d${i}`), texts: refs.docs };
    const queries = { ids: refs.queries.map((_, i) => `q${i}`), texts: refs.queries };
    const run = await enc.retrieve({ corpus, queries, topK: 10 }, ctx);
    refs.scores.forEach((row, i) =>
      row.forEach((s, j) => expect(Math.abs(run.get(`q${i}`)!.get(`d${j}`)! - s)).toBeLessThanOrEqual(1e-4 * Math.max(1, s))),
    );
    const rr = await enc.retrieve({ corpus, queries, topK: 10, candidates: new Map([['q0', ['d1', 'd2']]]) }, ctx);
    expect([...rr.get('q0')!.keys()]).toEqual(['d1', 'd2']);
    const m = await enc.encode(refs.docs.slice(0, 2), ctx);
    expect(m.cols).toBe(refs.vocab_size);
    for (const [t, v] of Object.entries(refs.doc_vectors[0]!)) expect(Math.abs(m.data[Number(t)]! - v)).toBeLessThanOrEqual(2e-5);
  });
});
