import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../../core/encoder.js';
import { ConfigError, DatasetError, EvaluationError } from '../../../core/errors.js';
import type { Matrix } from '../../../core/matrix.js';
import { checkedEncoder } from '../../../runners/checked-encoder.js';
import { inMemoryRows } from '../../../tasks/data/rows.js';
import type { TaskMetadata, TaskMetadataOf, TaskOverrides, TaskParams } from '../../../tasks/metadata.js';
import clustering, { generatorPermutation, RNG_STATE_KEY, subsampleIndices } from '../../../tasks/types/clustering.js';
import clusteringLegacy from '../../../tasks/types/clustering-legacy.js';
import type { EvalContext, LoadContext } from '../../../tasks/types/module.js';
import { testEvalContext } from '../../helpers/eval-context.js';

/** Encodes "doc<i>" as a 2-d point: clusters by i % 2 so k-means is easy. Records every call. */
function recordingEncoder(calls: string[][], nan = false): Encoder {
  return {
    name: 'test-encoder',
    meta: { name: 'test-encoder' },
    encode: async (texts): Promise<Matrix> => {
      calls.push([...texts]);
      const data = new Float32Array(texts.length * 2);
      texts.forEach((t, i) => {
        const n = Number(t.replace(/\D/g, '')) || 0;
        data[2 * i] = n % 2 ? 10 : 0;
        data[2 * i + 1] = (n % 7) / 10;
      });
      if (nan) data[3] = NaN;
      return { rows: texts.length, cols: 2, data };
    },
  };
}

function meta(params: Partial<TaskParams<'Clustering'>> = {}, extra: TaskOverrides<'Clustering'> = {}): TaskMetadataOf<'Clustering'> {
  return {
    name: 'T',
    type: 'Clustering',
    description: '',
    dataset: { path: 'x/y', revision: 'r' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'v_measure',
    params,
    ...extra,
  };
}

function ctxs(task: TaskMetadata, rows: Record<string, unknown>[], encoder: Encoder, state = new Map<string, unknown>(), subset = 'default') {
  const load: LoadContext = {
    task,
    split: 'test',
    subset,
    loadRows: async () => inMemoryRows(rows),
    loadSubsetRows: async () => inMemoryRows(rows, 'rows.jsonl'),
    listConfigs: async () => ['default'],
    listSubsetSplits: async () => ['test'],
    loadDatasetRows: () => Promise.reject(new Error('no second repository in this test')),
  };
  const evalCtx: EvalContext = testEvalContext(task, 'test', subset, encoder, { state });
  return { load, evalCtx };
}

const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ sentences: `doc${i}`, labels: i % 2 ? 'odd' : 'even' }));

describe('Clustering (v2 fast) evaluator', () => {
  // /usr/bin/python3: r = random.Random(42); r.sample(range(100),4), r.choices(range(4),k=5), r.sample(range(100),4)
  //   -> [81, 14, 3, 94] [1, 0, 2, 2, 3] [11, 75, 54, 4]  (one bootstrap of 5 per subset, RNG shared)
  const SECOND = [11, 75, 54, 4];
  it('downsamples with the task RNG in sampled order and carries the RNG across subsets', async () => {
    const calls: string[][] = [];
    const task = meta({ max_fraction_of_documents_to_embed: null, max_document_to_embed: 4, n_clusters: 1, max_documents_per_cluster: 5 });
    const state = new Map<string, unknown>();
    const a = ctxs(task, docs(100), recordingEncoder(calls), state, 'a');
    const s1 = await clustering.evaluate(await clustering.load(a.load), a.evalCtx);
    const b = ctxs(task, docs(100), recordingEncoder(calls), state, 'b');
    await clustering.evaluate(await clustering.load(b.load), b.evalCtx);
    expect(calls[0]).toEqual(['doc81', 'doc14', 'doc3', 'doc94']);
    expect(calls[1]).toEqual(SECOND.map((i) => `doc${i}`));
    expect(state.get(RNG_STATE_KEY)).toBeDefined();
    expect(Object.keys(s1['v_measures'] as object)).toEqual(['Level 0']);
    expect((s1['ami_scores'] as Record<string, number[]>)['Level 0']).toHaveLength(1);
    for (const k of ['v_measure', 'v_measure_std', 'ami', 'ami_std']) expect(typeof s1[k]).toBe('number');
  });

  it('4% rule: int(0.04·N) documents', async () => {
    const calls: string[][] = [];
    const { load, evalCtx } = ctxs(meta({ n_clusters: 2, max_documents_per_cluster: 50 }), docs(100), recordingEncoder(calls));
    await clustering.evaluate(await clustering.load(load), evalCtx);
    expect(calls[0]).toHaveLength(4);
  });

  it('hierarchical labels: one level per depth, rows without a level dropped (numeric labels)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ sentences: `doc${i}`, labels: i < 20 ? [i % 2, i % 4] : [i % 2] }));
    const { load, evalCtx } = ctxs(
      meta({ max_fraction_of_documents_to_embed: null, n_clusters: 2, max_documents_per_cluster: 64 }),
      rows,
      recordingEncoder([]),
    );
    const s = await clustering.evaluate(await clustering.load(load), evalCtx);
    const v = s['v_measures'] as Record<string, number[]>;
    expect(Object.keys(v)).toEqual(['Level 0', 'Level 1']);
    expect(v['Level 0']).toHaveLength(2);
    // level 0 separates perfectly (x = 0 vs 10 by parity)
    expect(v['Level 0']![0]).toBeCloseTo(1, 12);
  });

  it('load: flattens cluster sets, splits "a.b" labels, drops singleton labels, checks lengths', async () => {
    const rows = [{ sentences: ['s0', 's1', 's2'], labels: ['math.AG', 'math.CO', 'cs.LG'] }];
    const d = await clustering.load(ctxs(meta({ flatten_sets: true, split_labels: '.' }), rows, recordingEncoder([])).load);
    expect(d.sentences).toEqual(['s0', 's1', 's2']);
    expect(d.labels).toEqual([
      ['math', 'AG'],
      ['math', 'CO'],
      ['cs', 'LG'],
    ]);
    const d2 = await clustering.load(ctxs(meta({ flatten_sets: true, drop_singleton_labels: true }), rows, recordingEncoder([])).load);
    expect(d2.labels).toEqual([]);
    const bad = [{ sentences: ['a', 'b'], labels: ['x'] }];
    await expect(clustering.load(ctxs(meta({ flatten_sets: true }), bad, recordingEncoder([])).load)).rejects.toThrow(DatasetError);
    await expect(clustering.load(ctxs(meta(), [{ sentences: 's', labels: { a: 1 } }], recordingEncoder([])).load)).rejects.toThrow(/rows.jsonl/);
  });

  it('clear errors: empty split, nothing left after 4%, NaN embeddings, both limits set', async () => {
    const run = async (task: TaskMetadata, rows: Record<string, unknown>[], nan = false) => {
      // As the runner gives it: NaN never reaches the evaluator (the checked encoder refuses it, naming the text).
      const { load, evalCtx } = ctxs(task, rows, checkedEncoder(recordingEncoder([], nan)));
      return clustering.evaluate(await clustering.load(load), evalCtx);
    };
    await expect(run(meta(), [])).rejects.toThrow(DatasetError);
    await expect(run(meta(), docs(10))).rejects.toThrow(EvaluationError);
    await expect(run(meta({ max_fraction_of_documents_to_embed: null }), docs(10), true)).rejects.toThrow(
      /embedding of text #1 contains NaN at dimension 1.*model test-encoder/s,
    );
    await expect(run(meta({ max_document_to_embed: 5 }), docs(10))).rejects.toThrow(ConfigError);
  });
});

