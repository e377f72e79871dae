/**
 * Retrieval/reranking catalog against mteb (mteb/abstasks/text/reranking.py, mteb/abstasks/retrieval.py, mteb/benchmarks/benchmarks/benchmarks.py, the task files under mteb/tasks/) and the mteb task files.
 */
import { describe, expect, it } from 'vitest';
import { tasks as reranking } from '../../../tasks/catalog/reranking.js';
import { CQADUPSTACK_TASKS, NANOBEIR_TASKS, tasks as retrieval } from '../../../tasks/catalog/retrieval.js';

const byName = new Map([...retrieval, ...reranking].map((t) => [t.name, t]));

// mteb/benchmarks/benchmarks/benchmarks.py (MTEB(eng, v1) and MTEB(eng, v2)): retrieval and reranking members
const V1 = [
  'ArguAna',
  'ClimateFEVER',
  'DBPedia',
  'FEVER',
  'FiQA2018',
  'HotpotQA',
  'MSMARCO',
  'NFCorpus',
  'NQ',
  'QuoraRetrieval',
  'SCIDOCS',
  'SciFact',
  'TRECCOVID',
  'Touche2020',
];
const V1_RERANK = ['AskUbuntuDupQuestions', 'MindSmallReranking', 'SciDocsRR', 'StackOverflowDupQuestions'];
const V2 = [
  'ArguAna',
  'CQADupstackGamingRetrieval',
  'CQADupstackUnixRetrieval',
  'ClimateFEVERHardNegatives',
  'FEVERHardNegatives',
  'FiQA2018',
  'HotpotQAHardNegatives',
  'SCIDOCS',
  'TRECCOVID',
  'Touche2020Retrieval.v3',
];

describe('retrieval catalog', () => {
  it('holds every MTEB(eng, v1/v2) retrieval and reranking task, the 12 CQADupstack forums and 13 NanoBEIR tasks', () => {
    for (const n of [...V1, ...V1_RERANK, ...V2]) expect(byName.has(n), n).toBe(true);
    expect(CQADUPSTACK_TASKS.map((t) => t.name)).toHaveLength(12);
    expect(NANOBEIR_TASKS).toHaveLength(13);
    expect(new Set(byName.keys()).size).toBe(retrieval.length + reranking.length);
  });
  it('pins 40-hex revisions and uses the task type evaluators', () => {
    for (const t of [...retrieval, ...reranking]) {
      expect(t.dataset.revision, t.name).toMatch(/^[0-9a-f]{40}$/);
      expect(t.evaluator).toBeUndefined();
    }
    expect(retrieval.every((t) => t.type === 'Retrieval' && t.mainScore === 'ndcg_at_10')).toBe(true);
    expect(reranking.every((t) => t.type === 'Reranking')).toBe(true);
  });
  it('sets ignore_identical_ids exactly where mteb does (mteb/abstasks/retrieval.py)', () => {
    const set = retrieval
      .filter((t) => t.params?.ignore_identical_ids === true)
      .map((t) => t.name)
      .sort();
    expect(set).toEqual(['ArguAna', 'FEVER', 'FEVERHardNegatives', 'FiQA2018', 'MSMARCO', 'QuoraRetrieval']);
  });
  it('the task files under mteb/tasks/ rows', () => {
    expect(byName.get('SciFact')!.dataset).toEqual({ path: 'mteb/scifact', revision: 'd56462d0e63a25450459c4f213e49ffdb866f7f9' });
    expect(byName.get('NFCorpus')!.dataset.revision).toBe('ec0fa4fe99da2ff19ca1214b7966684033a58814');
    expect(byName.get('ArguAna')!.dataset.revision).toBe('c22ab2a51041ffd869aaddef7af8d8215647e41a');
    expect(byName.get('FiQA2018')!.dataset.revision).toBe('27a168819829fe9bcd655c2df245fb19452e8e06');
    expect(byName.get('NanoSciFactRetrieval')!.dataset).toEqual({
      path: 'zeta-alpha-ai/NanoSciFact',
      revision: '309f1d1ae3ae2e092444a8a0c25bed59b82318bc',
    });
    expect(byName.get('AskUbuntuDupQuestions')!.dataset).toEqual({
      path: 'mteb/AskUbuntuDupQuestions',
      revision: 'c5691e3c48741d5f83b5cc8e630653d7a8cfc048',
    });
    expect(byName.get('SciDocsRR')!.dataset).toEqual({ path: 'mteb/SciDocsRR', revision: '39b8377811871075eed9de3b8a7e21aaa6acb3d8' });
    expect(byName.get('MSMARCO')!.evalSplits).toEqual(['dev']);
    expect(NANOBEIR_TASKS.every((t) => t.evalSplits.join() === 'train' && t.params?.binary_qrels === true && t.params?.ignore_titles === true)).toBe(
      true,
    );
  });
  it('reranking main scores (mteb/abstasks/text/reranking.py)', () => {
    expect(byName.get('MindSmallReranking')!.mainScore).toBe('max_over_subqueries_map_at_1000');
    expect(byName.get('MindSmallReranking')!.params).toEqual({ max_over_subqueries: true });
    for (const n of ['AskUbuntuDupQuestions', 'SciDocsRR', 'StackOverflowDupQuestions']) expect(byName.get(n)!.mainScore).toBe('map_at_1000');
  });
  it('marks the superseded v1/v2 variants', () => {
    expect(byName.get('Touche2020')!.supersededBy).toBe('Touche2020Retrieval.v3');
    expect(byName.get('FEVERHardNegatives')!.supersededBy).toBe('FEVERHardNegatives.v2');
    expect(byName.get('SciFact')!.supersededBy).toBeUndefined();
  });
});
