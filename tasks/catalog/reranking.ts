import type { TaskMetadataOf, TaskOverrides } from '../metadata.js';

/**
 * Reranking tasks of MTEB(eng, v1/v2) in their mteb v2 form (mteb/abstasks/text/reranking.py): retrieval over each query's
 * `top_ranked` candidates on the re-uploaded HF repos (mteb/tasks/reranking/eng/*.py).
 */
function reranking(
  name: string,
  path: string,
  revision: string,
  description: string,
  extra: TaskOverrides<'Reranking'> = {},
): TaskMetadataOf<'Reranking'> {
  return {
    name,
    type: 'Reranking',
    description,
    dataset: { path, revision },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'map_at_1000',
    category: 't2t',
    origin: 'mteb',
    ...extra,
  };
}

export const tasks: TaskMetadataOf<'Reranking'>[] = [
  reranking(
    'AskUbuntuDupQuestions',
    'mteb/AskUbuntuDupQuestions',
    'c5691e3c48741d5f83b5cc8e630653d7a8cfc048',
    'AskUbuntu Question Dataset - Questions from AskUbuntu with manual annotations marking pairs of questions as similar or non-similar',
  ),
  reranking(
    'MindSmallReranking',
    'mteb/MindSmallReranking',
    '227478e3235572039f4f7661840e059f31ef6eb1',
    'Microsoft News Dataset: A Large-Scale English Dataset for News Recommendation Research',
    {
      mainScore: 'max_over_subqueries_map_at_1000',
      params: { max_over_subqueries: true },
    },
  ),
  reranking('SciDocsRR', 'mteb/SciDocsRR', '39b8377811871075eed9de3b8a7e21aaa6acb3d8', 'Ranking of related scientific papers based on their title.'),
  reranking(
    'StackOverflowDupQuestions',
    'mteb/StackOverflowDupQuestions',
    '5debda000fe8e27ebb5c123d38081f92e1847a59',
    'Stack Overflow Duplicate Questions Task for questions with the tags Java, JavaScript and Python',
  ),
];
