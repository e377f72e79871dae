import type { Benchmark } from '../benchmark.js';
import { CQADUPSTACK_MEMBERS } from './aggregates.js';
import { LANGUAGE_VIEWS } from './language-views.js';
import { BENCHMARKS as MTEB_BENCHMARKS } from './mteb/benchmarks.js';

export { CQADUPSTACK_MEMBERS };

/**
 * Benchmarks with their task lists and split/subset filters, as in mteb v2.20.0
 * `mteb/benchmarks/benchmarks/benchmarks.py` (MTEB_EN, MTEB_ENG_CLASSIC, NANOBEIR).
 * mteb selects English subsets with a language filter; here the same selection is spelled out as
 * hf_subsets for the multilingual tasks (the monolingual ones only have "default").
 */

const test = { evalSplits: ['test'] };
const en = { evalSplits: ['test'], subsets: ['en'] };

const MTEB_ENG_V2_TASKS = [
  'ArguAna',
  'ArXivHierarchicalClusteringP2P',
  'ArXivHierarchicalClusteringS2S',
  'AskUbuntuDupQuestions',
  'BIOSSES',
  'Banking77Classification',
  'BiorxivClusteringP2P.v2',
  'CQADupstackGamingRetrieval',
  'CQADupstackUnixRetrieval',
  'ClimateFEVERHardNegatives',
  'FEVERHardNegatives',
  'FiQA2018',
  'HotpotQAHardNegatives',
  'ImdbClassification',
  'MTOPDomainClassification',
  'MassiveIntentClassification',
  'MassiveScenarioClassification',
  'MedrxivClusteringP2P.v2',
  'MedrxivClusteringS2S.v2',
  'MindSmallReranking',
  'SCIDOCS',
  'SICK-R',
  'STS12',
  'STS13',
  'STS14',
  'STS15',
  'STSBenchmark',
  'SprintDuplicateQuestions',
  'StackExchangeClustering.v2',
  'StackExchangeClusteringP2P.v2',
  'TRECCOVID',
  'Touche2020Retrieval.v3',
  'ToxicConversationsClassification',
  'TweetSentimentExtractionClassification',
  'TwentyNewsgroupsClustering.v2',
  'TwitterSemEval2015',
  'TwitterURLCorpus',
  'SummEvalSummarization.v2',
  'AmazonCounterfactualClassification',
  'STS17',
  'STS22.v2',
];

const MTEB_ENG_V1_TASKS = [
  'AmazonPolarityClassification',
  'AmazonReviewsClassification',
  'ArguAna',
  'ArxivClusteringP2P',
  'ArxivClusteringS2S',
  'AskUbuntuDupQuestions',
  'BIOSSES',
  'Banking77Classification',
  'BiorxivClusteringP2P',
  'BiorxivClusteringS2S',
  'CQADupstackRetrieval',
  'ClimateFEVER',
  'DBPedia',
  'EmotionClassification',
  'FEVER',
  'FiQA2018',
  'HotpotQA',
  'ImdbClassification',
  'MTOPDomainClassification',
  'MTOPIntentClassification',
  'MassiveIntentClassification',
  'MassiveScenarioClassification',
  'MedrxivClusteringP2P',
  'MedrxivClusteringS2S',
  'MindSmallReranking',
  'NFCorpus',
  'NQ',
  'QuoraRetrieval',
  'RedditClustering',
  'RedditClusteringP2P',
  'SCIDOCS',
  'SICK-R',
  'STS12',
  'STS13',
  'STS14',
  'STS15',
  'STS16',
  'STSBenchmark',
  'SciDocsRR',
  'SciFact',
  'SprintDuplicateQuestions',
  'StackExchangeClustering',
  'StackExchangeClusteringP2P',
  'StackOverflowDupQuestions',
  'SummEval',
  'TRECCOVID',
  'Touche2020',
  'ToxicConversationsClassification',
  'TweetSentimentExtractionClassification',
  'TwentyNewsgroupsClustering',
  'TwitterSemEval2015',
  'TwitterURLCorpus',
  'MSMARCO',
  'AmazonCounterfactualClassification',
  'STS17',
  'STS22',
];

/** Every task restricted to "test" unless listed below (mteb passes eval_splits=["test"] to get_tasks). */
function filtersFor(tasks: string[], special: Record<string, { evalSplits?: string[]; subsets?: string[] }>) {
  return Object.fromEntries(tasks.map((t) => [t, special[t] ?? test]));
}

/** English subsets of the multilingual tasks (languages=["eng"]; AmazonCounterfactual/STS17/STS22 by hf_subsets). */
const ENGLISH_SUBSETS = {
  AmazonCounterfactualClassification: en,
  AmazonReviewsClassification: en,
  MassiveIntentClassification: en,
  MassiveScenarioClassification: en,
  MTOPDomainClassification: en,
  MTOPIntentClassification: en,
  STS17: { evalSplits: ['test'], subsets: ['en-en'] },
  STS22: en,
  'STS22.v2': en,
};

const NANOBEIR_TASKS = [
  'NanoArguAnaRetrieval',
  'NanoClimateFeverRetrieval',
  'NanoDBPediaRetrieval',
  'NanoFEVERRetrieval',
  'NanoFiQA2018Retrieval',
  'NanoHotpotQARetrieval',
  'NanoMSMARCORetrieval',
  'NanoNFCorpusRetrieval',
  'NanoNQRetrieval',
  'NanoQuoraRetrieval',
  'NanoSCIDOCSRetrieval',
  'NanoSciFactRetrieval',
  'NanoTouche2020Retrieval',
];

export const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'MTEB(eng, v2)',
    aliases: ['MTEB(eng)'],
    description:
      'The new English Massive Text Embedding Benchmark: 41 tasks that are less often used for model training than the original MTEB, for a more realistic estimate of generalization.',
    reference: 'https://arxiv.org/abs/2502.13595',
    tasks: MTEB_ENG_V2_TASKS,
    filters: filtersFor(MTEB_ENG_V2_TASKS, ENGLISH_SUBSETS),
  },
  {
    name: 'MTEB(eng, v1)',
    aliases: ['MTEB(eng, classic)', 'MTEB'],
    description:
      'The original English benchmark by Muennighoff et al. (2023): 56 datasets; MSMARCO is evaluated on dev, CQADupstackRetrieval averages its 12 forums.',
    reference: 'https://arxiv.org/abs/2210.07316',
    tasks: MTEB_ENG_V1_TASKS,
    filters: filtersFor(MTEB_ENG_V1_TASKS, { ...ENGLISH_SUBSETS, MSMARCO: { evalSplits: ['dev'] } }),
    aggregates: { CQADupstackRetrieval: CQADUPSTACK_MEMBERS },
  },
  {
    name: 'NanoBEIR',
    description: 'A benchmark to evaluate with subsets of BEIR datasets to use less computational power.',
    reference: 'https://huggingface.co/collections/zeta-alpha-ai/nanobeir-66e1a0af21dfd93e620cd9f6',
    tasks: NANOBEIR_TASKS,
  },
  ...MTEB_BENCHMARKS.map((b) => (LANGUAGE_VIEWS[b.name] ? { ...b, languageView: LANGUAGE_VIEWS[b.name] } : b)),
  {
    name: 'demo',
    description: 'Built-in offline demo: one small project-authored task per implemented task type.',
    tasks: [
      'DemoSTS',
      'DemoPairClassification',
      'DemoBitextMining',
      'DemoSummarization',
      'DemoRetrieval',
      'DemoReranking',
      'DemoClustering',
      'DemoClassification',
    ],
  },
];
