import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchmarkSpec } from '../../results/aggregate.js';
import type { ModelRun } from '../../results/collect.js';
import { formatBillions, formatZeroShot } from '../../results/leaderboard-cells.js';
import { filterRuns } from '../../results/model-filter.js';
import { parseParameterCount } from '../../results/model-filter-settings.js';
import { isZeroShot, modelInfo, registryModelInfo, trainingDatasetsWithSimilar, zeroShotPercent } from '../../results/model-info.js';
import { getBenchmark } from '../../tasks/registry.js';

/** scripts/reference/zero_shot_reference.py: mteb 2.20.0's algorithm re-implemented in Python on mteb's own source. */
const REF = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'zero-shot-reference.json'), 'utf8')) as {
  benchmarks: Record<string, { tasks: string[]; zero_shot: Record<string, number | null> }>;
};

describe('zero-shot % (mteb _zero_shot_pct_cached)', () => {
  for (const [bench, ref] of Object.entries(REF.benchmarks)) {
    it(`matches the Python reference for all ${Object.keys(ref.zero_shot).length} registry models on ${bench}`, () => {
      const mismatches: string[] = [];
      for (const [model, want] of Object.entries(ref.zero_shot)) {
        const info = registryModelInfo(model);
        expect(info, model).toBeDefined();
        const got = zeroShotPercent(trainingDatasetsWithSimilar(info!), ref.tasks);
        if (got !== want) mismatches.push(`${model}: ${got} != ${want}`);
      }
      expect(mismatches).toEqual([]);
      expect(Object.values(ref.zero_shot).filter((z) => z !== null && z < 100).length).toBeGreaterThan(50); // a non-trivial fixture
    });

    it(`${bench}: the reference's task names are the benchmark's task list in the registry`, () => {
      expect([...getBenchmark(bench).tasks].sort()).toEqual(ref.tasks);
    });
  }

  it('hand-derived: truncation, unknown training data, empty task list, duplicate task names', () => {
    const tasks41 = Array.from({ length: 41 }, (_, i) => `T${i}`);
    expect(zeroShotPercent(new Set(['T0']), tasks41)).toBe(97); // 100 − 2.439… = 97.56 → 97
    expect(zeroShotPercent(new Set(['T0']), ['T0', 'T1', 'T2'])).toBe(66); // 66.67 → 66
    expect(zeroShotPercent(new Set(['T0', 'T1']), ['T0', 'T1', 'T2'])).toBe(33);
    expect(zeroShotPercent(new Set(['T0', 'T1', 'T2']), ['T0', 'T1', 'T2'])).toBe(0);
    expect(zeroShotPercent(new Set(), ['T0'])).toBe(100);
    expect(zeroShotPercent(new Set(['X']), ['T0', 'T0', 'T1'])).toBe(100); // a set of task names, as mteb
    expect(zeroShotPercent(new Set(['T0']), ['T0', 'T0', 'T1'])).toBe(50);
    expect(zeroShotPercent(null, ['T0'])).toBeNull();
    expect(zeroShotPercent(new Set(['T0']), [])).toBeNull();
    expect(isZeroShot(null, ['T0'])).toBeNull();
    expect(isZeroShot(null, [])).toBe(true);
    expect(isZeroShot(new Set(['T1']), ['T0'])).toBe(true);
    expect(isZeroShot(new Set(['T0']), ['T0'])).toBe(false);
    expect(formatZeroShot(97)).toBe('97%');
    expect(formatZeroShot(null)).toBe('NA');
  });

  it('similar tasks count as trained on, in both directions and transitively', () => {
    // mteb 2.20: AmazonPolarityClassification is superseded_by AmazonPolarityClassification.v2, which is
    // adapted_from AmazonPolarityClassification; a model declaring either one is trained on both.
    const base = { ...modelInfo('nobody/none'), trainingDatasets: ['AmazonPolarityClassification'] };
    const t = trainingDatasetsWithSimilar(base)!;
    expect(t.has('AmazonPolarityClassification.v2')).toBe(true);
    const back = trainingDatasetsWithSimilar({ ...base, trainingDatasets: ['AmazonPolarityClassification.v2'] })!;
    expect(back.has('AmazonPolarityClassification')).toBe(true);
    // adapted_from adds the parent's (registry) training data: all-MiniLM-L6-v2 declares MSMARCO
    const child = trainingDatasetsWithSimilar({ ...base, trainingDatasets: [], adaptedFrom: 'sentence-transformers/all-MiniLM-L6-v2' })!;
    expect(child.has('MSMARCO')).toBe(true);
    // a model without declared training data stays unknown even when its parent declares some (mteb returns None first)
    expect(trainingDatasetsWithSimilar({ ...base, trainingDatasets: null, adaptedFrom: 'sentence-transformers/all-MiniLM-L6-v2' })).toBeNull();
    // an adapted_from cycle terminates
    const a = { ...base, name: 'x/a', trainingDatasets: ['STS12'], adaptedFrom: 'x/b' };
    const b = { ...base, name: 'x/b', trainingDatasets: ['STS13'], adaptedFrom: 'x/a' };
    const got = trainingDatasetsWithSimilar(a, (n) => (n === 'x/a' ? a : n === 'x/b' ? b : undefined))!;
    expect(got.has('STS12') && got.has('STS13')).toBe(true);
  });
});

