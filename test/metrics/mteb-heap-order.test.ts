import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mtebHeapOrder } from '../../metrics/mteb-heap-order.js';
import { confidenceScores } from '../../metrics/nauc.js';
import { calculateRetrievalScores } from '../../metrics/ranking.js';

// Reference: /usr/bin/python3 scripts/reference/mteb_heap_order.py (heapq pushes in descending score order as
// mteb's search does, then np.std over the heap list; numpy 1.24.2).
const CASES = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/mteb-heap-order.json'), 'utf8')) as {
  ids: string[];
  scores: number[];
  heap: number[];
  std: number;
}[];

describe("mteb's heap order of retrieved scores (nAUC std confidence)", () => {
  for (const c of CASES) {
    it(`${c.ids.length} candidates: the heap list and np.std over it equal Python's bits`, () => {
      const docs = new Map(c.ids.map((id, i) => [id, c.scores[i]!]));
      const heap = mtebHeapOrder(docs);
      expect([...heap]).toEqual(c.heap);
      expect(confidenceScores(heap).std).toBe(c.std);
    });
  }

  it('does not depend on the order in which candidates arrive (no ties)', () => {
    const c = CASES[CASES.length - 1]!;
    const docs = new Map(c.ids.map((id, i) => [id, c.scores[i]!]));
    const reversed = new Map([...docs].reverse());
    expect([...mtebHeapOrder(reversed)]).toEqual([...mtebHeapOrder(docs)]);
  });

  it('two queries with identical vectors get identical confidences, so nAUC keeps their order', () => {
    // Same retrieved set, candidates handed over in different orders (as chunked search may do).
    const scores = [0.91, 0.33, 0.57, 0.12, 0.78, 0.45, 0.66, 0.21, 0.05, 0.84];
    const a = new Map(scores.map((s, i) => [`d${i}`, s]));
    const b = new Map([...a].sort(() => 0).reverse());
    const run = new Map([
      ['q1', a],
      ['q2', b],
      [
        'q3',
        new Map([
          ['d1', 0.5],
          ['d2', 0.1],
        ]),
      ],
    ]);
    const qrels = new Map([
      ['q1', new Map([['d0', 1]])],
      ['q2', new Map([['d3', 1]])],
      ['q3', new Map([['d2', 1]])],
    ]);
    expect(confidenceScores(mtebHeapOrder(a))).toEqual(confidenceScores(mtebHeapOrder(b)));
    const swapped = new Map([...run].map(([q, d]) => [q, new Map([...d].reverse())]));
    expect(calculateRetrievalScores(swapped, qrels).scores).toEqual(calculateRetrievalScores(run, qrels).scores);
  });

  it('empty input', () => expect(mtebHeapOrder(new Map()).length).toBe(0));
});
