import type { TaskMetadataOf, TaskOverrides, TaskParams } from '../metadata.js';

/**
 * Clustering tasks (mteb v2 metadata: mteb/tasks/clustering/eng/*.py).
 * - Legacy (`evaluator: 'ClusteringLegacy'`, mteb/abstasks/clustering_legacy.py): one row per cluster set, MiniBatchKMeans batch 500 per set.
 *   These are the 11 clustering tasks of MTEB(eng, v1).
 * - v2 "fast" (`type: 'Clustering'`, mteb/abstasks/clustering.py): flat rows, 4% downsampling with the task RNG, 10 bootstrap
 *   MiniBatchKMeans runs. The params mirror each task's class attributes and dataset_transform:
 *   `flatten_sets` (chain the legacy cluster sets), `split_labels` (hierarchical "a.b" labels),
 *   `drop_singleton_labels`, `subsample` (HF train_test_split / stratified_subsampling to 2048 rows) and
 *   `max_fraction_of_documents_to_embed` (null where the transform disables it).
 */
const eng = { default: ['eng-Latn'] };

const GEIGLE = 'https://arxiv.org/abs/2104.07081';

function legacy(
  name: string,
  path: string,
  revision: string,
  description: string,
  extra: TaskOverrides<'Clustering'> = {},
): TaskMetadataOf<'Clustering'> {
  return {
    name,
    type: 'Clustering',
    evaluator: 'ClusteringLegacy',
    description,
    dataset: { path, revision },
    evalSplits: ['test'],
    subsets: eng,
    mainScore: 'v_measure',
    category: 't2c',
    origin: 'mteb',
    ...extra,
  };
}

function fast(
  name: string,
  path: string,
  revision: string,
  description: string,
  params: Partial<TaskParams<'Clustering'>>,
  extra: TaskOverrides<'Clustering'> = {},
): TaskMetadataOf<'Clustering'> {
  return {
    name,
    type: 'Clustering',
    description,
    dataset: { path, revision },
    evalSplits: ['test'],
    subsets: eng,
    mainScore: 'v_measure',
    category: 't2c',
    origin: 'mteb',
    params,
    ...extra,
  };
}

const FLAT = { flatten_sets: true };

