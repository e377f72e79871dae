import { describe, expect, it } from 'vitest';
import { stratifiedSplitIndices, stratifiedTestIndices } from '../../../metrics/stratified-split.js';
import { inMemoryRows, type LoadedRows } from '../../../tasks/data/rows.js';
import { arraySplitBounds } from '../../../tasks/data-hooks/array-split-clustering.js';
import { bibleConfig } from '../../../tasks/data-hooks/bible-nlp.js';
import { withDataHook } from '../../../tasks/data-hooks/index.js';
import { TOXIC_CHAT_SUBSAMPLE } from '../../../tasks/data-hooks/toxic-chat.js';
import { XNLI_SUBSAMPLE } from '../../../tasks/data-hooks/xnli.js';
import { getTask } from '../../../tasks/registry.js';
import type { TaskInfo } from '../../../tasks/task-info.js';
import { loadBitext } from '../../../tasks/types/bitext-mining.js';
import { loadClassification } from '../../../tasks/types/classification.js';
import { generatorPermutation, loadClustering } from '../../../tasks/types/clustering.js';
import { loadClusteringLegacy } from '../../../tasks/types/clustering-legacy.js';
import type { LoadContext } from '../../../tasks/types/module.js';
import { loadPairs } from '../../../tasks/types/pair-classification.js';
import { loadRetrievalData } from '../../../tasks/types/retrieval-data.js';
import { loadSts } from '../../../tasks/types/sts.js';

/**
 * Each ported load_data/dataset_transform on a hand-written dataset in the layout the mteb code reads
 * (configs/splits/columns as its load_dataset calls name them); expected rows are worked out from the mteb code
 * cited in each hook.
 */
type Layout = Record<string, Record<string, Record<string, unknown>[]>>;

function ctxFor(task: TaskInfo, split: string, subset: string, layout: Layout): LoadContext {
  const loadRows = async (config: string, sp: string): Promise<LoadedRows> => {
    const rows = layout[config]?.[sp];
    if (!rows) throw new Error(`fixture has no ${config}/${sp}`);
    return inMemoryRows(rows, `${config}/${sp}`);
  };
  return withDataHook({
    task,
    split,
    subset,
    loadRows,
    loadSubsetRows: (sp) => loadRows(subset, sp),
    listConfigs: async () => Object.keys(layout),
    listSubsetSplits: async () => Object.keys(layout[subset] ?? layout.default ?? {}),
    loadDatasetRows: () => Promise.reject(new Error('no second repository')),
  });
}

