import type { TaskMetadataOf, TaskParams } from '../metadata.js';

/**
 * Retrieval tasks of MTEB(eng, v1), MTEB(eng, v2) and NanoBEIR, with the metadata of the task files in
 * embeddings-benchmark/mteb (mteb/tasks/retrieval/eng/*.py): HF path@revision, eval splits, main score,
 * ignore_identical_ids, superseded_by and the query prompt where the task declares one.
 */
type Spec = {
  name: string;
  path: string;
  revision: string;
  description: string;
  splits?: string[];
  ignoreIdenticalIds?: boolean;
  supersededBy?: string;
  queryPrompt?: string;
  domains?: string[];
  params?: Partial<TaskParams<'Retrieval'>>;
};

function retrieval(s: Spec): TaskMetadataOf<'Retrieval'> {
  const params: Partial<TaskParams<'Retrieval'>> = { ...s.params };
  if (s.ignoreIdenticalIds) params.ignore_identical_ids = true;
  return {
    name: s.name,
    type: 'Retrieval',
    description: s.description,
    dataset: { path: s.path, revision: s.revision },
    evalSplits: s.splits ?? ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'ndcg_at_10',
    category: 't2t',
    domains: s.domains,
    params: Object.keys(params).length ? params : undefined,
    supersededBy: s.supersededBy,
    prompt: s.queryPrompt ? { query: s.queryPrompt } : undefined,
    origin: 'mteb',
  };
}

const CQA = 'CQADupStack: A Benchmark Data Set for Community Question-Answering Research';
const cqa = (forum: string, path: string, revision: string) => retrieval({ name: `CQADupstack${forum}Retrieval`, path, revision, description: CQA });

/** The 12 sub-forums whose mean ndcg_at_10 is MTEB(eng, v1)'s CQADupstackRetrieval. */
export const CQADUPSTACK_TASKS: readonly TaskMetadataOf<'Retrieval'>[] = [
  // mteb 2.x reads Android from the re-upload (mteb/tasks/retrieval/eng/cqa_dupstack_android_retrieval.py).
  cqa('Android', 'mteb/CQADupstackAndroidRetrieval', '9be4c0e46342e8e3aff577a89b9a1ec9bc6b4af3'),
  cqa('English', 'mteb/cqadupstack-english', 'ad9991cb51e31e31e430383c75ffb2885547b5f0'),
  cqa('Gaming', 'mteb/cqadupstack-gaming', '4885aa143210c98657558c04aaf3dc47cfb54340'),
  cqa('Gis', 'mteb/cqadupstack-gis', '5003b3064772da1887988e05400cf3806fe491f2'),
  cqa('Mathematica', 'mteb/cqadupstack-mathematica', '90fceea13679c63fe563ded68f3b6f06e50061de'),
  cqa('Physics', 'mteb/cqadupstack-physics', '79531abbd1fb92d06c6d6315a0cbbbf5bb247ea4'),
  cqa('Programmers', 'mteb/cqadupstack-programmers', '6184bc1440d2dbc7612be22b50686b8826d22b32'),
  cqa('Stats', 'mteb/cqadupstack-stats', '65ac3a16b8e91f9cee4c9828cc7c335575432a2a'),
  cqa('Tex', 'mteb/cqadupstack-tex', '46989137a86843e03a6195de44b09deda022eec7'),
  cqa('Unix', 'mteb/cqadupstack-unix', '6c6430d3a6d36f8d2a829195bc5dc94d7e063e53'),
  cqa('Webmasters', 'mteb/cqadupstack-webmasters', '160c094312a0e1facb97e55eeddb698c0abe3571'),
  cqa('Wordpress', 'mteb/cqadupstack-wordpress', '4ffe81d471b1924886b33c7567bfb200e9eec5c4'),
];

const HARD_NEG = ' Hard-negative version: the 250 top documents per query pooled from BM25, e5-multilingual-large and e5-mistral-instruct.';

