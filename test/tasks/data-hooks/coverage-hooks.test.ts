import { describe, expect, it } from 'vitest';
import { inMemoryRows, type LoadedRows } from '../../../tasks/data/rows.js';
import { withDataHook } from '../../../tasks/data-hooks/index.js';
import { mlsumV2Indices } from '../../../tasks/data-hooks/mlsum.js';
import { getTask } from '../../../tasks/registry.js';
import type { DatasetRef, TaskInfo } from '../../../tasks/task-info.js';
import { loadClustering } from '../../../tasks/types/clustering.js';
import { loadClusteringLegacy } from '../../../tasks/types/clustering-legacy.js';
import type { LoadContext } from '../../../tasks/types/module.js';
import { loadRetrievalData, type RetrievalData } from '../../../tasks/types/retrieval-data.js';

/**
 * The transforms #13 left refused (CodeEditSearch, GermanQuAD, MLSUM, DanFever, NorQuad, SNL, TV2Nord) on
 * hand-written datasets in the layout their mteb code reads. Every expected value below is worked out by hand
 * from the cited mteb file (traces in the comments); shuffles use numpy's default_rng(42).permutation(n), whose
 * values were printed by numpy 2.4.6: n=3 -> [2 1 0], n=5 -> [4 2 3 1 0], n=2050 -> [897 659 1811 ...] and
 * positions 2045..2047 -> [141 706 1572].
 */
type Layout = Record<string, Record<string, Record<string, unknown>[]>>;

function ctxFor(
  task: TaskInfo,
  split: string,
  subset: string,
  layout: Layout,
  others: Record<string, Layout> = {},
): LoadContext & { refs: DatasetRef[] } {
  const refs: DatasetRef[] = [];
  const from =
    (l: Layout, label: string) =>
    async (config: string, sp: string): Promise<LoadedRows> => {
      const rows = l[config]?.[sp];
      if (!rows) throw new Error(`fixture ${label} has no ${config}/${sp}`);
      return inMemoryRows(rows, `${label}:${config}/${sp}`);
    };
  const loadRows = from(layout, task.dataset.path);
  const ctx = withDataHook({
    task,
    split,
    subset,
    loadRows,
    loadSubsetRows: (sp) => loadRows(subset, sp),
    listConfigs: async () => Object.keys(layout),
    listSubsetSplits: async () => Object.keys(layout[subset] ?? {}),
    loadDatasetRows: (ref, config, sp) => {
      refs.push(ref);
      const l = others[`${ref.path}@${ref.revision}`];
      if (!l) throw new Error(`fixture has no repo ${ref.path}@${ref.revision}`);
      return from(l, ref.path)(config, sp);
    },
  });
  return Object.assign(ctx, { refs });
}

function summary(d: RetrievalData) {
  return {
    queries: d.queries.ids.map((id, i) => [id, d.queries.texts[i]]),
    corpus: d.corpus.ids.map((id, i) => [id, d.corpus.texts[i]]),
    qrels: Object.fromEntries([...d.qrels].map(([q, m]) => [q, Object.fromEntries(m)])),
  };
}

