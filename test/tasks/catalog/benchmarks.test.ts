import { describe, expect, it } from 'vitest';
import { BENCHMARKS, CQADUPSTACK_MEMBERS } from '../../../tasks/catalog/benchmarks.js';
import { allTaskNames, getBenchmark, getBenchmarkTasks, getTask } from '../../../tasks/registry.js';

/**
 * HF path and pinned revision of every task of MTEB(eng, v2), MTEB(eng, v1) and NanoBEIR, copied by hand
 * from the TaskMetadata(dataset={path, revision}) of embeddings-benchmark/mteb (v2 layout,
 * mteb/tasks/<type>/<lang>/<task>.py; NanoBEIR from mteb/tasks/retrieval/eng/Nano*Retrieval.py), cross-checked
 * against the the task files under mteb/tasks/ table and the shared mirror's .mirror.json. Independent of tasks/catalog/*.ts.
 */
const EXPECTED: Record<string, [path: string, revision: string]> = {
  // Classification
  AmazonCounterfactualClassification: ['mteb/amazon_counterfactual', '1f7e6a9d6fa6e64c53d146e428565640410c0df1'],
  AmazonPolarityClassification: ['mteb/amazon_polarity', 'e2d317d38cd51312af73b3d32a06d1a08b442046'],
  AmazonReviewsClassification: ['mteb/AmazonReviewsClassification', '6b5d328eaae8ef408dd7d775040245cf86f92e9d'],
  Banking77Classification: ['mteb/banking77', '0fd18e25b25c072e09e0d92ab615fda904d66300'],
  EmotionClassification: ['mteb/emotion', '4f58c6b202a23cf9a4da393831edf4f9183cad37'],
  ImdbClassification: ['mteb/imdb', '3d86128a09e091d6018b6d26cad27f2739fc2db7'],
  MassiveIntentClassification: ['mteb/amazon_massive_intent', '4672e20407010da34463acc759c162ca9734bca6'],
  MassiveScenarioClassification: ['mteb/amazon_massive_scenario', 'fad2c6e8459f9e1c45d9315f4953d921437d70f8'],
  MTOPDomainClassification: ['mteb/MTOPDomainClassification', 'a76d16fae880597b9c73047b50159220a441cb54'],
  MTOPIntentClassification: ['mteb/MTOPIntentClassification', '2992d820f31312593c49a4890430aadadb0f0039'],
  ToxicConversationsClassification: ['mteb/toxic_conversations_50k', 'edfaf9da55d3dd50d43143d90c1ac476895ae6de'],
  TweetSentimentExtractionClassification: ['mteb/tweet_sentiment_extraction', 'd604517c81ca91fe16a244d1248fc021f9ecee7a'],
  // Clustering
  ArXivHierarchicalClusteringP2P: ['mteb/arxiv-clustering-p2p', '0bbdb47bcbe3a90093699aefeed338a0f28a7ee8'],
  ArXivHierarchicalClusteringS2S: ['mteb/arxiv-clustering-s2s', 'b73bd54100e5abfa6e3a23dcafb46fe4d2438dc3'],
  ArxivClusteringP2P: ['mteb/arxiv-clustering-p2p', 'a122ad7f3f0291bf49cc6f4d32aa80929df69d5d'],
  ArxivClusteringS2S: ['mteb/arxiv-clustering-s2s', 'f910caf1a6075f7329cdf8c1a6135696f37dbd53'],
  BiorxivClusteringP2P: ['mteb/biorxiv-clustering-p2p', '65b79d1d13f80053f67aca9498d9402c2d9f1f40'],
  'BiorxivClusteringP2P.v2': ['mteb/biorxiv-clustering-p2p', 'f5dbc242e11dd8e24def4c4268607a49e02946dc'],
  BiorxivClusteringS2S: ['mteb/biorxiv-clustering-s2s', '258694dd0231531bc1fd9de6ceb52a0853c6d908'],
  MedrxivClusteringP2P: ['mteb/medrxiv-clustering-p2p', 'e7a26af6f3ae46b30dde8737f02c07b1505bcc73'],
  'MedrxivClusteringP2P.v2': ['mteb/medrxiv-clustering-p2p', 'e7a26af6f3ae46b30dde8737f02c07b1505bcc73'],
  MedrxivClusteringS2S: ['mteb/medrxiv-clustering-s2s', '35191c8c0dca72d8ff3efcd72aa802307d469663'],
  'MedrxivClusteringS2S.v2': ['mteb/medrxiv-clustering-s2s', '35191c8c0dca72d8ff3efcd72aa802307d469663'],
  RedditClustering: ['mteb/reddit-clustering', '24640382cdbf8abc73003fb0fa6d111a705499eb'],
  RedditClusteringP2P: ['mteb/reddit-clustering-p2p', '385e3cb46b4cfa89021f56c4380204149d0efe33'],
  StackExchangeClustering: ['mteb/stackexchange-clustering', '6cbc1f7b2bc0622f2e39d2c77fa502909748c259'],
  'StackExchangeClustering.v2': ['mteb/stackexchange-clustering', '6cbc1f7b2bc0622f2e39d2c77fa502909748c259'],
  StackExchangeClusteringP2P: ['mteb/stackexchange-clustering-p2p', '815ca46b2622cec33ccafc3735d572c266efdb44'],
  'StackExchangeClusteringP2P.v2': ['mteb/stackexchange-clustering-p2p', '815ca46b2622cec33ccafc3735d572c266efdb44'],
  TwentyNewsgroupsClustering: ['mteb/twentynewsgroups-clustering', '6125ec4e24fa026cec8a478383ee943acfbd5449'],
  'TwentyNewsgroupsClustering.v2': ['mteb/twentynewsgroups-clustering', '6125ec4e24fa026cec8a478383ee943acfbd5449'],
  // PairClassification
  SprintDuplicateQuestions: ['mteb/sprintduplicatequestions-pairclassification', 'd66bd1f72af766a5cc4b0ca5e00c162f89e8cc46'],
  TwitterSemEval2015: ['mteb/twittersemeval2015-pairclassification', '70970daeab8776df92f5ea462b6173c0b46fd2d1'],
  TwitterURLCorpus: ['mteb/twitterurlcorpus-pairclassification', '8b6510b0b1fa4e4c4f879467980e9be563ec1cdf'],
  // Reranking
  AskUbuntuDupQuestions: ['mteb/AskUbuntuDupQuestions', 'c5691e3c48741d5f83b5cc8e630653d7a8cfc048'],
  MindSmallReranking: ['mteb/MindSmallReranking', '227478e3235572039f4f7661840e059f31ef6eb1'],
  SciDocsRR: ['mteb/SciDocsRR', '39b8377811871075eed9de3b8a7e21aaa6acb3d8'],
  StackOverflowDupQuestions: ['mteb/StackOverflowDupQuestions', '5debda000fe8e27ebb5c123d38081f92e1847a59'],
  // Retrieval
  ArguAna: ['mteb/arguana', 'c22ab2a51041ffd869aaddef7af8d8215647e41a'],
  ClimateFEVER: ['mteb/climate-fever', '47f2ac6acb640fc46020b02a5b59fdda04d39380'],
  ClimateFEVERHardNegatives: ['mteb/ClimateFEVER_test_top_250_only_w_correct-v2', '3a309e201f3c2c4b13bd4a367a8f37eee2ec1d21'],
  // mteb/tasks/retrieval/eng/CQADupstackAndroidRetrieval.py; a later snake_case version moves it to the re-upload
  // mteb/CQADupstackAndroidRetrieval@9be4c0e46342e8e3aff577a89b9a1ec9bc6b4af3 (not in the spec's a905523d anchor).
  // mteb 2.x (mteb/tasks/retrieval/eng/cqa_dupstack_android_retrieval.py) reads the re-upload, not mteb/cqadupstack-android.
  CQADupstackAndroidRetrieval: ['mteb/CQADupstackAndroidRetrieval', '9be4c0e46342e8e3aff577a89b9a1ec9bc6b4af3'],
  CQADupstackEnglishRetrieval: ['mteb/cqadupstack-english', 'ad9991cb51e31e31e430383c75ffb2885547b5f0'],
  CQADupstackGamingRetrieval: ['mteb/cqadupstack-gaming', '4885aa143210c98657558c04aaf3dc47cfb54340'],
  CQADupstackGisRetrieval: ['mteb/cqadupstack-gis', '5003b3064772da1887988e05400cf3806fe491f2'],
  CQADupstackMathematicaRetrieval: ['mteb/cqadupstack-mathematica', '90fceea13679c63fe563ded68f3b6f06e50061de'],
  CQADupstackPhysicsRetrieval: ['mteb/cqadupstack-physics', '79531abbd1fb92d06c6d6315a0cbbbf5bb247ea4'],
  CQADupstackProgrammersRetrieval: ['mteb/cqadupstack-programmers', '6184bc1440d2dbc7612be22b50686b8826d22b32'],
  CQADupstackStatsRetrieval: ['mteb/cqadupstack-stats', '65ac3a16b8e91f9cee4c9828cc7c335575432a2a'],
  CQADupstackTexRetrieval: ['mteb/cqadupstack-tex', '46989137a86843e03a6195de44b09deda022eec7'],
  CQADupstackUnixRetrieval: ['mteb/cqadupstack-unix', '6c6430d3a6d36f8d2a829195bc5dc94d7e063e53'],
  CQADupstackWebmastersRetrieval: ['mteb/cqadupstack-webmasters', '160c094312a0e1facb97e55eeddb698c0abe3571'],
  CQADupstackWordpressRetrieval: ['mteb/cqadupstack-wordpress', '4ffe81d471b1924886b33c7567bfb200e9eec5c4'],
  DBPedia: ['mteb/dbpedia', 'c0f706b76e590d620bd6618b3ca8efdd34e2d659'],
  FEVER: ['mteb/fever', 'bea83ef9e8fb933d90a2f1d5515737465d613e12'],
  FEVERHardNegatives: ['mteb/FEVER_test_top_250_only_w_correct-v2', '080c9ed6267b65029207906e815d44a9240bafca'],
  FiQA2018: ['mteb/fiqa', '27a168819829fe9bcd655c2df245fb19452e8e06'],
  HotpotQA: ['mteb/hotpotqa', 'ab518f4d6fcca38d87c25209f94beba119d02014'],
  HotpotQAHardNegatives: ['mteb/HotpotQA_test_top_250_only_w_correct-v2', '617612fa63afcb60e3b134bed8b7216a99707c37'],
  MSMARCO: ['mteb/msmarco', 'c5a29a104738b98a9e76336939199e264163d4a0'],
  NFCorpus: ['mteb/nfcorpus', 'ec0fa4fe99da2ff19ca1214b7966684033a58814'],
  NQ: ['mteb/nq', 'b774495ed302d8c44a3a7ea25c90dbce03968f31'],
  QuoraRetrieval: ['mteb/quora', 'e4e08e0b7dbe3c8700f0daef558ff32256715259'],
  SCIDOCS: ['mteb/scidocs', 'f8c2fcf00f625baaa80f62ec5bd9e1fff3b8ae88'],
  SciFact: ['mteb/scifact', 'd56462d0e63a25450459c4f213e49ffdb866f7f9'],
  TRECCOVID: ['mteb/trec-covid', 'bb9466bac8153a0349341eb1b22e06409e78ef4e'],
  Touche2020: ['mteb/touche2020', 'a34f9a33db75fa0cbb21bb5cfc3dae8dc8bec93f'],
  'Touche2020Retrieval.v3': ['mteb/webis-touche2020-v3', '431886eaecc48f067a3975b70d0949ea2862463c'],
  // STS
  BIOSSES: ['mteb/biosses-sts', 'd3fb88f8f02e40887cd149695127462bbcf29b4a'],
  'SICK-R': ['mteb/sickr-sts', '20a6d6f312dd54037fe07a32d58e5e168867909d'],
  STS12: ['mteb/sts12-sts', 'a0d554a64d88156834ff5ae9920b964011b16384'],
  STS13: ['mteb/sts13-sts', '7e90230a92c190f1bf69ae9002b8cea547a64cca'],
  STS14: ['mteb/sts14-sts', '6031580fec1f6af667f0bd2da0a551cf4f0b2375'],
  STS15: ['mteb/sts15-sts', 'ae752c7c21bf194d8b67fd573edf7ae58183cbe3'],
  STS16: ['mteb/sts16-sts', '4d8694f8f0e0100860b497b999b3dbed754a0513'],
  STS17: ['mteb/sts17-crosslingual-sts', 'faeb762787bd10488a50c8b5be4a3b82e411949c'],
  STS22: ['mteb/sts22-crosslingual-sts', 'de9d86b3b84231dc21f76c7b7af1f28e2f57f6e3'],
  'STS22.v2': ['mteb/sts22-crosslingual-sts', 'd31f33a128469b20e357535c39b82fb3c3f6f2bd'],
  STSBenchmark: ['mteb/stsbenchmark-sts', 'b0fddb56ed78048fa8b90373c8a3cfc37b684831'],
  // Summarization
  SummEval: ['mteb/summeval', 'cda12ad7615edc362dbf25a00fdd61d3b1eaf93c'],
  'SummEvalSummarization.v2': ['mteb/summeval', 'cda12ad7615edc362dbf25a00fdd61d3b1eaf93c'],
  // NanoBEIR
  NanoArguAnaRetrieval: ['zeta-alpha-ai/NanoArguAna', '8f4a982d470a32c45817738b9d29042ca55d75ad'],
  NanoClimateFeverRetrieval: ['zeta-alpha-ai/NanoClimateFEVER', '96741bfa30b9f56db8c9eb7d08e775ed6474f206'],
  NanoDBPediaRetrieval: ['zeta-alpha-ai/NanoDBPedia', '438f1c25129f05db6238699b5afdc9c6b58d2096'],
  NanoFEVERRetrieval: ['zeta-alpha-ai/NanoFEVER', 'a8bfdf1bf15181167a7e22e69cf8754bdea9b4c8'],
  NanoFiQA2018Retrieval: ['zeta-alpha-ai/NanoFiQA2018', '4163ba032953d5044a7a6244261413f609c14342'],
  NanoHotpotQARetrieval: ['zeta-alpha-ai/NanoHotpotQA', 'd79c0cdda980aba54842756770928035e1b61a51'],
  NanoMSMARCORetrieval: ['zeta-alpha-ai/NanoMSMARCO', '7b8ff22f2771dc65ac5b439f222eb19a1f56abda'],
  NanoNFCorpusRetrieval: ['zeta-alpha-ai/NanoNFCorpus', 'dd542a7efb9ad2136b9e00768b60fca9038f8156'],
  NanoNQRetrieval: ['zeta-alpha-ai/NanoNQ', '77540146379abf95df8326a3c5bb9eb21c7146c3'],
  NanoQuoraRetrieval: ['zeta-alpha-ai/NanoQuoraRetrieval', '2ab2d73e6c862026282808b913a34f4136928545'],
  NanoSCIDOCSRetrieval: ['zeta-alpha-ai/NanoSCIDOCS', '484eb90549fc3f0b9c42b3551e80ceb999515537'],
  NanoSciFactRetrieval: ['zeta-alpha-ai/NanoSciFact', '309f1d1ae3ae2e092444a8a0c25bed59b82318bc'],
  NanoTouche2020Retrieval: ['zeta-alpha-ai/NanoTouche2020', '0d2f26ed8c5ad309f95c7f9499c70a40e140fccd'],
};