const BEIR: TaskMetadataOf<'Retrieval'>[] = [
  retrieval({
    name: 'ArguAna',
    path: 'mteb/arguana',
    revision: 'c22ab2a51041ffd869aaddef7af8d8215647e41a',
    ignoreIdenticalIds: true,
    queryPrompt: 'Given a claim, find documents that refute the claim',
    description: 'ArguAna: Retrieval of the Best Counterargument without Prior Topic Knowledge',
  }),
  retrieval({
    name: 'ClimateFEVER',
    path: 'mteb/climate-fever',
    revision: '47f2ac6acb640fc46020b02a5b59fdda04d39380',
    queryPrompt: 'Given a claim about climate change, retrieve documents that support or refute the claim',
    description: 'CLIMATE-FEVER: 1,535 real-world claims regarding climate change over the FEVER corpus.',
  }),
  retrieval({
    name: 'ClimateFEVERHardNegatives',
    path: 'mteb/ClimateFEVER_test_top_250_only_w_correct-v2',
    revision: '3a309e201f3c2c4b13bd4a367a8f37eee2ec1d21',
    supersededBy: 'ClimateFEVERHardNegatives.v2',
    description: `CLIMATE-FEVER claims.${HARD_NEG}`,
  }),
  retrieval({
    name: 'DBPedia',
    path: 'mteb/dbpedia',
    revision: 'c0f706b76e590d620bd6618b3ca8efdd34e2d659',
    queryPrompt: 'Given a query, retrieve relevant entity descriptions from DBPedia',
    description: 'DBpedia-Entity is a standard test collection for entity search over the DBpedia knowledge base',
  }),
  retrieval({
    name: 'FEVER',
    path: 'mteb/fever',
    revision: 'bea83ef9e8fb933d90a2f1d5515737465d613e12',
    ignoreIdenticalIds: true,
    queryPrompt: 'Given a claim, retrieve documents that support or refute the claim',
    description: 'FEVER (Fact Extraction and VERification): claims verified against Wikipedia.',
  }),
  retrieval({
    name: 'FEVERHardNegatives',
    path: 'mteb/FEVER_test_top_250_only_w_correct-v2',
    revision: '080c9ed6267b65029207906e815d44a9240bafca',
    ignoreIdenticalIds: true,
    supersededBy: 'FEVERHardNegatives.v2',
    description: `FEVER claims.${HARD_NEG}`,
  }),
  retrieval({
    name: 'FiQA2018',
    path: 'mteb/fiqa',
    revision: '27a168819829fe9bcd655c2df245fb19452e8e06',
    ignoreIdenticalIds: true,
    queryPrompt: 'Given a financial question, retrieve user replies that best answer the question',
    description: 'Financial Opinion Mining and Question Answering',
  }),
  retrieval({
    name: 'HotpotQA',
    path: 'mteb/hotpotqa',
    revision: 'ab518f4d6fcca38d87c25209f94beba119d02014',
    queryPrompt: 'Given a multi-hop question, retrieve documents that can help answer the question',
    description: 'HotpotQA: natural multi-hop questions with supporting facts.',
  }),
  retrieval({
    name: 'HotpotQAHardNegatives',
    path: 'mteb/HotpotQA_test_top_250_only_w_correct-v2',
    revision: '617612fa63afcb60e3b134bed8b7216a99707c37',
    supersededBy: 'HotpotQAHardNegatives.v2',
    description: `HotpotQA multi-hop questions.${HARD_NEG}`,
  }),
  retrieval({
    name: 'MSMARCO',
    path: 'mteb/msmarco',
    revision: 'c5a29a104738b98a9e76336939199e264163d4a0',
    splits: ['dev'],
    ignoreIdenticalIds: true,
    queryPrompt: 'Given a web search query, retrieve relevant passages that answer the query',
    description: 'MS MARCO is a collection of datasets focused on deep learning in search',
  }),
  retrieval({
    name: 'NFCorpus',
    path: 'mteb/nfcorpus',
    revision: 'ec0fa4fe99da2ff19ca1214b7966684033a58814',
    queryPrompt: 'Given a question, retrieve relevant documents that best answer the question',
    description: 'NFCorpus: A Full-Text Learning to Rank Dataset for Medical Information Retrieval',
  }),
  retrieval({
    name: 'NQ',
    path: 'mteb/nq',
    revision: 'b774495ed302d8c44a3a7ea25c90dbce03968f31',
    queryPrompt: 'Given a question, retrieve Wikipedia passages that answer the question',
    description: 'Natural Questions: questions from Google search with Wikipedia answers.',
  }),
  retrieval({
    name: 'QuoraRetrieval',
    path: 'mteb/quora',
    revision: 'e4e08e0b7dbe3c8700f0daef558ff32256715259',
    ignoreIdenticalIds: true,
    queryPrompt: 'Given a question, retrieve questions that are semantically equivalent to the given question',
    description: 'QuoraRetrieval is based on questions that are marked as duplicates on the Quora platform.',
  }),
  retrieval({
    name: 'SCIDOCS',
    path: 'mteb/scidocs',
    revision: 'f8c2fcf00f625baaa80f62ec5bd9e1fff3b8ae88',
    queryPrompt: 'Given a scientific paper title, retrieve paper abstracts that are cited by the given paper',
    description: 'SciDocs citation prediction: retrieve the papers cited by a paper title.',
  }),
  retrieval({
    name: 'SciFact',
    path: 'mteb/scifact',
    revision: 'd56462d0e63a25450459c4f213e49ffdb866f7f9',
    queryPrompt: 'Given a scientific claim, retrieve documents that support or refute the claim',
    description: 'SciFact verifies scientific claims using evidence from the research literature containing scientific paper abstracts.',
    domains: ['Academic', 'Medical', 'Written'],
  }),
  retrieval({
    name: 'TRECCOVID',
    path: 'mteb/trec-covid',
    revision: 'bb9466bac8153a0349341eb1b22e06409e78ef4e',
    queryPrompt: 'Given a query on COVID-19, retrieve documents that answer the query',
    description:
      'TRECCOVID is an ad-hoc search challenge based on the COVID-19 dataset containing scientific articles related to the COVID-19 pandemic.',
  }),
  retrieval({
    name: 'Touche2020',
    path: 'mteb/touche2020',
    revision: 'a34f9a33db75fa0cbb21bb5cfc3dae8dc8bec93f',
    supersededBy: 'Touche2020Retrieval.v3',
    queryPrompt: 'Given a question, retrieve detailed and persuasive arguments that answer the question',
    description: 'Touché Task 1: Argument Retrieval for Controversial Questions',
  }),
  retrieval({
    name: 'Touche2020Retrieval.v3',
    path: 'mteb/webis-touche2020-v3',
    revision: '431886eaecc48f067a3975b70d0949ea2862463c',
    description: 'Touché Task 1: Argument Retrieval for Controversial Questions (v3 qrels)',
  }),
];

