/**
 * `diff`'s paired per-sample bootstrap for every type that has one, on fixed predictions, against numpy/scipy
 * (scripts/reference/per_sample_bootstrap.py -> test/fixtures/per-sample-bootstrap.json): per example
 * (classification), per query (retrieval), per cluster set (clustering v2 and legacy, read from the result files),
 * per pair with the Spearman recomputed on each resample (STS, two subsets, one of them with undefined resamples).
 * Types without predictions fall back to the across-task bootstrap, and the output says so.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairedCorrelationBootstrap } from '../../results/bootstrap.js';
import { savePredictions } from '../../results/predictions.js';
import { run as diff } from '../../runners/commands/diff.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import type { PerSample } from '../../tasks/types/module.js';
import { captureIo as capture } from '../helpers/cli.js';

interface Expected {
  n: number;
  mean: number;
  ci: [number, number];
  p: number;
  dropped: number;
}
type Side<T> = { base: T; new: T };
const REF = JSON.parse(readFileSync(path.resolve(process.cwd(), 'test/fixtures/per-sample-bootstrap.json'), 'utf8')) as {
  seed: number;
  samples: number;
  inputs: {
    classification: Side<Record<string, number>>;
    retrieval: Side<Record<string, number>>;
    clustering: Side<Record<string, number[]>>;
    clustering_legacy: Side<number[]>;
    sts: Record<'en' | 'tiny', { gold: number[]; base: number[]; new: number[] }>;
    pair_classification: Record<'main' | 'small', { labels: number[]; base: number[]; new: number[] }>;
  };
  expected: Record<'classification' | 'retrieval' | 'clustering' | 'clustering_legacy' | 'sts' | 'sts_en_only' | 'pair_classification', Expected>;
};

const META: Record<string, Pick<TaskMetadata, 'type' | 'mainScore'> & { subsets?: string[] }> = {
  Cls: { type: 'Classification', mainScore: 'accuracy' },
  Ret: { type: 'Retrieval', mainScore: 'ndcg_at_10' },
  Clu: { type: 'Clustering', mainScore: 'v_measure' },
  CluLegacy: { type: 'Clustering', mainScore: 'v_measure' },
  Sts: { type: 'STS', mainScore: 'cosine_spearman', subsets: ['en', 'tiny'] },
  Pair: { type: 'PairClassification', mainScore: 'max_ap', subsets: ['main', 'small'] },
  Bit: { type: 'BitextMining', mainScore: 'f1' },
};
const lookup = (name: string): TaskMetadata | undefined => {
  const m = META[name];
  if (!m) return undefined;
  const subsets = Object.fromEntries((m.subsets ?? ['default']).map((s) => [s, ['eng-Latn']]));
  return {
    name,
    type: m.type,
    mainScore: m.mainScore,
    description: '',
    dataset: { path: `x/${name}`, revision: 'r' },
    evalSplits: ['test'],
    subsets,
  } as TaskMetadata;
};

function resultFile(task: string, rows: { subset: string; main: number; extra?: Record<string, unknown> }[]) {
  return {
    dataset_revision: 'r',
    task_name: task,
    mteb_version: '2.3.0',
    scores: { test: rows.map((r) => ({ main_score: r.main, ...r.extra, hf_subset: r.subset, languages: ['eng-Latn'], mteb_version: '2.3.0' })) },
    evaluation_time: 1,
    kg_co2_emissions: null,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Writes one side: result files for every task, per-sample sidecars for those that saved predictions. */
