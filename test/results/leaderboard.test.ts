import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aggregateBenchmark,
  averageRankDescending,
  type BenchmarkSpec,
  bordaPoints,
  displayScore,
  meanOrNull,
  minRankDescending,
} from '../../results/aggregate.js';
import { collectResults, joinRevisions, type ModelRun } from '../../results/collect.js';
import { formatLeaderboard } from '../../results/format.js';
import type { NormalizedResult } from '../../results/read.js';
import { run as leaderboard } from '../../runners/commands/leaderboard.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { captureIo as capture } from '../helpers/cli.js';
import { RESULTS_SAMPLE_FOLDERS as FOLDERS, RESULTS_SAMPLES } from '../helpers/shared.js';
import { ENG_V1_SPEC, engV1Lookup } from './fixtures/eng-v1.js';
import { LEADERBOARD_REFERENCE } from './fixtures/leaderboard-reference.js';

const SAMPLES = RESULTS_SAMPLES;
const HAVE = existsSync(SAMPLES);
if (!HAVE) console.warn(`skipping leaderboard tests on real results: ${SAMPLES} not found`);
describe('aggregation primitives (textbook cases)', () => {
  it('average ranks with ties, min ranks, skipna=False means', () => {
    expect(averageRankDescending([0.5, 0.9, 0.5, 0.1])).toEqual([2.5, 1, 2.5, 4]);
    expect(minRankDescending([3, 5, 3, 1])).toEqual([2, 1, 2, 4]);
    expect(meanOrNull([1, 2, 3])).toBe(2);
    expect(meanOrNull([1, null])).toBeNull();
    expect(meanOrNull([])).toBeNull();
  });
  it('Borda: n_models − rank per task, missing tasks earn nothing', () => {
    // 3 models, 2 tasks; model C lacks task 2. Task1 ranks A1 B2 C3 -> 2,1,0; task2 A=B tie -> 1.5 each -> 1.5,1.5,0
    expect(
      bordaPoints([
        [0.9, 0.5],
        [0.8, 0.5],
        [0.1, null],
      ]),
    ).toEqual([3.5, 2.5, 0]);
    expect(displayScore(0.123456)).toBe('12.35');
    expect(displayScore(null)).toBe('');
  });
});

function fakeRun(model: string, scores: Record<string, [string, string, number | null][]>): ModelRun {
  const results = new Map<string, NormalizedResult>();
  for (const [task, rows] of Object.entries(scores)) {
    const byS: NormalizedResult['scores'] = {};
    for (const [split, subset, main] of rows) (byS[split] ??= []).push({ main_score: main, hf_subset: subset, languages: [] });
    results.set(task, {
      task_name: task,
      dataset_revision: 'r',
      mteb_version: '2.0.0',
      scores: byS,
      evaluation_time: 1,
      kg_co2_emissions: null,
      date: null,
      evaluation_phases: null,
      format: 'v2',
      file: `${model}/${task}.json`,
      notes: [],
    });
  }
  return { model, revision: 'rev', dir: model, results };
}