/** Benchmark -> (task -> expected split / subsets after the benchmark's filters), from benchmarks.py. */
const ENGLISH: Record<string, string[]> = {
  AmazonCounterfactualClassification: ['en'],
  AmazonReviewsClassification: ['en'],
  MassiveIntentClassification: ['en'],
  MassiveScenarioClassification: ['en'],
  MTOPDomainClassification: ['en'],
  MTOPIntentClassification: ['en'],
  STS17: ['en-en'],
  STS22: ['en'],
  'STS22.v2': ['en'],
};

const known = new Set(allTaskNames());
const bench = (name: string) => getBenchmark(name);
const expandedNames = (name: string) => {
  const b = bench(name);
  return b.tasks.flatMap((t) => b.aggregates?.[t] ?? [t]);
};
const missingFor = (name: string) => expandedNames(name).filter((t) => !known.has(t));

describe('benchmark definitions (mteb/benchmarks/benchmarks/benchmarks.py)', () => {
  it('MTEB(eng, v2) has 41 tasks and alias MTEB(eng)', () => {
    expect(bench('MTEB(eng, v2)').tasks).toHaveLength(41);
    expect(bench('MTEB(eng)').name).toBe('MTEB(eng, v2)');
    expect(new Set(bench('MTEB(eng, v2)').tasks).size).toBe(41);
  });
  it('MTEB(eng, v1) has 56 tasks (CQADupstackRetrieval once, aggregating 12 forums), aliases MTEB(eng, classic) and MTEB', () => {
    const v1 = bench('MTEB(eng, v1)');
    expect(v1.tasks).toHaveLength(56);
    expect(new Set(v1.tasks).size).toBe(56);
    expect(bench('MTEB(eng, classic)')).toBe(v1);
    expect(bench('MTEB')).toBe(v1);
    expect(v1.aggregates?.CQADupstackRetrieval).toEqual(CQADUPSTACK_MEMBERS);
    expect(CQADUPSTACK_MEMBERS).toHaveLength(12);
    expect(v1.filters?.MSMARCO).toEqual({ evalSplits: ['dev'] });
  });
  it('NanoBEIR has 13 tasks; demo is kept', () => {
    expect(bench('NanoBEIR').tasks).toHaveLength(13);
    expect(BENCHMARKS.some((b) => b.name === 'demo')).toBe(true);
  });
  it('every benchmark task has an expected HF path and revision in this table', () => {
    for (const b of ['MTEB(eng, v2)', 'MTEB(eng, v1)', 'NanoBEIR']) {
      for (const t of expandedNames(b)) expect(EXPECTED[t], t).toBeDefined();
    }
  });
});