function side(root: string, which: 'base' | 'new'): string {
  const model = `org__${which}`;
  const dir = path.join(root, model, 'rev1');
  const pred = path.join(dir, 'predictions');
  mkdirSync(dir, { recursive: true });
  const I = REF.inputs;
  const write = (task: string, r: unknown) => writeFileSync(path.join(dir, `${task}.json`), JSON.stringify(r));
  const save = (task: string, subset: string, perSample: PerSample) =>
    savePredictions(pred, { task, model: `org/${which}`, revision: 'rev1', split: 'test', subset, predictions: [], perSample });

  const cls = I.classification[which];
  write('Cls', resultFile('Cls', [{ subset: 'default', main: mean(Object.values(cls)) }]));
  save('Cls', 'default', { statistic: 'mean', metric: 'accuracy', unit: 'example', values: cls });

  const ret = I.retrieval[which];
  write('Ret', resultFile('Ret', [{ subset: 'default', main: mean(Object.values(ret)) }]));
  save('Ret', 'default', { statistic: 'mean', metric: 'ndcg_at_10', unit: 'query', values: ret });

  // clustering: no predictions needed, the per-set values are in the result file
  const clu = I.clustering[which];
  write('Clu', resultFile('Clu', [{ subset: 'default', main: mean(Object.values(clu).flat()), extra: { v_measures: clu } }]));
  const legacy = I.clustering_legacy[which];
  write('CluLegacy', resultFile('CluLegacy', [{ subset: 'default', main: mean(legacy), extra: { v_measures: legacy } }]));

  write(
    'Sts',
    resultFile(
      'Sts',
      (['en', 'tiny'] as const).map((s) => ({ subset: s, main: 0.5 })),
    ),
  );
  for (const s of ['en', 'tiny'] as const) {
    save('Sts', s, { statistic: 'spearman', metric: 'cosine_spearman', unit: 'pair', gold: I.sts[s].gold, pred: I.sts[s][which] });
  }

  write(
    'Pair',
    resultFile(
      'Pair',
      (['main', 'small'] as const).map((s) => ({ subset: s, main: 0.7 })),
    ),
  );
  for (const s of ['main', 'small'] as const) {
    const pc = I.pair_classification[s];
    save('Pair', s, { statistic: 'ap', metric: 'max_ap', unit: 'pair', gold: pc.labels, pred: pc[which] });
  }
  write('Bit', resultFile('Bit', [{ subset: 'default', main: which === 'base' ? 0.9 : 0.8 }]));
  return path.join(root, model);
}

function expectMatches(got: { n: number; mean: number; ci: [number, number]; p: number; dropped?: number }, want: Expected, what: string) {
  expect(got.n, what).toBe(want.n);
  expect(got.mean, what).toBeCloseTo(want.mean, 14);
  expect(got.ci[0], what).toBeCloseTo(want.ci[0], 12);
  expect(got.ci[1], what).toBeCloseTo(want.ci[1], 12);
  expect(got.p, what).toBeCloseTo(want.p, 14);
  expect(got.dropped ?? 0, what).toBe(want.dropped);
}