describe('ported mteb data hooks', () => {
  it('catalog entries name their hook and the mteb file', () => {
    expect(getTask('FloresBitextMining').params?.data_hook).toBe('parallel-bitext');
    expect(getTask('FloresBitextMining').unsupported).toBeUndefined();
    expect(getTask('BrightBiologyRetrieval').params).toMatchObject({ data_hook: 'bright', bright_domain: 'biology' });
    expect(getTask('BrightPonyLongRetrieval').params).toMatchObject({ data_hook: 'bright', bright_domain: 'pony' });
    expect(getTask('LEMBNeedleRetrieval').params).toMatchObject({ data_hook: 'lemb', hf_config: 'needle', lemb_context_length_splits: true });
    expect(getTask('XNLI').port).toBe('mteb/tasks/pair_classification/multilingual/xnli.py');
    expect(Object.keys(getTask('FloresBitextMining').subsets)).toHaveLength(204 * 203);
  });

  it('parallel bitext: subset "a-b" pairs column a (queries) with column b, gold = same row', async () => {
    const task = getTask('FloresBitextMining');
    const layout = {
      default: {
        devtest: [
          { ace_Arab: 'a0', bam_Latn: 'b0', x: 'x0' },
          { ace_Arab: 'a1', bam_Latn: 'b1', x: 'x1' },
        ],
      },
    };
    const d = await loadBitext(ctxFor(task, 'devtest', 'ace_Arab-bam_Latn', layout));
    expect(d.sentence1).toEqual(['a0', 'a1']);
    expect(d.sentence2).toEqual(['b0', 'b1']);
    expect([...d.labels]).toEqual([0, 1]);
    const rev = await loadBitext(ctxFor(task, 'devtest', 'bam_Latn-ace_Arab', layout));
    expect(rev.sentence1).toEqual(['b0', 'b1']);
    await expect(loadBitext(ctxFor(task, 'devtest', 'ace_Arab-zzz_Latn', layout))).rejects.toThrow(/string columns "ace_Arab" and "zzz_Latn"/);
  });

  it('SIB-200 clustering: train + validation + test of the subset, text -> sentences, category -> labels', async () => {
    const task = { ...getTask('SIB200ClusteringS2S'), params: { ...getTask('SIB200ClusteringS2S').params, max_document_to_embed: null } };
    const row = (text: string, category: string) => ({ index_id: 1, text, category });
    const layout = {
      eng_Latn: {
        train: [row('t1', 'sports'), row('t2', 'health')],
        validation: [row('v1', 'sports')],
        test: [row('s1', 'travel'), row('s2', 'health')],
      },
    };
    const d = await loadClustering(ctxFor(task, 'test', 'eng_Latn', layout));
    expect(d.sentences).toEqual(['t1', 't2', 'v1', 's1', 's2']);
    expect(d.labels).toEqual([['sports'], ['health'], ['sports'], ['travel'], ['health']]);
  });

  it('LongEmbed: dict semantics (first position, last value; one qrel per query, the last) and context-length splits', async () => {
    const task = getTask('LEMBNarrativeQARetrieval');
    const layout = {
      narrativeqa: {
        queries: [
          { qid: 'q1', text: 'first' },
          { qid: 'q2', text: 'two' },
          { qid: 'q1', text: 'again' },
        ],
        corpus: [
          { doc_id: 'd1', text: ' doc one ' },
          { doc_id: 'd2', text: 'doc two' },
        ],
        qrels: [
          { qid: 'q1', doc_id: 'd1' },
          { qid: 'q1', doc_id: 'd2' },
          { qid: 'q2', doc_id: 'd1' },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(task, 'test', 'default', layout));
    expect(d.queries).toEqual({ ids: ['q1', 'q2'], texts: ['again', 'two'] });
    expect(d.corpus).toEqual({ ids: ['d1', 'd2'], texts: ['doc one', 'doc two'] });
    expect([...d.qrels.get('q1')!]).toEqual([['d2', 1]]);
    expect([...d.qrels.get('q2')!]).toEqual([['d1', 1]]);

    const needle = getTask('LEMBNeedleRetrieval');
    const nl = {
      needle: {
        queries: [
          { qid: 'a', text: 'qa', context_length: 256 },
          { qid: 'b', text: 'qb', context_length: 512 },
        ],
        corpus: [
          { doc_id: 'x', text: 'dx', context_length: 256 },
          { doc_id: 'y', text: 'dy', context_length: 512 },
        ],
        qrels: [
          { qid: 'a', doc_id: 'x', context_length: 256 },
          { qid: 'b', doc_id: 'y', context_length: 512 },
        ],
      },
    };
    const n512 = await loadRetrievalData(ctxFor(needle, 'test_512', 'default', nl));
    expect(n512.queries.ids).toEqual(['b']);
    expect(n512.corpus.ids).toEqual(['y']);
  });

  it('BRIGHT: documents/examples of the domain split, gold ids, candidates minus excluded ids, long variant', async () => {
    const task = getTask('BrightBiologyRetrieval');
    const layout = {
      documents: {
        biology: [
          { id: 'd1', content: 'one' },
          { id: 'd2', content: 'two' },
          { id: 'd3', content: 'three' },
        ],
      },
      long_documents: { biology: [{ id: 'L1', content: 'long one' }] },
      examples: {
        biology: [
          { id: 'q1', query: 'first?', gold_ids: ['d2'], gold_ids_long: ['L1'], excluded_ids: ['d3'] },
          { id: 'q2', query: 'second?', gold_ids: ['d1', 'd3'], gold_ids_long: ['L1'], excluded_ids: ['N/A'] },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(task, 'standard', 'default', layout));
    expect(d.corpus.ids).toEqual(['d1', 'd2', 'd3']);
    expect(d.queries).toEqual({ ids: ['q1', 'q2'], texts: ['first?', 'second?'] });
    expect([...d.qrels.get('q2')!.keys()]).toEqual(['d1', 'd3']);
    expect(d.topRanked?.get('q1')).toEqual(['d1', 'd2']);
    expect(d.topRanked?.get('q2')).toEqual(['d1', 'd2', 'd3']);
    // No example with exclusions: no candidate lists (full retrieval), as mteb sets top_ranked = None.
    const plain = structuredClone(layout);
    for (const e of plain.examples.biology) e.excluded_ids = ['N/A'];
    expect((await loadRetrievalData(ctxFor(task, 'standard', 'default', plain))).topRanked).toBeUndefined();
    const long = await loadRetrievalData(ctxFor(getTask('BrightBiologyLongRetrieval'), 'long', 'default', layout));
    expect(long.corpus.ids).toEqual(['L1']);
    expect([...long.qrels.get('q1')!.keys()]).toEqual(['L1']);
  });

  it('XNLI: neutral pairs dropped, entailment -> 1, contradiction -> 0; splits over 2048 rows are stratified-subsampled first', async () => {
    const task = getTask('XNLI');
    const small = { en: { test: [0, 1, 2, 0].map((label, i) => ({ premise: `p${i}`, hypothesis: `h${i}`, label })) } };
    const d = await loadPairs(ctxFor(task, 'test', 'en', small));
    expect(d.sentence1).toEqual(['p0', 'p2', 'p3']);
    expect([...d.labels]).toEqual([1, 0, 1]);
    const n = 2100;
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    const big = { en: { test: labels.map((label, i) => ({ premise: `p${i}`, hypothesis: `h${i}`, label })) } };
    const kept = stratifiedTestIndices(labels, XNLI_SUBSAMPLE, 42).filter((i) => labels[i] !== 1);
    const db = await loadPairs(ctxFor(task, 'test', 'en', big));
    expect(db.sentence1).toEqual(kept.map((i) => `p${i}`));
    expect(db.sentence1.length).toBeLessThan(XNLI_SUBSAMPLE);
  });

  it('rename-columns (SICKFr): sentence_A/B, relatedness_score -> sentence1/2, score', async () => {
    const task = getTask('SICKFr');
    const layout = { default: { test: [{ 'Unnamed: 0': 0, sentence_A: 'a', sentence_B: 'b', relatedness_score: 4.5 }] } };
    const d = await loadSts(ctxFor(task, 'test', 'default', layout));
    expect(d.sentence1).toEqual(['a']);
    expect(d.sentence2).toEqual(['b']);
    expect(d.gold[0]).toBeCloseTo(4.5 / 5, 12);
    const bad = { default: { test: [{ sentence_A: 'a', sentence_B: 'b', score: 1 }] } };
    await expect(loadSts(ctxFor(task, 'test', 'default', bad))).rejects.toThrow(/column "relatedness_score" to rename is missing/);
  });

  it('ToxicChat: renames, subsamples test to 2048 by label, then keeps human-annotated rows', async () => {
    const task = getTask('ToxicChatClassification');
    expect(task.params?.hf_config).toBe('toxicchat0124');
    const n = 2200;
    const raw = Array.from({ length: n }, (_, i) => ({
      conv_id: `c${i}`,
      user_input: `u${i}`,
      toxicity: i % 7 === 0 ? 1 : 0,
      human_annotation: i % 3 !== 0,
    }));
    const train = raw.slice(0, 20);
    const layout = { toxicchat0124: { test: raw, train } };
    const d = await loadClassification(ctxFor(task, 'test', 'default', layout));
    const picked = stratifiedTestIndices(
      raw.map((r) => r.toxicity),
      TOXIC_CHAT_SUBSAMPLE,
      42,
    ).filter((i) => raw[i]!.human_annotation);
    expect(d.eval.texts).toEqual(picked.map((i) => `u${i}`));
    expect(d.train.texts).toEqual(train.filter((r) => r.human_annotation).map((r) => r.user_input));
  });

  it('HAL: np.array_split into 10 legacy cluster sets', async () => {
    expect(arraySplitBounds(23, 10)).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
      [9, 11],
      [11, 13],
      [13, 15],
      [15, 17],
      [17, 19],
      [19, 21],
      [21, 23],
    ]);
    const task = getTask('HALClusteringS2S');
    const rows = Array.from({ length: 23 }, (_, i) => ({ hal_id: `h${i}`, title: `t${i}`, domain: `d${i % 2}` }));
    const d = await loadClusteringLegacy(ctxFor(task, 'test', 'default', { default: { test: rows } }));
    expect(d.sets).toHaveLength(10);
    expect(d.sets[0]).toEqual({ sentences: ['t0', 't1', 't2'], labels: ['d0', 'd1', 'd0'] });
    expect(d.sets[9]!.sentences).toEqual(['t21', 't22']);
  });

  it('MultiHate: the one test split cut into 1000 train + 1000 test rows, stratified by functionality', async () => {
    const task = getTask('MultiHateClassification');
    const fns = ['derog', 'threat', 'slur', 'counter'];
    const rows = Array.from({ length: 2400 }, (_, i) => ({
      text: `t${i}`,
      is_hateful: i % 5 === 0 ? 'hateful' : 'non-hateful',
      functionality: fns[(i * 7) % 4]!,
    }));
    const { train, test } = stratifiedSplitIndices(
      rows.map((r) => r.functionality),
      1000,
      1000,
      42,
    );
    const sub = Object.keys(task.subsets)[0]!;
    const d = await loadClassification(ctxFor(task, 'test', sub, { [sub]: { test: rows } }));
    expect(d.train.texts).toEqual(train.map((i) => `t${i}`));
    expect(d.eval.texts).toEqual(test.map((i) => `t${i}`));
    expect(d.eval.labels).toEqual(test.map((i) => rows[i]!.is_hateful));
  });

  it('BibleNLP: config "eng-xxx" for both directions, first 256 train rows, subset order decides sentence1', async () => {
    expect(bibleConfig('aai_Latn-eng_Latn')).toBe('eng-aai');
    expect(bibleConfig('eng_Latn-aai_Latn')).toBe('eng-aai');
    const task = getTask('BibleNLPBitextMining');
    expect(task.params?.hf_split_slice).toBe('train[:256]');
    const rows = Array.from({ length: 300 }, (_, i) => ({ eng: `e${i}`, aai: `a${i}` }));
    const layout = { 'eng-aai': { train: rows } };
    const fwd = await loadBitext(ctxFor(task, 'train', 'eng_Latn-aai_Latn', layout));
    expect(fwd.sentence1).toHaveLength(256);
    expect(fwd.sentence1[255]).toBe('e255');
    expect(fwd.sentence2[0]).toBe('a0');
    const back = await loadBitext(ctxFor(task, 'train', 'aai_Latn-eng_Latn', layout));
    expect(back.sentence1[0]).toBe('a0');
    expect(back.sentence2[0]).toBe('e0');
  });

  it('Belebele: passages by link (C ids), questions by text (Q ids), corpus language first', async () => {
    const task = getTask('BelebeleRetrieval');
    const sub = Object.entries(task.subsets).find(([, l]) => l[0] !== l[1] && l[1] === 'eng-Latn')![0];
    const [corpusLang] = task.subsets[sub]!.map((l) => l.replace('-', '_'));
    const mk = (tag: string) => [
      { link: 'L1', flores_passage: `${tag} passage one`, question: `${tag} q1` },
      { link: 'L1', flores_passage: `${tag} passage one`, question: `${tag} q2` },
      { link: 'L2', flores_passage: `${tag} passage two`, question: `${tag} q1` },
    ];
    const layout = { [corpusLang!]: { test: mk('x') }, eng_Latn: { test: mk('en') } };
    const d = await loadRetrievalData(ctxFor(task, 'test', sub, layout));
    expect(d.corpus).toEqual({ ids: ['C0', 'C1'], texts: ['x passage one', 'x passage two'] });
    expect(d.queries).toEqual({ ids: ['Q0', 'Q1'], texts: ['en q1', 'en q2'] });
    expect([...d.qrels.get('Q0')!]).toEqual([
      ['C0', 1],
      ['C1', 1],
    ]);
    expect([...d.qrels.get('Q1')!]).toEqual([['C0', 1]]);
  });

  it('Syntec: documents and queries configs; query i -> str(Article)', async () => {
    const task = getTask('SyntecRetrieval');
    const layout = {
      documents: {
        test: [
          { id: 7, title: 'Art. 7', content: 'texte sept' },
          { id: 9, title: 'Art. 9', content: 'texte neuf' },
        ],
      },
      queries: {
        test: [
          { Question: 'quoi ?', Article: 9 },
          { Question: 'qui ?', Article: 7 },
        ],
      },
    };
    const d = await loadRetrievalData(ctxFor(task, 'test', 'default', layout));
    expect(d.corpus).toEqual({ ids: ['7', '9'], texts: ['Art. 7 texte sept', 'Art. 9 texte neuf'] });
    expect(d.queries).toEqual({ ids: ['0', '1'], texts: ['quoi ?', 'qui ?'] });
    expect([...d.qrels.get('0')!]).toEqual([['9', 1]]);
  });

  it('VG hierarchical: ingress -> sentences, first two comma levels as labels, test subsampled to 2048 (train_test_split)', async () => {
    const task = { ...getTask('VGHierarchicalClusteringS2S') };
    const rows = Array.from({ length: 2100 }, (_, i) => ({ ingress: `i${i}`, article: `a${i}`, classes: `top${i % 3},mid${i % 5},leaf${i}` }));
    const d = await loadClustering(ctxFor(task, 'test', 'default', { default: { test: rows } }));
    const idx = generatorPermutation(42, 2100).slice(0, 2048);
    expect(d.sentences).toEqual(idx.map((i) => `i${i}`));
    expect(d.labels[0]).toEqual([`top${idx[0]! % 3}`, `mid${idx[0]! % 5}`]);
  });

  it('MrTidy: the corpus config is read at split train, qrels and queries at test', async () => {
    const task = getTask('MrTidyRetrieval');
    const sub = Object.keys(task.subsets)[0]!;
    const layout: Layout = {
      [`${sub}-corpus`]: { train: [{ _id: 'd1', title: 'T', text: 'body' }] },
      [`${sub}-queries`]: { test: [{ _id: 'q1', text: 'question' }] },
      [`${sub}-qrels`]: { test: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 1 }] },
    };
    const d = await loadRetrievalData(ctxFor(task, 'test', sub, layout));
    expect(d.corpus).toEqual({ ids: ['d1'], texts: ['T body'] });
    expect(d.queries.ids).toEqual(['q1']);
  });

  it('PublicHealthQA: ids from all rows, pairs with a missing side skipped', async () => {
    const task = getTask('PublicHealthQA');
    const sub = Object.keys(task.subsets)[0]!;
    const rows = [
      { question: null, answer: 'a0' },
      { question: 'q0', answer: 'a1' },
      { question: 'q1', answer: 'a1' },
      { question: 'q0', answer: 'a0' },
      { question: 'q2', answer: null },
    ];
    const d = await loadRetrievalData(ctxFor(task, 'test', sub, { [sub]: { test: rows } }));
    expect(d.corpus).toEqual({ ids: ['D1', 'D0'], texts: ['a1', 'a0'] });
    expect(d.queries).toEqual({ ids: ['Q0', 'Q1'], texts: ['q0', 'q1'] });
    expect([...d.qrels.get('Q0')!]).toEqual([
      ['D1', 1],
      ['D0', 1],
    ]);
  });

  it('CodeSearchNet CC/COIR: corpus at split "corpus", queries at "queries" with partition test only', async () => {
    for (const name of ['CodeSearchNetCCRetrieval', 'COIRCodeSearchNetRetrieval']) {
      const task = getTask(name);
      const sub = Object.keys(task.subsets)[0]!;
      const layout: Layout = {
        [`${sub}-corpus`]: {
          corpus: [
            { _id: 'c1', title: '', text: 'def f(): pass' },
            { _id: 'c2', title: '', text: 'def g(): pass' },
          ],
        },
        [`${sub}-queries`]: {
          queries: [
            { _id: 'q1', text: 'f', partition: 'test' },
            { _id: 'q2', text: 'g', partition: 'train' },
          ],
        },
        [`${sub}-qrels`]: {
          test: [
            { 'query-id': 'q1', 'corpus-id': 'c1', score: 1 },
            { 'query-id': 'q2', 'corpus-id': 'c2', score: 1 },
          ],
        },
      };
      const d = await loadRetrievalData(ctxFor(task, 'test', sub, layout));
      expect(d.corpus.ids).toEqual(['c1', 'c2']);
      expect(d.queries.ids).toEqual(['q1']);
    }
  });

  it('CUREv1: shared corpus and qrels of the split, queries from "queries-<subset>"', async () => {
    const task = getTask('CUREv1');
    const layout: Layout = {
      corpus: { dermatology: [{ _id: 'd1', title: 'Skin', text: 'text' }] },
      qrels: { dermatology: [{ 'query-id': 'q1', 'corpus-id': 'd1', score: 2.0 }] },
      'queries-es': { dermatology: [{ _id: 'q1', text: '¿piel?' }] },
      'queries-en': { dermatology: [{ _id: 'q1', text: 'skin?' }] },
    };
    const d = await loadRetrievalData(ctxFor(task, 'dermatology', 'es', layout));
    expect(d.queries.texts).toEqual(['¿piel?']);
    expect(d.corpus.texts).toEqual(['Skin text']);
    expect([...d.qrels.get('q1')!]).toEqual([['d1', 2]]);
  });
});