for (const name of ['MTEB(eng, v2)', 'MTEB(eng, v1)', 'NanoBEIR']) {
  const missing = missingFor(name);
  describe(`${name} against the task catalogs`, () => {
    if (missing.length) console.warn(`[catalog check] ${name}: ${missing.length} task(s) not in tasks/catalog yet: ${missing.join(', ')}`);

    it('every catalogued task of the benchmark has mteb’s HF path and revision', () => {
      const mismatches: string[] = [];
      for (const t of expandedNames(name).filter((x) => known.has(x))) {
        const { path, revision } = getTask(t).dataset;
        const [wantPath, wantRev] = EXPECTED[t]!;
        if (path !== wantPath || revision !== wantRev) mismatches.push(`${t}: catalog ${path}@${revision}, mteb ${wantPath}@${wantRev}`);
      }
      expect(mismatches).toEqual([]);
    });

    it.skipIf(missing.length > 0)('getBenchmarkTasks yields every task with the benchmark’s splits and subsets', () => {
      const tasks = getBenchmarkTasks(bench(name));
      const expectedCount = name === 'MTEB(eng, v2)' ? 41 : name === 'MTEB(eng, v1)' ? 56 - 1 + 12 : 13;
      expect(tasks.map((t) => t.name)).toEqual(expandedNames(name));
      expect(tasks).toHaveLength(expectedCount);
      for (const t of tasks) {
        const split = name === 'NanoBEIR' ? t.evalSplits : [t.name === 'MSMARCO' ? 'dev' : 'test'];
        expect({ task: t.name, splits: t.evalSplits }).toEqual({ task: t.name, splits: split });
        if (ENGLISH[t.name] && name !== 'NanoBEIR')
          expect({ task: t.name, subsets: Object.keys(t.subsets) }).toEqual({ task: t.name, subsets: ENGLISH[t.name] });
        expect([t.dataset.path, t.dataset.revision]).toEqual(EXPECTED[t.name]);
      }
    });
  });
}