/**
 * NanoBEIR (zeta-alpha-ai/Nano*): configs corpus/queries/qrels, split train. mteb's load_data keeps only
 * `_id`/`text` of the corpus (no title) and sets every qrel to 1. Each Nano task carries the query prompt
 * of the task it was adapted from (checked in 7 of the 13 task files, the same in all of them).
 */
function nano(name: string, repo: string, revision: string, description: string, parent: string): TaskMetadataOf<'Retrieval'> {
  const p = BEIR.find((t) => t.name === parent)?.prompt;
  const queryPrompt = typeof p === 'object' ? p.query : undefined;
  return retrieval({
    name,
    path: `zeta-alpha-ai/${repo}`,
    revision,
    splits: ['train'],
    description,
    queryPrompt,
    params: { ignore_titles: true, binary_qrels: true },
  });
}

export const NANOBEIR_TASKS: readonly TaskMetadataOf<'Retrieval'>[] = [
  nano('NanoArguAnaRetrieval', 'NanoArguAna', '8f4a982d470a32c45817738b9d29042ca55d75ad', 'NanoArguAna: 50-query subset of ArguAna.', 'ArguAna'),
  nano(
    'NanoClimateFeverRetrieval',
    'NanoClimateFEVER',
    '96741bfa30b9f56db8c9eb7d08e775ed6474f206',
    'NanoClimateFever: 50-query subset of CLIMATE-FEVER.',
    'ClimateFEVER',
  ),
  nano(
    'NanoDBPediaRetrieval',
    'NanoDBPedia',
    '438f1c25129f05db6238699b5afdc9c6b58d2096',
    'NanoDBPedia: 50-query subset of DBpedia-Entity.',
    'DBPedia',
  ),
  nano('NanoFEVERRetrieval', 'NanoFEVER', 'a8bfdf1bf15181167a7e22e69cf8754bdea9b4c8', 'NanoFEVER: 50-query subset of FEVER.', 'FEVER'),
  nano('NanoFiQA2018Retrieval', 'NanoFiQA2018', '4163ba032953d5044a7a6244261413f609c14342', 'NanoFiQA2018: 50-query subset of FiQA2018.', 'FiQA2018'),
  nano('NanoHotpotQARetrieval', 'NanoHotpotQA', 'd79c0cdda980aba54842756770928035e1b61a51', 'NanoHotpotQA: 50-query subset of HotpotQA.', 'HotpotQA'),
  nano('NanoMSMARCORetrieval', 'NanoMSMARCO', '7b8ff22f2771dc65ac5b439f222eb19a1f56abda', 'NanoMSMARCO: 50-query subset of MS MARCO.', 'MSMARCO'),
  nano('NanoNFCorpusRetrieval', 'NanoNFCorpus', 'dd542a7efb9ad2136b9e00768b60fca9038f8156', 'NanoNFCorpus: 50-query subset of NFCorpus.', 'NFCorpus'),
  nano('NanoNQRetrieval', 'NanoNQ', '77540146379abf95df8326a3c5bb9eb21c7146c3', 'NanoNQ: 50-query subset of Natural Questions.', 'NQ'),
  nano(
    'NanoQuoraRetrieval',
    'NanoQuoraRetrieval',
    '2ab2d73e6c862026282808b913a34f4136928545',
    'NanoQuoraRetrieval: 50-query subset of QuoraRetrieval.',
    'QuoraRetrieval',
  ),
  nano('NanoSCIDOCSRetrieval', 'NanoSCIDOCS', '484eb90549fc3f0b9c42b3551e80ceb999515537', 'NanoSCIDOCS: 50-query subset of SCIDOCS.', 'SCIDOCS'),
  nano('NanoSciFactRetrieval', 'NanoSciFact', '309f1d1ae3ae2e092444a8a0c25bed59b82318bc', 'NanoSciFact: 50-query subset of SciFact.', 'SciFact'),
  nano(
    'NanoTouche2020Retrieval',
    'NanoTouche2020',
    '0d2f26ed8c5ad309f95c7f9499c70a40e140fccd',
    'NanoTouche2020: 49-query subset of Touche2020.',
    'Touche2020',
  ),
];

export const tasks: TaskMetadataOf<'Retrieval'>[] = [...BEIR, ...CQADUPSTACK_TASKS, ...NANOBEIR_TASKS].sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);