describe('benchmark filtering and aggregates (in-test benchmark)', () => {
  const t = (name: string, type: TaskMetadata['type'], subsets: string[], splits = ['test']): TaskMetadata => ({
    name,
    type,
    description: '',
    dataset: { path: name, revision: 'x' },
    evalSplits: splits,
    subsets: Object.fromEntries(subsets.map((s) => [s, ['eng-Latn']])),
    mainScore: 'm',
  });
  const spec: BenchmarkSpec = {
    name: 'tiny',
    tasks: [
      { name: 'A', type: 'STS' },
      { name: 'B', type: 'Classification' },
      { name: 'AGG', type: 'Retrieval' },
    ],
    metadata: new Map(
      [
        t('A', 'STS', ['en']),
        t('B', 'Classification', ['default'], ['dev']),
        t('M1', 'Retrieval', ['default']),
        t('M2', 'Retrieval', ['default']),
      ].map((x) => [x.name, x]),
    ),
    aggregates: { AGG: ['M1', 'M2'] },
  };
  it('filters splits/subsets, averages aggregate members, reports missing', () => {
    const full = fakeRun('full', {
      A: [
        ['test', 'en', 0.5],
        ['test', 'de', 0.9],
        ['validation', 'en', 0.1],
      ],
      B: [
        ['dev', 'default', 0.6],
        ['test', 'default', 0],
      ],
      M1: [['test', 'default', 0.2]],
      M2: [['test', 'default', 0.4]],
    });
    const partial = fakeRun('partial', { A: [['test', 'de', 0.9]], B: [['dev', 'default', 0.7]], M1: [['test', 'default', 0.3]] });
    const lb = aggregateBenchmark([partial, full], spec);
    const f = lb.rows.find((r) => r.model === 'full')!;
    expect(f.perTask.A!.score).toBe(0.5); // de and validation rows filtered out
    expect(f.perTask.B!.score).toBe(0.6);
    expect(f.perTask.AGG!.score).toBeCloseTo(0.3, 15);
    expect(f.meanTask).toBeCloseTo((0.5 + 0.6 + 0.3) / 3, 15);
    expect(f.meanTaskType).toBeCloseTo((0.5 + 0.6 + 0.3) / 3, 15);
    const p = lb.rows.find((r) => r.model === 'partial')!;
    expect(p.perTask.A!.score).toBeNull();
    expect(p.perTask.AGG!.score).toBeNull();
    expect(p.meanTask).toBeNull();
    expect(p.perType.Classification).toBe(0.7);
    expect(p.missing.map((m) => m.task)).toEqual(['A', 'AGG']);
    expect(p.missing[0]!.reason).toMatch(/lacks subset en/);
    expect(p.missing[1]!.reason).toMatch(/M2 \(no result file\)/);
    // Borda: A: full only -> 2-1=1; B: partial 0.7 > full 0.6 -> partial 1, full 0; AGG: full only -> 1
    expect(f.bordaPoints).toBe(2);
    expect(p.bordaPoints).toBe(1);
    expect(lb.rows.map((r) => [r.model, r.bordaRank])).toEqual([
      ['full', 1],
      ['partial', 2],
    ]);
    const md = formatLeaderboard(lb, 'markdown');
    expect(md).toContain('| 1 | full | rev | 46.67 |');
    expect(md).toMatch(/partial@rev\*\*: 2 of 3 tasks missing/);
  });
});