export const tasks: TaskMetadataOf<'Clustering'>[] = [
  // ---- MTEB(eng, v1) legacy tasks ----
  legacy(
    'ArxivClusteringP2P',
    'mteb/arxiv-clustering-p2p',
    'a122ad7f3f0291bf49cc6f4d32aa80929df69d5d',
    'Clustering of titles+abstract from arxiv. Clustering of 30 sets, either on the main or secondary category',
    {
      reference: 'https://www.kaggle.com/Cornell-University/arxiv',
      domains: ['Academic', 'Written'],
      prompt: 'Identify the main and secondary category of Arxiv papers based on the titles and abstracts',
      // mteb sets superseded_by as a class attribute here (not in TaskMetadata)
      supersededBy: 'ArXivHierarchicalClusteringP2P',
    },
  ),
  legacy(
    'ArxivClusteringS2S',
    'mteb/arxiv-clustering-s2s',
    'f910caf1a6075f7329cdf8c1a6135696f37dbd53',
    'Clustering of titles from arxiv. Clustering of 30 sets, either on the main or secondary category',
    {
      reference: 'https://www.kaggle.com/Cornell-University/arxiv',
      domains: ['Academic', 'Written'],
      prompt: 'Identify the main and secondary category of Arxiv papers based on the titles',
      supersededBy: 'ArXivHierarchicalClusteringS2S',
    },
  ),
  legacy(
    'BiorxivClusteringP2P',
    'mteb/biorxiv-clustering-p2p',
    '65b79d1d13f80053f67aca9498d9402c2d9f1f40',
    'Clustering of titles+abstract from biorxiv. Clustering of 10 sets, based on the main category.',
    {
      reference: 'https://api.biorxiv.org/',
      domains: ['Academic', 'Written'],
      prompt: 'Identify the main category of Biorxiv papers based on the titles and abstracts',
      supersededBy: 'BiorxivClusteringP2P.v2',
    },
  ),
  legacy(
    'BiorxivClusteringS2S',
    'mteb/biorxiv-clustering-s2s',
    '258694dd0231531bc1fd9de6ceb52a0853c6d908',
    'Clustering of titles from biorxiv. Clustering of 10 sets, based on the main category.',
    {
      reference: 'https://api.biorxiv.org/',
      domains: ['Academic', 'Written'],
      prompt: 'Identify the main category of Biorxiv papers based on the titles',
      supersededBy: 'BiorxivClusteringS2S.v2',
    },
  ),
  legacy(
    'MedrxivClusteringP2P',
    'mteb/medrxiv-clustering-p2p',
    'e7a26af6f3ae46b30dde8737f02c07b1505bcc73',
    'Clustering of titles+abstract from medrxiv. Clustering of 10 sets, based on the main category.',
    {
      reference: 'https://api.medrxiv.org/',
      domains: ['Academic', 'Medical', 'Written'],
      prompt: 'Identify the main category of Medrxiv papers based on the titles and abstracts',
      supersededBy: 'MedrxivClusteringP2P.v2',
    },
  ),
  legacy(
    'MedrxivClusteringS2S',
    'mteb/medrxiv-clustering-s2s',
    '35191c8c0dca72d8ff3efcd72aa802307d469663',
    'Clustering of titles from medrxiv. Clustering of 10 sets, based on the main category.',
    {
      reference: 'https://api.medrxiv.org/',
      domains: ['Academic', 'Medical', 'Written'],
      prompt: 'Identify the main category of Medrxiv papers based on the titles',
      supersededBy: 'MedrxivClusteringS2S.v2',
    },
  ),
  legacy(
    'RedditClustering',
    'mteb/reddit-clustering',
    '24640382cdbf8abc73003fb0fa6d111a705499eb',
    'Clustering of titles from 199 subreddits. Clustering of 25 sets, each with 10-50 classes, and each class with 100 - 1000 sentences.',
    {
      reference: GEIGLE,
      domains: ['Web', 'Social', 'Written'],
      prompt: 'Identify the topic or theme of Reddit posts based on the titles',
      supersededBy: 'RedditClustering.v2',
    },
  ),
  legacy(
    'RedditClusteringP2P',
    'mteb/reddit-clustering-p2p',
    '385e3cb46b4cfa89021f56c4380204149d0efe33',
    'Clustering of title+posts from reddit. Clustering of 10 sets of 50k paragraphs and 40 sets of 10k paragraphs.',
    {
      reference: GEIGLE,
      domains: ['Web', 'Social', 'Written'],
      prompt: 'Identify the topic or theme of Reddit posts based on the titles and posts',
      supersededBy: 'RedditClusteringP2P.v2',
    },
  ),
  legacy(
    'StackExchangeClustering',
    'mteb/stackexchange-clustering',
    '6cbc1f7b2bc0622f2e39d2c77fa502909748c259',
    'Clustering of titles from 121 stackexchanges. Clustering of 25 sets, each with 10-50 classes, and each class with 100 - 1000 sentences.',
    {
      reference: GEIGLE,
      domains: ['Web', 'Written'],
      prompt: 'Identify the topic or theme of StackExchange posts based on the titles',
      supersededBy: 'StackExchangeClustering.v2',
    },
  ),
  legacy(
    'StackExchangeClusteringP2P',
    'mteb/stackexchange-clustering-p2p',
    '815ca46b2622cec33ccafc3735d572c266efdb44',
    'Clustering of title+body from stackexchange. Clustering of 5 sets of 10k paragraphs and 5 sets of 5k paragraphs.',
    {
      reference: GEIGLE,
      domains: ['Web', 'Written'],
      prompt: 'Identify the topic or theme of StackExchange posts based on the given paragraphs',
      supersededBy: 'StackExchangeClusteringP2P.v2',
    },
  ),
  legacy(
    'TwentyNewsgroupsClustering',
    'mteb/twentynewsgroups-clustering',
    '6125ec4e24fa026cec8a478383ee943acfbd5449',
    'Clustering of the 20 Newsgroups dataset (subject only).',
    {
      reference: 'https://scikit-learn.org/0.19/datasets/twenty_newsgroups.html',
      domains: ['News', 'Written'],
      prompt: 'Identify the topic or theme of the given news articles',
      supersededBy: 'TwentyNewsgroupsClustering.v2',
    },
  ),

  // ---- MTEB(eng, v2) fast tasks ----
  fast(
    'ArXivHierarchicalClusteringP2P',
    'mteb/arxiv-clustering-p2p',
    '0bbdb47bcbe3a90093699aefeed338a0f28a7ee8',
    'Clustering of titles+abstract from arxiv. Clustering of 30 sets, either on the main or secondary category',
    { ...FLAT, split_labels: '.', subsample: { size: 2048, method: 'train_test_split', seed: 42 } },
    { reference: 'https://www.kaggle.com/Cornell-University/arxiv', domains: ['Academic', 'Written'] },
  ),
  fast(
    'ArXivHierarchicalClusteringS2S',
    'mteb/arxiv-clustering-s2s',
    'b73bd54100e5abfa6e3a23dcafb46fe4d2438dc3',
    'Clustering of titles from arxiv. Clustering of 30 sets, either on the main or secondary category',
    { ...FLAT, split_labels: '.', subsample: { size: 2048, method: 'train_test_split', seed: 42 } },
    { reference: 'https://www.kaggle.com/Cornell-University/arxiv', domains: ['Academic', 'Written'] },
  ),
  fast(
    'BiorxivClusteringP2P.v2',
    'mteb/biorxiv-clustering-p2p',
    'f5dbc242e11dd8e24def4c4268607a49e02946dc',
    'Clustering of titles+abstract from biorxiv across 26 categories.',
    {},
    {
      reference: 'https://api.biorxiv.org/',
      domains: ['Academic', 'Written'],
      prompt: 'Identify the main category of Biorxiv papers based on the titles and abstracts',
    },
  ),
  fast(
    'BiorxivClusteringS2S.v2',
    'mteb/biorxiv-clustering-s2s',
    'eb4edb10386758d274cd161093eb351381a16dbf',
    'Clustering of titles from biorxiv across 26 categories.',
    {},
    {
      reference: 'https://api.biorxiv.org/',
      domains: ['Academic', 'Written'],
      prompt: 'Identify the main category of Biorxiv papers based on the titles',
    },
  ),
  fast(
    'MedrxivClusteringP2P.v2',
    'mteb/medrxiv-clustering-p2p',
    'e7a26af6f3ae46b30dde8737f02c07b1505bcc73',
    'Clustering of titles+abstract from medrxiv across 51 categories.',
    FLAT,
    {
      reference: 'https://api.medrxiv.org/',
      domains: ['Academic', 'Medical', 'Written'],
      prompt: 'Identify the main category of Medrxiv papers based on the titles and abstracts',
    },
  ),
  fast(
    'MedrxivClusteringS2S.v2',
    'mteb/medrxiv-clustering-s2s',
    '35191c8c0dca72d8ff3efcd72aa802307d469663',
    'Clustering of titles from medrxiv across 51 categories.',
    FLAT,
    {
      reference: 'https://api.medrxiv.org/',
      domains: ['Academic', 'Medical', 'Written'],
      prompt: 'Identify the main category of Medrxiv papers based on the titles',
    },
  ),
  fast(
    'RedditClustering.v2',
    'mteb/reddit-clustering',
    '24640382cdbf8abc73003fb0fa6d111a705499eb',
    'Clustering of titles from 199 subreddits. Clustering of 25 sets, each with 10-50 classes, and each class with 100 - 1000 sentences.',
    { ...FLAT, subsample: { size: 2048, method: 'stratified', seed: 42 }, max_fraction_of_documents_to_embed: null },
    {
      reference: GEIGLE,
      domains: ['Web', 'Social', 'Written'],
      prompt: 'Identify the topic or theme of Reddit posts based on the titles',
    },
  ),
  fast(
    'RedditClusteringP2P.v2',
    'mteb/reddit-clustering-p2p',
    '385e3cb46b4cfa89021f56c4380204149d0efe33',
    'Clustering of title+posts from reddit. Clustering of 10 sets of 50k paragraphs and 40 sets of 10k paragraphs.',
    { ...FLAT, drop_singleton_labels: true },
    {
      reference: GEIGLE,
      domains: ['Web', 'Social', 'Written'],
      prompt: 'Identify the topic or theme of Reddit posts based on the titles and posts',
    },
  ),
  fast(
    'StackExchangeClustering.v2',
    'mteb/stackexchange-clustering',
    '6cbc1f7b2bc0622f2e39d2c77fa502909748c259',
    'Clustering of titles from 121 stackexchanges. Clustering of 25 sets, each with 10-50 classes, and each class with 100 - 1000 sentences.',
    { ...FLAT, subsample: { size: 2048, method: 'stratified', seed: 42 }, max_fraction_of_documents_to_embed: null },
    {
      reference: GEIGLE,
      domains: ['Web', 'Written'],
      prompt: 'Identify the topic or theme of StackExchange posts based on the titles',
    },
  ),
  fast(
    'StackExchangeClusteringP2P.v2',
    'mteb/stackexchange-clustering-p2p',
    '815ca46b2622cec33ccafc3735d572c266efdb44',
    'Clustering of title+body from stackexchange. Clustering of 5 sets of 10k paragraphs and 5 sets of 5k paragraphs.',
    { ...FLAT, drop_singleton_labels: true },
    {
      reference: GEIGLE,
      domains: ['Web', 'Written'],
      prompt: 'Identify the topic or theme of StackExchange posts based on the given paragraphs',
    },
  ),
  fast(
    'TwentyNewsgroupsClustering.v2',
    'mteb/twentynewsgroups-clustering',
    '6125ec4e24fa026cec8a478383ee943acfbd5449',
    'Clustering of the 20 Newsgroups dataset (subject only).',
    FLAT,
    {
      reference: 'https://scikit-learn.org/0.19/datasets/twenty_newsgroups.html',
      domains: ['News', 'Written'],
      prompt: 'Identify the topic or theme of the given news articles',
    },
  ),

  // ---- other ----
  fast(
    'ClusTREC-Covid',
    'Uri-ka/ClusTREC-Covid',
    '7f3489153b8dad7336a54f63202deb1414c33309',
    'A Topical Clustering Benchmark for COVID-19 Scientific Research across 50 covid-19 related topics.',
    {},
    {
      reference: 'https://github.com/katzurik/Knowledge_Navigator/tree/main/Benchmarks/CLUSTREC%20COVID',
      subsets: { 'title and abstract': ['eng-Latn'], title: ['eng-Latn'] },
      domains: ['Academic', 'Medical', 'Written'],
      prompt: 'Identify the main category of the covid-19 papers based on the titles and abstracts',
    },
  ),
];
