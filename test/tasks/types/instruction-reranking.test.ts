import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../core/matrix.js';
import type { LoadedRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import instructionReranking, { instructionConfigs } from '../../../tasks/types/instruction-reranking.js';
import { functionEncoder, testEvalContext } from '../../helpers/eval-context.js';

/**
 * PARITY on synthetic data: the InstructionReranking evaluator against
 * scripts/reference/instruction_reranking_reference.py (p-MRR from the FollowIR paper's definition, retrieval
 * keys from scripts/reference/trec_parity.py's trec_eval re-implementation). Integer vectors scored with the
 * dot product, so scores and ties are exact. The encoder sees mteb's query text `query + " " + instruction`.
 */
interface TaskRef {
  corpus: Record<string, unknown>[];
  queries: Record<string, unknown>[];
  instructions: Record<string, unknown>[];
  qrels: Record<string, unknown>[];
  top_ranked: Record<string, unknown>[];
  qrel_diff: Record<string, unknown>[];
  doc_vectors: Record<string, number[]>;
  query_vectors: Record<string, number[]>;
  expected: Record<string, number | Record<string, number>>;
}
const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/instruction-reranking-reference.json'), 'utf8')) as { task: TaskRef };

const task: TaskMetadata = {
  name: 'SyntheticInstructionRetrieval',
  type: 'InstructionReranking' as TaskMetadata['type'],
  description: '',
  dataset: { path: 'local/synthetic-followir', revision: 'x' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'p-MRR',
};

function rowsOf(rows: Record<string, unknown>[], file: string): LoadedRows {
  return { rows, locate: (i: number) => ({ file, row: i }) } as unknown as LoadedRows;
}

function loadContext(configs: Record<string, Record<string, unknown>[]>) {
  return {
    task,
    split: 'test',
    subset: 'default',
    listConfigs: async () => Object.keys(configs),
    loadRows: async (config: string) => rowsOf(configs[config]!, `${config}.jsonl`),
    loadSubsetRows: async () => rowsOf([], 'none'),
    listSubsetSplits: async () => ['test'],
    loadDatasetRows: () => Promise.reject(new Error('no second repository in this test')),
  };
}

const REF_CONFIGS = () => ({
  corpus: REF.task.corpus,
  queries: REF.task.queries,
  instruction: REF.task.instructions,
  default: REF.task.qrels,
  top_ranked: REF.task.top_ranked,
  qrel_diff: REF.task.qrel_diff,
});

describe('InstructionReranking evaluator vs the reference (synthetic FollowIR)', () => {
  it('p-MRR, og/changed and every top-level key; queries carry their instruction', async () => {
    const vectors = { ...REF.task.doc_vectors, ...REF.task.query_vectors };
    const enc = functionEncoder((texts): Matrix => {
      const missing = texts.find((t) => !(t in vectors));
      if (missing !== undefined) throw new Error(`unexpected text ${JSON.stringify(missing)}`);
      return { rows: texts.length, cols: 12, data: Float32Array.from(texts.flatMap((t) => vectors[t]!)) };
    }, 'dot');
    const data = await instructionReranking.load(loadContext(REF_CONFIGS()));
    // the unjudged query is dropped; every judged query is encoded as "query instruction"
    expect(data.queries.ids).not.toContain('T99-og');
    const got = (await instructionReranking.evaluate(data, testEvalContext(task, 'test', 'default', enc))) as Record<string, unknown>;
    const want = REF.task.expected;
    const keys = Object.keys(want);
    expect(Object.keys(got)).toEqual(keys);
    for (const k of keys) {
      const w = want[k]!;
      if (typeof w === 'number') expect(got[k] as number, k).toBeCloseTo(w, 12);
      else if (w === null) expect(Number.isNaN(got[k] as number), k).toBe(true);
      else {
        const g = got[k] as Record<string, number>;
        expect(Object.keys(g), k).toEqual(Object.keys(w));
        for (const [kk, vv] of Object.entries(w)) {
          if (vv === null) expect(Number.isNaN(g[kk]!), `${k}.${kk}`).toBe(true);
          else expect(g[kk], `${k}.${kk}`).toBeCloseTo(vv, 12);
        }
      }
    }
  });

  it('a query without an instruction is an error naming the file and row', async () => {
    const configs = REF_CONFIGS();
    configs.instruction = configs.instruction.slice(1);
    await expect(instructionReranking.load(loadContext(configs))).rejects.toThrow(/has no instruction in instruction\.jsonl/);
  });

  it('finds mFollowIR layouts: language-suffixed configs, "eng-xxx" subsets read "xxx"', () => {
    const configs = ['corpus-fas', 'queries-fas', 'instruction-fas', 'default-fas', 'top_ranked-fas', 'qrel_diff-fas'];
    expect(instructionConfigs(configs, 'eng-fas')).toEqual({
      names: { corpus: 'corpus-fas', queries: 'queries-fas', qrels: 'default-fas', topRanked: 'top_ranked-fas', instruction: 'instruction-fas' },
      qrelDiff: 'qrel_diff-fas',
    });
    expect(instructionConfigs(['corpus', 'queries'], 'default')).toEqual({ qrelDiff: 'qrel_diff' });
  });
});