describe('#13 ports: retrieval transforms with a text2id map shared across splits', () => {
  it('catalog entries are no longer refused and name their hook', () => {
    for (const [name, hook] of [
      ['CodeEditSearchRetrieval', 'code-edit-search'],
      ['GermanQuAD-Retrieval', 'germanquad'],
      ['DanFeverRetrieval', 'danfever'],
      ['NorQuadRetrieval', 'norquad'],
      ['SNLRetrieval', 'snl'],
      ['TV2Nordretrieval', 'tv2nord'],
      ['MLSUMClusteringP2P', 'mlsum-legacy'],
      ['MLSUMClusteringS2S', 'mlsum-legacy'],
      ['MLSUMClusteringP2P.v2', 'mlsum'],
      ['MLSUMClusteringS2S.v2', 'mlsum'],
    ] as const) {
      const t = getTask(name);
      expect(t.unsupported, name).toBeUndefined();
      expect(t.params?.data_hook, name).toBe(hook);
      expect(t.port, name).toMatch(/^mteb\/tasks\/.*\.py$/);
    }
    expect(getTask('MLSUMClusteringP2P').params?.mlsum_title).toBe(true);
    expect(getTask('MLSUMClusteringS2S.v2').params?.mlsum_title).toBe(false);
    expect(getTask('GermanQuAD-Retrieval').deviation).toMatch(/main/);
  });

  it('DanFever: claims Q<id>, evidences C<id> from one text2id map; Supported -> 1, else 0 (dan_fever_retrieval.py)', async () => {
    // text2id: A -> "0", E1 -> 1, B -> "2", E2 -> 3; row 3's claim "E1" reuses 1 (Q1) and its evidence "A" reuses 0 (C0).
    const layout = {
      default: {
        train: [
          { claim: 'A', evidence_extract: 'E1', label: 1 },
          { claim: 'B', evidence_extract: 'E1', label: 0 },
          { claim: 'A', evidence_extract: 'E2', label: 2 },
          { claim: 'E1', evidence_extract: 'A', label: 1 },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(getTask('DanFeverRetrieval'), 'train', 'default', layout));
    expect(summary(d)).toEqual({
      queries: [
        ['Q0', 'A'],
        ['Q2', 'B'],
        ['Q1', 'E1'],
      ],
      corpus: [
        ['C1', 'E1'],
        ['C3', 'E2'],
        ['C0', 'A'],
      ],
      // Q2's only judgement is 0: mteb keeps the query (its relevant_docs entry is not empty), so do we.
      qrels: { Q0: { C1: 1, C3: 0 }, Q2: { C1: 0 }, Q1: { C0: 1 } },
    });
    // label names as strings work the same way
    const named = { default: { train: [{ claim: 'x', evidence_extract: 'y', label: 'Supported' }] } };
    expect(summary(await loadRetrievalData(ctxFor(getTask('DanFeverRetrieval'), 'train', 'default', named))).qrels).toEqual({ Q0: { C1: 1 } });
  });

  it('SNL: every split replayed in order; a later split can judge a document id of an earlier one (snl_retrieval.py)', async () => {
    // train, order perm(3) = [2 1 0]: t2 -> q"0", X -> "1"; t1 -> q"2", Y -> "3"; t0 -> q"4" (X known).
    // test, order perm(5) = [4 2 3 1 0], n restarts at 0: s4 -> q"0", V -> "1"; s2 -> q"2", W -> "3";
    // s3 -> q"4", Z -> "5"; s1 -> q"6", Y known from train as 3 (the test corpus's "3" is W); s0 -> q"7", Z = 5.
    const layout = {
      default: {
        train: [
          { headline: 'h0', article: 'X' },
          { headline: 'h1', article: 'Y' },
          { headline: 'h2', article: 'X' },
        ],
        test: [
          { headline: 'g0', article: 'Z' },
          { headline: 'g1', article: 'Y' },
          { headline: 'g2', article: 'W' },
          { headline: 'g3', article: 'Z' },
          { headline: 'g4', article: 'V' },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(getTask('SNLRetrieval'), 'test', 'default', layout));
    expect(summary(d)).toEqual({
      queries: [
        ['0', 'g4'],
        ['2', 'g2'],
        ['4', 'g3'],
        ['6', 'g1'],
        ['7', 'g0'],
      ],
      corpus: [
        ['1', 'V'],
        ['3', 'W'],
        ['5', 'Z'],
      ],
      qrels: { '0': { '1': 1 }, '2': { '3': 1 }, '4': { '5': 1 }, '6': { '3': 1 }, '7': { '5': 1 } },
    });
    // The train split alone: t2 -> q"0"/X "1", t1 -> q"2"/Y "3", t0 -> q"4"/X.
    const train = await loadRetrievalData(ctxFor(getTask('SNLRetrieval'), 'train', 'default', layout));
    expect(summary(train).qrels).toEqual({ '0': { '1': 1 }, '2': { '3': 1 }, '4': { '1': 1 } });
  });

  it('NorQuad: context then first answer become documents; judgements {answer, context} (norquad.py)', async () => {
    // order perm(3) = [2 1 0]: r2 -> q"0", C2 -> "1", a -> "2"; r1 -> q"3", C1 -> "4", its answer "C1" = 4;
    // r0 -> q"5", C1 = 4, a = 2.
    const layout = {
      default: {
        test: [
          { question: 'q0', context: 'C1', answers: { text: ['a'], answer_start: [0] } },
          { question: 'q1', context: 'C1', answers: { text: ['C1', 'other'], answer_start: [0, 3] } },
          { question: 'q2', context: 'C2', answers: { text: ['a'], answer_start: [1] } },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(getTask('NorQuadRetrieval'), 'test', 'default', layout));
    expect(summary(d)).toEqual({
      queries: [
        ['0', 'q2'],
        ['3', 'q1'],
        ['5', 'q0'],
      ],
      corpus: [
        ['1', 'C2'],
        ['2', 'a'],
        ['4', 'C1'],
      ],
      qrels: { '0': { '2': 1, '1': 1 }, '3': { '4': 1 }, '5': { '2': 1, '4': 1 } },
    });
    expect([...d.qrels.get('0')!.keys()]).toEqual(['2', '1']);
  });

  it('TV2Nord: the first 2048 shuffled rows; fewer rows fail as mteb does (tv2_nordretrieval.py)', async () => {
    const rows = Array.from({ length: 2050 }, (_, i) => ({ summary: `s${i}`, text: `a${i}` }));
    const d = await loadRetrievalData(ctxFor(getTask('TV2Nordretrieval'), 'test', 'default', { default: { test: rows } }));
    expect(d.queries.ids).toHaveLength(2048);
    expect(d.corpus.ids).toHaveLength(2048);
    // perm(2050) starts 897, 659, 1811: query "0" = s897 with document "1" = a897, query "2" = s659, ...
    expect(summary(d).queries.slice(0, 3)).toEqual([
      ['0', 's897'],
      ['2', 's659'],
      ['4', 's1811'],
    ]);
    expect(summary(d).corpus.slice(0, 2)).toEqual([
      ['1', 'a897'],
      ['3', 'a659'],
    ]);
    // ... and the 2048th kept row is perm[2047] = 1572: query "4094", document "4095".
    expect(summary(d).queries.at(-1)).toEqual(['4094', 's1572']);
    expect(d.qrels.get('4094')).toEqual(new Map([['4095', 1]]));
    const small = { default: { test: rows.slice(0, 10) } };
    await expect(loadRetrievalData(ctxFor(getTask('TV2Nordretrieval'), 'test', 'default', small))).rejects.toThrow(
      /first 2048 shuffled rows.*only 10/,
    );
  });
});

describe('#13 ports: CodeEditSearch and GermanQuAD', () => {
  it("CodeEditSearch: the subset folder's first 1000 train rows; corpus keyed by commit keeps the last diff", async () => {
    const layout = {
      python: {
        train: [
          { commit: 'c1', instruction: 'i0', diff: 'd0' },
          { commit: 'c2', instruction: 'i1', diff: 'd1' },
          { commit: 'c1', instruction: 'i2', diff: 'd2' },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(getTask('CodeEditSearchRetrieval'), 'train', 'python', layout));
    expect(summary(d)).toEqual({
      queries: [
        ['0', 'i0'],
        ['1', 'i1'],
        ['2', 'i2'],
      ],
      corpus: [
        ['c1', 'd2'],
        ['c2', 'd1'],
      ],
      qrels: { '0': { c1: 1 }, '1': { c2: 1 }, '2': { c1: 1 } },
    });
    const many = { go: { train: Array.from({ length: 1003 }, (_, i) => ({ commit: `c${i}`, instruction: `i${i}`, diff: `d${i}` })) } };
    const g = await loadRetrievalData(ctxFor(getTask('CodeEditSearchRetrieval'), 'train', 'go', many));
    expect(g.queries.ids).toHaveLength(1000);
    expect(g.corpus.ids.at(-1)).toBe('c999');
  });

  it('GermanQuAD: corpus/queries at main without titles, qrels from the "-qrels" repository at main', async () => {
    const task = getTask('GermanQuAD-Retrieval');
    const main: Layout = {
      corpus: {
        corpus: [
          { _id: 'd1', title: 'T', text: 'doc one' },
          { _id: 'd2', title: 'U', text: 'doc two' },
        ],
      },
      queries: {
        queries: [
          { _id: 'q1', text: 'frage' },
          { _id: 'q2', text: 'ohne' },
        ],
      },
    };
    const qrels: Layout = { default: { test: [{ 'query-id': 'q1', 'corpus-id': 'd2', score: 1 }] } };
    const ctx = ctxFor(task, 'test', 'default', {}, { 'mteb/germanquad-retrieval@main': main, 'mteb/germanquad-retrieval-qrels@main': qrels });
    const d = await loadRetrievalData(ctx);
    expect(summary(d)).toEqual({
      queries: [['q1', 'frage']],
      corpus: [
        ['d1', 'doc one'],
        ['d2', 'doc two'],
      ],
      qrels: { q1: { d2: 1 } },
    });
    expect(new Set(ctx.refs.map((r) => `${r.path}@${r.revision}`))).toEqual(
      new Set(['mteb/germanquad-retrieval@main', 'mteb/germanquad-retrieval-qrels@main']),
    );
  });
});

describe('#13 ports: MLSUM clustering', () => {
  const rows = (topics: string[]) => topics.map((topic, i) => ({ title: `T${i}`, text: `body ${i}`, topic, summary: 's', url: 'u', date: 'd' }));

  it('legacy P2P: title + " " + text in 10 np.array_split sets; S2S: text', async () => {
    const topics = ['a', 'b', 'a', 'c', 'b', 'a', 'c', 'c', 'a', 'b', 'b', 'a'];
    const layout = { fr: { validation: rows(topics) } };
    const { sets: p2p } = await loadClusteringLegacy(ctxFor(getTask('MLSUMClusteringP2P'), 'validation', 'fr', layout));
    // array_split(12, 10): two sets of 2, then eight of 1.
    expect(p2p.map((s) => s.sentences.length)).toEqual([2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(p2p[0]!.sentences).toEqual(['T0 body 0', 'T1 body 1']);
    expect(p2p[1]!.labels).toEqual(['a', 'c']);
    expect(p2p[9]!.sentences).toEqual(['T11 body 11']);
    const { sets: s2s } = await loadClusteringLegacy(ctxFor(getTask('MLSUMClusteringS2S'), 'validation', 'fr', layout));
    expect(s2s[0]!.sentences).toEqual(['body 0', 'body 1']);
  });

  it('v2: topics seen once are dropped, no subsampling at <= 2048 rows', async () => {
    const topics = ['a', 'a', 'solo', 'c', 'c', 'c'];
    const d = await loadClustering(ctxFor(getTask('MLSUMClusteringS2S.v2'), 'test', 'es', { es: { test: rows(topics) } }));
    expect(d.sentences).toEqual(['body 0', 'body 1', 'body 3', 'body 4', 'body 5']);
    const p = await loadClustering(ctxFor(getTask('MLSUMClusteringP2P.v2'), 'test', 'es', { es: { test: rows(topics) } }));
    expect(p.sentences[0]).toBe('T0 body 0');
  });

  it('v2: above 2048 rows, a stratified 2048-row subsample of the rows left', () => {
    const topics = Array.from({ length: 2100 }, (_, i) => (i === 7 ? 'once' : `t${i % 5}`));
    const idx = mlsumV2Indices(topics);
    expect(idx).toHaveLength(2048);
    expect(idx).not.toContain(7);
    expect(new Set(idx).size).toBe(2048);
    // stratified: every topic keeps its share (2099 rows: t0..t4 have 420/420/419/420/420 -> 2048 drawn).
    const per = new Map<string, number>();
    for (const i of idx) per.set(topics[i]!, (per.get(topics[i]!) ?? 0) + 1);
    for (const n of per.values()) expect(n).toBeGreaterThanOrEqual(409);
  });
});
