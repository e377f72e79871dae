import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../core/errors.js';
import { tasks } from '../../../tasks/catalog/summarization.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import summarization from '../../../tasks/types/summarization.js';
import { functionEncoder, testEvalContext, testLoadContext } from '../../helpers/eval-context.js';
import { hashEmbed } from '../../helpers/hash-embeddings.js';

// Reference: test/fixtures/summarization-reference.json, generated (rows and scores) by
//   /usr/bin/python3 scripts/reference/summarization_reference.py > test/fixtures/summarization-reference.json
// (float32 cosines round differently in numpy and here, so values agree to ~1e-7) which follows mteb v2's SummarizationEvaluator / DeprecatedSummarizationEvaluator with numpy + scipy 1.10.1.
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/summarization-reference.json'), 'utf8'));
const v1 = tasks.find((t) => t.name === 'SummEval')!;
const v2 = tasks.find((t) => t.name === 'SummEvalSummarization.v2')!;

async function run(task: TaskMetadata, rows: Record<string, unknown>[]) {
  const data = await summarization.load(testLoadContext(task, 'test', 'default', async () => inMemoryRows(rows, 'summ.jsonl')));
  const enc = functionEncoder((t) => hashEmbed(t));
  const ctx = testEvalContext(task, 'test', 'default', enc);
  return { scores: await summarization.evaluate(data, ctx), enc, ctx };
}

describe('Summarization evaluator', () => {
  it('v2 scores equal the scipy reference (skip rule drops the constant-relevance text)', async () => {
    expect(REF.kept).toBe(5);
    const { scores, enc, ctx } = await run(v2, REF.rows);
    expect(Object.keys(scores)).toEqual(['pearson', 'spearman', 'cosine_spearman', 'cosine_pearson', 'dot_pearson', 'dot_spearman']);
    for (const [k, w] of Object.entries(REF.v2 as Record<string, number>)) expect(scores[k] as number, k).toBeCloseTo(w, 6);
    // all human summaries in one call, then all machine summaries; prompt type None
    expect(enc.calls.map((c) => c.texts.length)).toEqual([24, 30]);
    expect(enc.calls.every((c) => c.promptType === undefined)).toBe(true);
    expect(ctx.phases).toEqual(['Encoding human summaries', 'Encoding machine summaries', 'Scoring']);
  });

  it('SummEval (deprecated evaluator) averages p-values in', async () => {
    const { scores } = await run(v1, REF.rows);
    for (const [k, w] of Object.entries(REF.deprecated as Record<string, number>)) expect(scores[k] as number, k).toBeCloseTo(w, 6);
  });

  it('every text skipped -> NaN (np.mean of an empty list)', async () => {
    const rows = (REF.rows as any[]).map((r) => ({ ...r, relevance: r.relevance.map(() => 2) }));
    const { scores } = await run(v2, rows);
    expect(scores.cosine_spearman).toBeNaN();
  });

  it('bad rows name the file and row', async () => {
    const bad = structuredClone(REF.rows) as any[];
    bad[2].relevance = bad[2].relevance.slice(1);
    await expect(run(v2, bad)).rejects.toThrow(/relevance.*\[task SummEvalSummarization\.v2, split test, subset default, file summ\.jsonl, row 2\]/);
    const bad2 = structuredClone(REF.rows) as any[];
    bad2[4].relevance[1] = 'high';
    await expect(run(v2, bad2)).rejects.toBeInstanceOf(DatasetError);
    const bad3 = structuredClone(REF.rows) as any[];
    delete bad3[0].human_summaries;
    await expect(run(v2, bad3)).rejects.toThrow(/missing column "human_summaries"/);
  });
});