describe('ClusteringLegacy evaluator', () => {
  it('sets with <= 1 label score 1.0 without encoding; others are clustered; mean/std/list', async () => {
    const calls: string[][] = [];
    const rows = [
      { sentences: ['doc1', 'doc3'], labels: [5, 5] },
      { sentences: ['doc0', 'doc1', 'doc2', 'doc3', 'doc4', 'doc5'], labels: ['e', 'o', 'e', 'o', 'e', 'o'] },
    ];
    const { load, evalCtx } = ctxs(meta({}, { evaluator: 'ClusteringLegacy' }), rows, recordingEncoder(calls));
    const s = await clusteringLegacy.evaluate(await clusteringLegacy.load(load), evalCtx);
    expect(calls).toHaveLength(1);
    const v = s['v_measures'] as number[];
    expect(v[0]).toBe(1);
    // a perfect split: sklearn gives 0.9999999999999993 here too (MI/H rounding)
    expect(v[1]).toBeCloseTo(1, 12);
    expect(s['v_measure']).toBeCloseTo(1, 12);
    expect(s['v_measure_std']).toBeCloseTo(0, 12);
  });

  it('rejects NaN embeddings, empty splits and mismatched rows', async () => {
    const rows = [{ sentences: ['doc0', 'doc1'], labels: [0, 1] }];
    // NaN is refused by the runner's checked encoder before the evaluator sees it.
    const a = ctxs(meta(), rows, checkedEncoder(recordingEncoder([], true)));
    await expect(clusteringLegacy.evaluate(await clusteringLegacy.load(a.load), a.evalCtx)).rejects.toThrow(/embedding of text #1 contains NaN/);
    const b = ctxs(meta(), [], recordingEncoder([]));
    await expect(clusteringLegacy.evaluate(await clusteringLegacy.load(b.load), b.evalCtx)).rejects.toThrow(DatasetError);
    const c = ctxs(meta(), [{ sentences: ['a'], labels: [0, 1] }], recordingEncoder([]));
    await expect(clusteringLegacy.load(c.load)).rejects.toThrow(DatasetError);
  });
});

describe('subsampling for dataset transforms', () => {
  // /usr/bin/python3 (numpy 1.24.2): np.random.default_rng(42).permutation(10) and permutation(732723)[:8], [2040:2048]
  it('train_test_split = default_rng(seed).permutation(n)[:size]', () => {
    expect(Array.from(generatorPermutation(42, 10))).toEqual([5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
    const idx = subsampleIndices(
      Array.from({ length: 732723 }, () => [0]),
      2048,
      42,
      'train_test_split',
    );
    expect(idx.slice(0, 8)).toEqual([244262, 551916, 327127, 62501, 452230, 129168, 686346, 452130]);
    expect(idx.slice(2040)).toEqual([263478, 96142, 398486, 97577, 307466, 232081, 198474, 499104]);
  });
  it('stratified = HF stratify_by_column (metrics/stratified-split.ts, checked against datasets there): keeps class shares', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => [i % 10 < 3 ? 'a' : 'b']);
    const idx = subsampleIndices(labels, 100, 42, 'stratified');
    expect(new Set(idx).size).toBe(100);
    expect(idx.filter((i) => labels[i]![0] === 'a').length).toBe(30);
  });
});
