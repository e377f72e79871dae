import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calculatePMrr, rankInRun, rankScore, splitInstructionRun } from '../../metrics/p-mrr.js';

/**
 * p-MRR against an independent computation from the FollowIR paper's definition
 * (scripts/reference/instruction_reranking_reference.py -> test/fixtures/instruction-reranking-reference.json):
 * the spec's worked example (§15.7), mteb's repository unit cases (rank 4 -> 1 gives -0.75, 1 -> 4 gives
 * +0.75), a document absent from a run (rank len + 1) and equal scores (doc id descending decides).
 */
type RunObj = Record<string, Record<string, number>>;
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/instruction-reranking-reference.json'), 'utf8')) as {
  examples: { og: RunObj; changed: RunObj; diff: Record<string, string[]>; expected: number }[];
};
const toRun = (o: RunObj) => new Map(Object.entries(o).map(([q, d]) => [q, new Map(Object.entries(d))]));

describe('p-MRR vs the paper definition', () => {
  REF.examples.forEach((c, k) => {
    it(`example ${k}`, () => {
      const got = calculatePMrr(toRun(c.og), toRun(c.changed), new Map(Object.entries(c.diff)));
      expect(got.pMrr).toBeCloseTo(c.expected, 15);
    });
  });

  it("the spec's worked example gives 0.407781 and mteb's unit cases ±0.75", () => {
    expect(
      calculatePMrr(toRun(REF.examples[0]!.og), toRun(REF.examples[0]!.changed), new Map(Object.entries(REF.examples[0]!.diff))).pMrr,
    ).toBeCloseTo(0.407781, 6);
    expect(rankScore(4, 1)).toBe(-0.75);
    expect(rankScore(1, 4)).toBe(0.75);
    expect(rankScore(3, 3)).toBe(0);
  });

  it('ranks by (score, doc id) descending; absent documents rank len + 1', () => {
    const docs = new Map([
      ['d10', 1],
      ['d2', 1],
      ['d9', 1],
      ['d1', 0.5],
    ]);
    expect(['d9', 'd2', 'd10', 'd1'].map((d) => rankInRun(docs, d).rank)).toEqual([1, 2, 3, 4]);
    expect(rankInRun(docs, 'zz')).toEqual({ rank: 5, score: 0 });
  });

  it('skips topics without both runs and fails when none is left, as mteb does', () => {
    const r = calculatePMrr(
      toRun({ 'a-og': { x: 1 } }),
      toRun({ 'a-changed': { x: 1 } }),
      new Map([
        ['a', ['x']],
        ['b', ['x']],
      ]),
    );
    expect(r.skipped).toEqual(['b']);
    expect(r.pMrr).toBe(0);
    expect(() => calculatePMrr(toRun({}), toRun({}), new Map([['b', ['x']]]))).toThrow(/no topic/);
  });

  it('splits runs by the "-og" suffix, everything else is "changed"', () => {
    const { og, changed } = splitInstructionRun(
      new Map([
        ['1-og', 1],
        ['1-changed', 2],
        ['2-other', 3],
      ]),
    );
    expect([...og.keys()]).toEqual(['1-og']);
    expect([...changed.keys()]).toEqual(['1-changed', '2-other']);
  });
});
