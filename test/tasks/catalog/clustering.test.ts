import { describe, expect, it } from 'vitest';
import { tasks } from '../../../tasks/catalog/clustering.js';

// Task lists from mteb/benchmarks/benchmarks/benchmarks.py (MTEB_EN and MTEB_ENG_CLASSIC).
const V1 = [
  'ArxivClusteringP2P',
  'ArxivClusteringS2S',
  'BiorxivClusteringP2P',
  'BiorxivClusteringS2S',
  'MedrxivClusteringP2P',
  'MedrxivClusteringS2S',
  'RedditClustering',
  'RedditClusteringP2P',
  'StackExchangeClustering',
  'StackExchangeClusteringP2P',
  'TwentyNewsgroupsClustering',
];
const V2 = [
  'ArXivHierarchicalClusteringP2P',
  'ArXivHierarchicalClusteringS2S',
  'BiorxivClusteringP2P.v2',
  'MedrxivClusteringP2P.v2',
  'MedrxivClusteringS2S.v2',
  'StackExchangeClustering.v2',
  'StackExchangeClusteringP2P.v2',
  'TwentyNewsgroupsClustering.v2',
];

describe('clustering catalog', () => {
  const byName = new Map(tasks.map((t) => [t.name, t]));

  it('has every MTEB(eng, v1) clustering task on the legacy evaluator', () => {
    for (const n of V1) {
      const t = byName.get(n);
      expect(t, n).toBeDefined();
      expect(t!.evaluator).toBe('ClusteringLegacy');
      expect(t!.mainScore).toBe('v_measure');
    }
  });

  it('has every MTEB(eng, v2) clustering task on the fast evaluator', () => {
    for (const n of V2) {
      const t = byName.get(n);
      expect(t, n).toBeDefined();
      expect(t!.evaluator).toBeUndefined();
      expect(t!.type).toBe('Clustering');
    }
  });

  it('ClusTREC-Covid: mirror repo, two subsets in mteb order, pinned revision', () => {
    const t = byName.get('ClusTREC-Covid')!;
    expect(t.dataset).toEqual({ path: 'Uri-ka/ClusTREC-Covid', revision: '7f3489153b8dad7336a54f63202deb1414c33309' });
    expect(Object.keys(t.subsets)).toEqual(['title and abstract', 'title']);
  });

  it('unique names, 40-hex revisions, superseded_by targets exist, stratified subsampling is reproduced (no deviation)', () => {
    expect(new Set(tasks.map((t) => t.name)).size).toBe(tasks.length);
    for (const t of tasks) {
      expect(t.dataset.revision).toMatch(/^[0-9a-f]{40}$/);
      if (t.supersededBy) expect(byName.has(t.supersededBy), t.supersededBy).toBe(true);
      const sub = (t.params as { subsample?: { method: string } } | undefined)?.subsample;
      if (sub?.method === 'stratified') expect(t.deviation).toBeUndefined();
    }
  });
});