describe('paired per-sample bootstrap in diff, against numpy/scipy on fixed predictions', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-ps-'));
  const base = side(root, 'base');
  const next = side(root, 'new');
  const cap = capture();
  const code = await diff({ base, new: next, format: 'json', lookup, seed: REF.seed, bootstrapSamples: REF.samples }, cap.io);
  const rep = JSON.parse(cap.out.join('\n')) as {
    tasks: { task: string; delta: number | null; perSample?: Record<string, unknown> & Expected; perQuery?: unknown; perSampleMissing?: string }[];
  };
  const task = (name: string) => rep.tasks.find((t) => t.task === name)!;

  it('classification: per example', () => {
    expect(code).toBe(0);
    expectMatches(task('Cls').perSample!, REF.expected.classification, 'Cls');
    expect(task('Cls').perSample).toMatchObject({ statistic: 'mean', metric: 'accuracy', unit: 'example', source: 'predictions' });
  });

  it('retrieval: per query, paired by query id (queries only one run has are left out)', () => {
    expectMatches(task('Ret').perSample!, REF.expected.retrieval, 'Ret');
    expect(task('Ret').perSample).toMatchObject({ unit: 'query', metric: 'ndcg_at_10' });
    expect(task('Ret').perQuery).toMatchObject({ queries: REF.expected.retrieval.n });
  });

  it('clustering: per cluster set, from the result files (v2 levels and the legacy list)', () => {
    expectMatches(task('Clu').perSample!, REF.expected.clustering, 'Clu');
    expectMatches(task('CluLegacy').perSample!, REF.expected.clustering_legacy, 'CluLegacy');
    expect(task('Clu').perSample).toMatchObject({ unit: 'cluster set', source: 'result files' });
  });

  it('STS: Spearman recomputed on each resample, subsets drawn on their own, undefined resamples dropped', () => {
    expectMatches(task('Sts').perSample!, REF.expected.sts, 'Sts');
    expect(task('Sts').perSample).toMatchObject({ statistic: 'spearman', metric: 'cosine_spearman', unit: 'pair' });
    const en = REF.inputs.sts.en;
    const one = pairedCorrelationBootstrap([{ gold: en.gold, base: en.base, new: en.new }], 'spearman', { seed: REF.seed, samples: REF.samples })!;
    expectMatches(one, REF.expected.sts_en_only, 'Sts en');
  });

  it('pair classification: average precision recomputed on each resample (sklearn), subsets drawn on their own', () => {
    expectMatches(task('Pair').perSample!, REF.expected.pair_classification, 'Pair');
    expect(task('Pair').perSample).toMatchObject({ statistic: 'ap', metric: 'max_ap', unit: 'pair', source: 'predictions' });
  });

  it('a type without predictions falls back to the across-task bootstrap, and the output says so', async () => {
    expect(task('Bit').perSampleMissing).toBe('no per-sample predictions saved (run with --save-predictions)');
    const text = capture();
    await diff({ base, new: next, lookup, seed: REF.seed, bootstrapSamples: REF.samples }, text.io);
    const out = text.out.join('\n');
    expect(out).toContain(
      'No per-sample bootstrap for 1 task(s), covered only by the across-task bootstrap: Bit (no per-sample predictions saved (run with --save-predictions))',
    );
    expect(out).toMatch(/Pair: max_ap \(ap recomputed on resampled pairs\) Δ \+34\.65 over 45 pairs/);
    expect(out).toMatch(
      /Sts: cosine_spearman \(spearman recomputed on resampled pairs\) Δ \+20\.40 over 34 pairs, 95% CI \[-6\.75, \+107\.98\], p=0\.242, 66 resamples undefined/,
    );
    expect(out).toMatch(/Cls: per-example accuracy Δ \+4\.00 over 60 examples/);
    expect(out).toMatch(/Mean over 7 common tasks: .*paired bootstrap over tasks/);
  });

  it('a side without the sidecar is named; differing gold scores are refused', async () => {
    const r2 = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-ps2-'));
    const b2 = side(r2, 'base');
    const n2 = side(r2, 'new');
    writeFileSync(path.join(n2, 'rev1', 'predictions', 'Cls_per_sample.json'), '{}');
    writeFileSync(path.join(n2, 'rev1', 'predictions', 'Pair_per_sample.json'), '{"main": {"test": {"statistic": "ap"');
    const sts = path.join(n2, 'rev1', 'predictions', 'Sts_per_sample.json');
    const raw = JSON.parse(readFileSync(sts, 'utf8'));
    raw.en.test.gold[0] += 0.01;
    writeFileSync(sts, JSON.stringify(raw));
    rmSync(path.join(b2, 'rev1', 'predictions', 'Ret_per_sample.json'));
    const c = capture();
    await diff({ base: b2, new: n2, format: 'json', lookup, bootstrapSamples: 50 }, c.io);
    const r = JSON.parse(c.out.join('\n')) as typeof rep;
    const t = (name: string) => r.tasks.find((x) => x.task === name)!;
    expect(t('Cls').perSampleMissing).toMatch(/share no split\/subset/);
    expect(t('Sts').perSampleMissing).toMatch(/different gold scores/);
    expect(t('Pair').perSampleMissing).toMatch(/^unreadable per-sample file: invalid predictions JSON.*Pair_per_sample\.json/s);
    expect(t('Pair').delta).not.toBeNull();
    // the base still has its run (mteb's predictions file): the reason names it and the flag that uses it
    expect(t('Ret').perSampleMissing).toMatch(/^the base run has only mteb's predictions \(.*Ret_predictions\.json\): --gold-from-data joins them/);
  });
});
