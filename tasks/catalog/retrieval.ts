import type { TaskMetadata } from '../metadata.js';

/** retrieval tasks (filled in by the retrieval issue). */
export const tasks: TaskMetadata[] = [
  {
    name: 'SciFact',
    type: 'Retrieval',
    description: 'SciFact verifies scientific claims using evidence from the research literature containing scientific paper abstracts.',
    reference: 'https://github.com/allenai/scifact',
    dataset: { path: 'mteb/scifact', revision: 'd56462d0e63a25450459c4f213e49ffdb866f7f9' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'ndcg_at_10',
    category: 't2t',
    domains: ['Academic', 'Medical', 'Written'],
    origin: 'mteb',
  },
];
