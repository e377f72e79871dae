/**
 * `diff --gold-from-data` on prediction files mteb wrote (no per-sample sidecars): each payload is joined with the
 * gold labels loaded from a local hub mirror through the task loaders, and the paired bootstrap matches
 * numpy/scipy/sklearn (scripts/fixtures/mteb_predictions.py -> test/fixtures/mteb-predictions/) for STS (Spearman,
 * a null similarity_scores), pair classification (max_ap), classification (macro f1 over experiments; accuracy per
 * example; accuracy/f1/precision/recall at mteb's best threshold on all pairs, kept fixed), bitext mining (weighted f1), multilabel classification (macro f1 over label columns recomputed per
 * resample; accuracy, hamming, lrap per example). Faulty files (a short list, NaN, an unknown label) cost only their task's
 * per-sample bootstrap, with the reason. p-MRR per topic is checked on the module with in-memory data.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as diff } from '../../runners/commands/diff.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import instructionReranking, { type InstructionRerankingData } from '../../tasks/types/instruction-reranking.js';
import { PredictionsMismatch } from '../../tasks/types/saved-predictions.js';
import { captureIo as capture } from '../helpers/cli.js';
import { writeMirrorRepo } from '../helpers/mirror.js';

interface Expected {
  n: number;
  mean: number;
  ci: [number, number];
  p: number;
  dropped: number;
}
const FIXTURES = path.resolve(process.cwd(), 'test/fixtures/mteb-predictions');
const REF = JSON.parse(readFileSync(path.join(FIXTURES, 'reference.json'), 'utf8')) as {
  seed: number;
  samples: number;
  tasks: Record<string, { type: TaskMetadata['type']; mainScore: string; rows: Record<string, Record<string, unknown>[]> }>;
  expected: Record<string, Expected>;
  pmrr: { run: Record<string, Record<string, number>>; qrel_diff: Record<string, string[]>; per_topic: Record<string, number>; p_mrr: number };
};

const meta = (name: string): TaskMetadata | undefined => {
  const t = REF.tasks[name];
  if (!t) return undefined;
  return {
    name,
    type: t.type,
    mainScore: t.mainScore,
    description: '',
    category: 's2s',
    dataset: { path: `gj/${name.toLowerCase()}`, revision: 'r1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    ...(t.type === 'STS' ? { params: { min_score: 0, max_score: 5 } } : {}),
  } as TaskMetadata;
};

/**
 * One side: a result file per task (the main scores do not matter here) and the files of a fixture folder in its
 * predictions folder: mteb's prediction files (`base`, `new`) or mteb-ts per-sample sidecars (`base-sidecar`, ...).
 */
function side(root: string, which: 'base' | 'new', from: string = which): string {
  const dir = path.join(root, `org__${which}`, 'rev1');
  mkdirSync(path.join(dir, 'predictions'), { recursive: true });
  for (const task of Object.keys(REF.tasks)) {
    const main = which === 'base' ? 0.5 : 0.4;
    const row = { main_score: main, [REF.tasks[task]!.mainScore]: main, hf_subset: 'default', languages: ['eng-Latn'], mteb_version: '2.3.0' };
    writeFileSync(
      path.join(dir, `${task}.json`),
      JSON.stringify({ dataset_revision: 'r1', task_name: task, mteb_version: '2.3.0', scores: { test: [row] } }),
    );
  }
  for (const f of readdirSync(path.join(FIXTURES, from))) copyFileSync(path.join(FIXTURES, from, f), path.join(dir, 'predictions', f));
  return path.join(root, `org__${which}`);
}

type TaskReport = { task: string; perSample?: Expected & { source: string; statistic: string }; perSampleMissing?: string };