describe('model columns', () => {
  it('registry values as mteb 2.20 declares them (sentence_transformers_models.py, e5_models.py)', () => {
    const m = modelInfo('sentence-transformers/all-MiniLM-L6-v2');
    expect(m).toMatchObject({
      nParameters: 22713216,
      nActiveParameters: 22713216 - 11720448,
      embedDim: 384,
      maxTokens: 256,
      memoryMb: 87,
      license: 'apache-2.0',
      openWeights: true,
      sources: ['mteb registry'],
    });
    expect(modelInfo('minishlab/M2V_base_glove').maxTokens).toBeNull(); // max_tokens=np.inf
  });

  it('model_meta.json for models mteb does not register: 1.x dict training data, list embed_dim, Infinity max_tokens', () => {
    const m = modelInfo('me/my-model', {
      name: 'me/my-model',
      revision: 'r',
      n_parameters: 1_500_000_000,
      n_embedding_parameters: 500_000_000,
      embed_dim: [256, 1024, 512],
      max_tokens: Number.POSITIVE_INFINITY,
      memory_usage_mb: 5722.5,
      license: 'mit',
      open_weights: false,
      training_datasets: { MSMARCO: ['train'], NQ: ['train'] },
    });
    expect(m).toMatchObject({
      nParameters: 1.5e9,
      nActiveParameters: 1e9,
      embedDim: 1024,
      maxTokens: null,
      memoryMb: 5722.5,
      license: 'mit',
      openWeights: false,
      trainingDatasets: ['MSMARCO', 'NQ'],
      sources: ['model_meta.json'],
    });
    expect(modelInfo('me/other').sources).toEqual([]);
    expect(modelInfo('me/other').trainingDatasets).toBeNull();
    // mteb-ts's registry fills dimensions of a model mteb does not register (an ONNX mirror id)
    const mirror = modelInfo('Xenova/all-MiniLM-L6-v2');
    expect(mirror.embedDim).toBe(384);
    expect(mirror.sources).toEqual(['mteb-ts registry']);
  });

  it("parameters shown as mteb's leaderboard does: round(n/1e9, 3), 1 decimal from 1 B (Python rounding, ties to even)", () => {
    // Python: f"{round(22713216/1e9,3):.3f}" = '0.023'; round(7069121024/1e9,3) = 7.069 -> '7.1';
    // round(62500000/1e9,3) = 0.062 (0.0625 is exact: a tie, to even); 1.25e9 -> 1.25 -> '1.2' (exact tie, to even)
    expect(formatBillions(22713216)).toBe('0.023');
    expect(formatBillions(7069121024)).toBe('7.1');
    expect(formatBillions(62_500_000)).toBe('0.062');
    expect(formatBillions(1_250_000_000)).toBe('1.2');
    expect(formatBillions(1_350_000_000)).toBe('1.4'); // 1.35 is 1.350000000000000088… in binary: above the tie
    expect(formatBillions(null)).toBe('');
  });
});

describe('model filters (mteb leaderboard _filter_models)', () => {
  const run = (model: string, meta?: Record<string, unknown>): ModelRun => ({
    model,
    revision: 'r',
    dir: '',
    results: new Map(),
    meta: meta ? { name: model, revision: 'r', ...meta } : undefined,
  });
  const spec: BenchmarkSpec = {
    name: 'b',
    tasks: [
      { name: 'MSMARCO', type: 'Retrieval' },
      { name: 'STS12', type: 'STS' },
    ],
    metadata: new Map(),
    aggregates: {},
  };
  const runs = [
    run('sentence-transformers/all-MiniLM-L6-v2'), // registry: trained on MSMARCO, 22.7M, open
    run('me/zero', { training_datasets: [], n_parameters: 2e9, open_weights: true }),
    run('me/unknown', { training_datasets: null, n_parameters: null, open_weights: null }),
    run('me/closed', { training_datasets: ['STS12'], n_parameters: 1e8, open_weights: false }),
  ];
  const kept = (f: Parameters<typeof filterRuns>[2]) => filterRuns(runs, spec, f).runs.map((r) => r.model);

  it('zero-shot: allow_all, remove_unknown, only_zero_shot', () => {
    expect(kept({ zeroShot: 'allow_all' })).toEqual(runs.map((r) => r.model));
    expect(kept({ zeroShot: 'remove_unknown' })).toEqual(['sentence-transformers/all-MiniLM-L6-v2', 'me/zero', 'me/closed']);
    expect(kept({ zeroShot: 'only_zero_shot' })).toEqual(['me/zero']);
  });

  it('size drops unknown and larger models; open weights keeps only open_weights true', () => {
    expect(kept({ maxParameters: parseParameterCount('500M') })).toEqual(['sentence-transformers/all-MiniLM-L6-v2', 'me/closed']);
    expect(kept({ openWeights: true })).toEqual(['sentence-transformers/all-MiniLM-L6-v2', 'me/zero']);
    expect(filterRuns(runs, spec, { openWeights: true }).dropped).toEqual([
      { model: 'me/unknown', reason: 'open weights unknown' },
      { model: 'me/closed', reason: 'closed weights' },
    ]);
  });

  it('parses parameter counts', () => {
    expect(parseParameterCount('500M')).toBe(5e8);
    expect(parseParameterCount('1.5B')).toBe(1.5e9);
    expect(parseParameterCount('250k')).toBe(250e3);
    expect(parseParameterCount('22700000')).toBe(22700000);
    expect(parseParameterCount('big')).toBeUndefined();
    expect(parseParameterCount('-1M')).toBeUndefined();
  });
});
