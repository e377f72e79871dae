import type { InlineDataset, TaskMetadata } from '../metadata.js';
import { DEMO_CORPUS, DEMO_QRELS, DEMO_QUERIES } from './retrieval.js';

/**
 * Built-in reranking demo on the retrieval demo's texts: each query reranks 8 candidates (its judged
 * documents plus topical distractors); qrels give 0 to the distractors, as mteb's reranking datasets do.
 */
const CANDIDATES: Record<string, string[]> = {
  q1: ['d03', 'd01', 'd04', 'd10', 'd02', 'd29', 'd30', 'd12'],
  q2: ['d07', 'd08', 'd06', 'd24', 'd05', 'd25', 'd26', 'd29'],
  q3: ['d12', 'd10', 'd11', 'd09', 'd04', 'd30', 'd26', 'd20'],
  q4: ['d16', 'd14', 'd15', 'd13', 'd19', 'd22', 'd23', 'd27'],
  q5: ['d18', 'd20', 'd29', 'd17', 'd30', 'd19', 'd22', 'd10'],
  q6: ['d22', 'd23', 'd21', 'd19', 'd16', 'd01', 'd29', 'd18'],
  q7: ['d25', 'd26', 'd06', 'd24', 'd30', 'd05', 'd09', 'd12'],
  q8: ['d27', 'd29', 'd28', 'd15', 'd30', 'd17', 'd20', 'd03'],
};

const judged = new Set(DEMO_QRELS.map((r) => `${r['query-id']}/${r['corpus-id']}`));
const negatives = Object.entries(CANDIDATES).flatMap(([q, ds]) =>
  ds.filter((d) => !judged.has(`${q}/${d}`)).map((d) => ({ 'query-id': q, 'corpus-id': d, score: 0 })),
);

const inline: InlineDataset = {
  corpus: { test: DEMO_CORPUS },
  queries: { test: DEMO_QUERIES },
  default: { test: [...DEMO_QRELS, ...negatives] },
  top_ranked: { test: Object.entries(CANDIDATES).map(([q, ds]) => ({ 'query-id': q, 'corpus-ids': ds })) },
};

export const tasks: TaskMetadata[] = [
  {
    name: 'DemoReranking',
    type: 'Reranking',
    description: 'Built-in demo: rerank 8 candidate documents for each of 8 questions (project-authored).',
    dataset: { path: 'demo/reranking', revision: 'v1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'map_at_1000',
    origin: 'demo',
    inline,
  },
];