describe('diff --gold-from-data: mteb-written predictions joined with gold labels from the dataset', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-gold-join-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const mirror = path.join(root, 'mirror');
  for (const [name, t] of Object.entries(REF.tasks)) writeMirrorRepo(mirror, `gj/${name.toLowerCase()}`, 'r1', t.rows);
  const base = side(root, 'base');
  const next = side(root, 'new');
  const opts = { base, new: next, format: 'json' as const, lookup: meta, seed: REF.seed, bootstrapSamples: REF.samples };

  const cap = capture();
  const code = await diff({ ...opts, qrelsFromData: true, hubMirror: mirror, offline: true }, cap.io);
  const report = JSON.parse(cap.out.join('\n')) as { tasks: TaskReport[] };
  const task = (name: string) => report.tasks.find((t) => t.task === name)!;

  it.each([
    'GjSts',
    'GjPair',
    'GjCls',
    'GjClsAcc',
    'GjBitext',
    'GjMl',
    'GjMlAcc',
    'GjMlHam',
    'GjMlLrap',
    'GjPairAcc',
    'GjPairF1',
    'GjPairCosPrec',
    'GjPairEucRec',
    'GjPairTies',
  ])('%s: the bootstrap equals numpy/scipy/sklearn', (name) => {
    expect(code).toBe(0);
    const got = task(name).perSample;
    expect(got, `${name}: ${task(name).perSampleMissing}`).toBeDefined();
    const want = REF.expected[name]!;
    expect(got!.source).toBe('predictions + gold');
    expect(got!.n).toBe(want.n);
    expect(got!.mean).toBeCloseTo(want.mean, 12);
    expect(got!.ci[0]).toBeCloseTo(want.ci[0], 12);
    expect(got!.ci[1]).toBeCloseTo(want.ci[1], 12);
    expect(got!.p).toBeCloseTo(want.p, 12);
    expect(got!.dropped ?? 0).toBe(want.dropped);
  });

  it('names the statistic each main score resamples', () => {
    expect(task('GjSts').perSample!.statistic).toBe('spearman');
    expect(task('GjPair').perSample!.statistic).toBe('ap');
    expect(task('GjCls').perSample!.statistic).toBe('macro_f1');
    expect(task('GjClsAcc').perSample!.statistic).toBe('mean');
    expect(task('GjBitext').perSample!.statistic).toBe('weighted_f1');
    expect(task('GjMl').perSample!.statistic).toBe('multilabel_f1');
    for (const name of ['GjMlAcc', 'GjMlHam', 'GjMlLrap']) expect(task(name).perSample!.statistic).toBe('mean');
    expect(task('GjPairAcc').perSample!.statistic).toBe('mean');
    expect(task('GjPairTies').perSample!.statistic).toBe('mean');
    expect(task('GjPairF1').perSample!.statistic).toBe('binary_f1');
    expect(task('GjPairCosPrec').perSample!.statistic).toBe('binary_precision');
    expect(task('GjPairEucRec').perSample!.statistic).toBe('binary_recall');
  });

  it('threshold-based pair scores say that the threshold is fixed on all pairs (json, table, markdown)', async () => {
    for (const name of ['GjPairAcc', 'GjPairF1', 'GjPairCosPrec', 'GjPairEucRec', 'GjPairTies'])
      expect((task(name).perSample as { note?: string }).note).toMatch(/^threshold fixed at mteb's best cut on all pairs/);
    expect((task('GjPair').perSample as { note?: string }).note).toBeUndefined();
    for (const format of ['table', 'markdown'] as const) {
      const c = capture();
      await diff({ ...opts, format, qrelsFromData: true, hubMirror: mirror, offline: true }, c.io);
      expect(c.out.join('\n')).toMatch(
        /GjPairAcc: per-pair max_accuracy Δ .*\(from predictions \+ gold; threshold fixed at mteb's best cut on all pairs/,
      );
      expect(c.out.join('\n')).toMatch(/GjPairF1: max_f1 \(binary_f1 recomputed on resampled pairs\) Δ .*threshold fixed/);
    }
  });

  it('a faulty file costs its task the per-sample bootstrap, with the reason, file and split named', () => {
    expect(task('GjStsShort').perSampleMissing).toMatch(
      /^new: .*GjStsShort_predictions\.json test\/default: cosine_scores has 23 values but the split has 24 rows$/,
    );
    expect(task('GjStsNaN').perSampleMissing).toBe('the saved pair scores are not all finite (NaN or infinite values)');
    expect(task('GjClsBadLabel').perSampleMissing).toMatch(/^new: .* test\/default: experiment 0\[7\] is "happy", not a label of the task's data$/);
    expect(task('GjPairNaN').perSampleMissing).toMatch(/^new: .*GjPairNaN_predictions\.json test\/default: the cosine scores are not all finite/);
    expect(task('GjMlBad').perSampleMissing).toMatch(
      /^new: .*GjMlBad_predictions\.json test\/default: experiment 1 row 3 has 4 values, but the split's labels give 5 label columns$/,
    );
  });

  it('without --gold-from-data the output says how to get the per-sample bootstrap', async () => {
    const c = capture();
    await diff(opts, c.io);
    const r = JSON.parse(c.out.join('\n')) as { tasks: TaskReport[] };
    expect(r.tasks.find((t) => t.task === 'GjSts')!.perSampleMissing).toBe(
      'only mteb-written predictions: --gold-from-data joins them with the gold labels',
    );
  });

  it('--gold-from-data is a flag of the CLI, --qrels-from-data its older name', async () => {
    const { main } = await import('../../runners/cli.js');
    for (const flag of ['--gold-from-data', '--qrels-from-data']) {
      const c = capture();
      const rc = await main(['diff', base, next, '--format', 'json', flag, '--hub-mirror', mirror, '--offline'], c.io);
      // the registry does not know the fixture tasks: no metadata, so nothing to join, but the flags parse
      expect(rc, c.err.join('\n')).toBe(0);
    }
  });
});

describe('diff --gold-from-data on mixed sides: our per-sample sidecar on one, only mteb predictions on the other', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-gold-mixed-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const mirror = path.join(root, 'mirror');
  const MIXED = ['GjSts', 'GjPair', 'GjCls', 'GjClsAcc', 'GjBitext', 'GjMl', 'GjMlAcc'];
  // the fixture tasks as custom tasks whose datasets are local folders laid out like hub repos
  const taskFile = path.join(root, 'tasks.json');
  writeFileSync(
    taskFile,
    JSON.stringify({
      tasks: MIXED.map((name) => {
        const t = REF.tasks[name]!;
        return {
          name,
          type: t.type,
          dataset: { path: writeMirrorRepo(mirror, `gj/${name.toLowerCase()}`, 'r1', t.rows), revision: 'r1' },
          eval_splits: ['test'],
          main_score: t.mainScore,
          ...(t.type === 'STS' ? { params: { min_score: 0, max_score: 5 } } : {}),
        };
      }),
    }),
  );
  const sidecarBase = { base: side(path.join(root, 'a'), 'base', 'base-sidecar'), new: side(path.join(root, 'a'), 'new', 'new') };
  const sidecarNew = { base: side(path.join(root, 'b'), 'base', 'base'), new: side(path.join(root, 'b'), 'new', 'new-sidecar') };
  const { main } = await import('../../runners/cli.js');
  const cli = async (sides: { base: string; new: string }, ...extra: string[]) => {
    const c = capture();
    const args = ['diff', sides.base, sides.new, '--format', 'json', '--seed', String(REF.seed), '--bootstrap-samples', String(REF.samples)];
    const rc = await main([...args, ...extra], c.io);
    expect(rc, c.err.join('\n')).toBe(0);
    return JSON.parse(c.out.join('\n')) as { tasks: TaskReport[] };
  };
  const joined = ['--gold-from-data', '--task-file', taskFile, '--offline'];

  it.each(MIXED)('%s: sidecar base vs mteb-predictions new, and the reverse, through the CLI: numpy/scipy/sklearn values', async (name) => {
    for (const sides of [sidecarBase, sidecarNew]) {
      const r = await cli(sides, ...joined);
      const t = r.tasks.find((x) => x.task === name)!;
      expect(t.perSample, `${name}: ${t.perSampleMissing}`).toBeDefined();
      const want = REF.expected[name]!;
      expect(t.perSample!.source).toBe('predictions + gold');
      expect(t.perSample!.n).toBe(want.n);
      expect(t.perSample!.mean).toBeCloseTo(want.mean, 12);
      expect(t.perSample!.ci[0]).toBeCloseTo(want.ci[0], 12);
      expect(t.perSample!.ci[1]).toBeCloseTo(want.ci[1], 12);
      expect(t.perSample!.p).toBeCloseTo(want.p, 12);
    }
  });

  it('a sidecar with another statistic than the join gives (an older mteb-ts) is named with both statistics', async () => {
    const root2 = path.join(root, 'c');
    const sides = { base: side(root2, 'base', 'base-sidecar'), new: side(root2, 'new', 'new') };
    // multilabel f1 main score, but a sidecar of per-example accuracy (what mteb-ts saved before multilabel_f1)
    const values = Object.fromEntries(Array.from({ length: 36 }, (_, i) => [String(i), 0.5]));
    const old = { statistic: 'mean', metric: 'accuracy', unit: 'example', values };
    writeFileSync(path.join(sides.base, 'rev1', 'predictions', 'GjMl_per_sample.json'), JSON.stringify({ default: { test: old } }));
    const r = await cli(sides, ...joined);
    expect(r.tasks.find((t) => t.task === 'GjMl')!.perSampleMissing).toBe(
      'the two runs saved per-sample values of different statistics or metrics (base: mean of accuracy, new: multilabel_f1 of f1); rerun the older side with --save-predictions',
    );
  });

  it('the reason names the predictions file and the task when the join cannot run', async () => {
    const noFlag = await cli(sidecarBase, '--task-file', taskFile);
    expect(noFlag.tasks.find((t) => t.task === 'GjSts')!.perSampleMissing).toMatch(
      /^the new run has only mteb's predictions \(.*GjSts_predictions\.json\): --gold-from-data joins them with the gold labels$/,
    );
    const unknown = await cli(sidecarNew, '--gold-from-data', '--offline');
    expect(unknown.tasks.find((t) => t.task === 'GjCls')!.perSampleMissing).toMatch(
      /^the base run has only mteb's predictions \(.*GjCls_predictions\.json\), and task GjCls is unknown here \(give --task-file\)/,
    );
  });
});

describe('p-MRR per topic (InstructionReranking) from a run, against mteb calculate_pmrr re-implemented in Python', () => {
  const data = { qrelDiff: new Map(Object.entries(REF.pmrr.qrel_diff)) } as unknown as InstructionRerankingData;
  const task = { name: 'X', type: 'InstructionReranking', mainScore: 'p-MRR' } as unknown as TaskMetadata;

  it('one value per topic with both runs; a topic without its changed run is skipped; their mean is p-MRR', () => {
    const ps = instructionReranking.perSample!(data, REF.pmrr.run, task);
    expect(ps?.statistic).toBe('mean');
    const values = (ps as { values: Record<string, number> }).values;
    expect(Object.keys(values).sort()).toEqual(Object.keys(REF.pmrr.per_topic).sort());
    for (const [t, v] of Object.entries(REF.pmrr.per_topic)) expect(values[t]).toBeCloseTo(v, 14);
    const vs = Object.values(values);
    expect(vs.reduce((a, b) => a + b, 0) / vs.length).toBeCloseTo(REF.pmrr.p_mrr, 14);
  });

  it('a run with no topic of qrel_diff, or a score that is not a number, is a PredictionsMismatch', () => {
    expect(() => instructionReranking.perSample!(data, { 'zz-og': { d0: 1 } }, task)).toThrow(PredictionsMismatch);
    expect(() => instructionReranking.perSample!(data, { 't1-og': { d0: 'x' } }, task)).toThrow(/score of "d0" is not a number/);
  });
});