describe.skipIf(!HAVE)('leaderboard on ../shared/results-samples (MTEB(eng, v1))', () => {
  const c = collectResults(FOLDERS, { lookup: engV1Lookup });
  const lb = aggregateBenchmark(joinRevisions(c.runs), ENG_V1_SPEC);

  it('per-task scores, type means, means and Borda equal the independent python computation', () => {
    // Reference: scripts/reference/leaderboard_reference.py (plain python json), pasted into fixtures/leaderboard-reference.ts
    expect(lb.rows.map((r) => r.model).sort()).toEqual(Object.keys(LEADERBOARD_REFERENCE).sort());
    for (const row of lb.rows) {
      const ref = LEADERBOARD_REFERENCE[row.model]!;
      for (const [task, v] of Object.entries(ref.tasks)) {
        const got = row.perTask[task]!.score;
        if (v === null) expect(got, `${row.model} ${task}`).toBeNull();
        else expect(got, `${row.model} ${task}`).toBeCloseTo(v, 12);
      }
      for (const [ty, v] of Object.entries(ref.types)) {
        const got = row.perType[ty as keyof typeof row.perType];
        if (v === null) expect(got, ty).toBeNull();
        else expect(got, ty).toBeCloseTo(v, 12);
      }
      if (ref.mean_task === null) expect(row.meanTask).toBeNull();
      else expect(row.meanTask).toBeCloseTo(ref.mean_task, 12);
      if (ref.mean_task_type === null) expect(row.meanTaskType).toBeNull();
      else expect(row.meanTaskType).toBeCloseTo(ref.mean_task_type, 12);
      expect(row.bordaPoints).toBe(ref.borda_points);
      expect(row.bordaRank).toBe(ref.borda_rank);
    }
  });
  it('MiniLM: Mean (Task) 56.10 displayed; GloVe/komninos report their 4 missing reranking tasks', () => {
    const mini = lb.rows.find((r) => r.model === 'sentence-transformers/all-MiniLM-L6-v2')!;
    // zero-shot over the 56 task columns: mteb's registry says MiniLM trained on MSMARCO and NQ (+ their
    // HardNegatives/Nano/translated variants, none in the benchmark): int(100 − 100·2/56) = int(96.43) = 96
    expect(lb.presentTasks).toHaveLength(56);
    expect(mini.zeroShot).toBe(96);
    // GloVe and komninos are not in mteb 2.20's registry and have no model_meta.json: nothing known
    expect(lb.rows.find((r) => r.model.includes('glove'))!.zeroShot).toBeNull();
    expect(displayScore(mini.meanTask)).toBe('56.10'); // python: 0.5609568751882652 -> '%.2f' % 56.09568751882652
    expect(mini.missing).toEqual([]);
    const glove = lb.rows.find((r) => r.model.includes('glove'))!;
    expect(glove.missing.map((m) => m.task)).toEqual(['AskUbuntuDupQuestions', 'MindSmallReranking', 'SciDocsRR', 'StackOverflowDupQuestions']);
    expect(glove.missing[0]!.reason).toMatch(/no main score \(map_at_1000\)/);
    // CQADupstackRetrieval = mean of the 12 member files; GloVe's own aggregate file says 0.154745
    expect(glove.perTask.CQADupstackRetrieval!.score!).toBeCloseTo(0.154745, 5);
  });
  it('command: every format renders, missing tasks reported, exit 0; unknown benchmark exits 2', async () => {
    for (const format of ['table', 'markdown', 'csv', 'json', 'html'] as const) {
      const cap = capture();
      const code = await leaderboard({ benchmark: 'MTEB(eng, v1)', results: FOLDERS, format, spec: ENG_V1_SPEC, lookup: engV1Lookup }, cap.io);
      expect(code, format).toBe(0);
      const text = cap.out.join('\n');
      expect(text.length).toBeGreaterThan(100);
      if (format === 'csv') {
        expect(text.split('\n')[0]).toMatch(
          /^Rank \(Borda\),Model,Revision,Zero-shot,Total Parameters \(B\),Active Parameters \(B\),Embedding Dimensions,Max Tokens,Memory \(MB\),License,Open Weights,Mean \(Task\),Mean \(TaskType\),/,
        );
        // MiniLM from mteb's registry (sentence_transformers_models.py): 22713216 params, 11720448 of them embeddings
        expect(text).toMatch(
          /,sentence-transformers\/all-MiniLM-L6-v2,8b3219a92973c328a8e22fadcfa821b5dc75636a,96%,0\.023,0\.011,384,256,87,apache-2\.0,yes,56\.10,/,
        );
      }
      if (format === 'json') expect((JSON.parse(text) as { rows: unknown[] }).rows).toHaveLength(3);
      if (format === 'table' || format === 'markdown') expect(text).toMatch(/AskUbuntuDupQuestions: no main score/);
      expect(cap.err.join('\n')).toMatch(/missing across 2 model/);
    }
    const cap = capture();
    expect(await leaderboard({ benchmark: 'MTEB(nope)', results: FOLDERS }, cap.io)).toBe(2);
    expect(cap.err.join('\n')).toMatch(/unknown benchmark/);
    const cap2 = capture();
    expect(await leaderboard({ benchmark: 'x', results: ['/nonexistent/dir'], spec: ENG_V1_SPEC, lookup: engV1Lookup }, cap2.io)).toBe(2);
    expect(cap2.err.join('\n')).toMatch(/does not exist/);
  });
});

describe('aggregate task fallback', () => {
  it("uses the aggregate's own file when its members are incomplete", () => {
    const t = (name: string): TaskMetadata => ({
      name,
      type: 'Retrieval',
      description: '',
      dataset: { path: name, revision: 'x' },
      evalSplits: ['test'],
      subsets: { default: ['eng-Latn'] },
      mainScore: 'ndcg_at_10',
    });
    const spec: BenchmarkSpec = {
      name: 'agg',
      tasks: [{ name: 'AGG', type: 'Retrieval' }],
      metadata: new Map([t('M1'), t('M2')].map((x) => [x.name, x])),
      aggregates: { AGG: ['M1', 'M2'] },
    };
    const run = fakeRun('m', {
      M1: [['test', 'default', 0.2]],
      AGG: [
        ['test', 'default', 0.25],
        ['test', 'other', 0.9],
      ],
    });
    const row = aggregateBenchmark([run], spec).rows[0]!;
    expect(row.perTask.AGG!.score).toBe(0.25);
    expect(row.missing).toEqual([]);
    const none = aggregateBenchmark([fakeRun('n', { M1: [['test', 'default', 0.2]] })], spec).rows[0]!;
    expect(none.perTask.AGG!.score).toBeNull();
    expect(none.missing[0]!.reason).toMatch(/missing M2/);
  });
});
