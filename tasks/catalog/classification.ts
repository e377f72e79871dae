import type { TaskMetadataOf, TaskOverrides } from '../metadata.js';

/**
 * Classification tasks of MTEB(eng, v1) and MTEB(eng, v2) (mteb v2 metadata: mteb/tasks/classification/
 * eng/*.py and multilingual/*.py), plus the ".v2" data-corrected variants that supersede some of them.
 * params: samples_per_label (class attribute, default 8), n_experiments (10); ToxicConversations
 * subsamples its test split with mteb's stratified_subsampling (HF train_test_split, seed 42, 2048 rows).
 * Benchmarks restrict multilingual tasks to their English subset.
 */
const eng = { default: ['eng-Latn'] };

function cls(
  name: string,
  path: string,
  revision: string,
  description: string,
  extra: TaskOverrides<'Classification'> = {},
): TaskMetadataOf<'Classification'> {
  return {
    name,
    type: 'Classification',
    description,
    dataset: { path, revision },
    evalSplits: ['test'],
    subsets: eng,
    mainScore: 'accuracy',
    category: 't2c',
    origin: 'mteb',
    ...extra,
    params: { samples_per_label: 8, n_experiments: 10, ...extra.params },
  };
}

const MASSIVE_LANGS: Record<string, string[]> = {
  af: ['afr-Latn'],
  am: ['amh-Ethi'],
  ar: ['ara-Arab'],
  az: ['aze-Latn'],
  bn: ['ben-Beng'],
  cy: ['cym-Latn'],
  da: ['dan-Latn'],
  de: ['deu-Latn'],
  el: ['ell-Grek'],
  en: ['eng-Latn'],
  es: ['spa-Latn'],
  fa: ['fas-Arab'],
  fi: ['fin-Latn'],
  fr: ['fra-Latn'],
  he: ['heb-Hebr'],
  hi: ['hin-Deva'],
  hu: ['hun-Latn'],
  hy: ['hye-Armn'],
  id: ['ind-Latn'],
  is: ['isl-Latn'],
  it: ['ita-Latn'],
  ja: ['jpn-Jpan'],
  jv: ['jav-Latn'],
  ka: ['kat-Geor'],
  km: ['khm-Khmr'],
  kn: ['kan-Knda'],
  ko: ['kor-Kore'],
  lv: ['lav-Latn'],
  ml: ['mal-Mlym'],
  mn: ['mon-Cyrl'],
  ms: ['msa-Latn'],
  my: ['mya-Mymr'],
  nb: ['nob-Latn'],
  nl: ['nld-Latn'],
  pl: ['pol-Latn'],
  pt: ['por-Latn'],
  ro: ['ron-Latn'],
  ru: ['rus-Cyrl'],
  sl: ['slv-Latn'],
  sq: ['sqi-Latn'],
  sv: ['swe-Latn'],
  sw: ['swa-Latn'],
  ta: ['tam-Taml'],
  te: ['tel-Telu'],
  th: ['tha-Thai'],
  tl: ['tgl-Latn'],
  tr: ['tur-Latn'],
  ur: ['urd-Arab'],
  vi: ['vie-Latn'],
  'zh-CN': ['cmo-Hans'],
  'zh-TW': ['cmo-Hant'],
};

const MTOP_LANGS: Record<string, string[]> = {
  en: ['eng-Latn'],
  de: ['deu-Latn'],
  es: ['spa-Latn'],
  fr: ['fra-Latn'],
  hi: ['hin-Deva'],
  th: ['tha-Thai'],
};

const STRATIFIED_TEST = { stratified_subsampling: { splits: ['test'], n_samples: 2048 } };

const MASSIVE_DESCRIPTION = 'MASSIVE: A 1M-Example Multilingual Natural Language Understanding Dataset with 51 Typologically-Diverse Languages';
const MTOP_DESCRIPTION = 'MTOP: Multilingual Task-Oriented Semantic Parsing';
const CORRECTED = ' This version corrects errors found in the original data (mteb PR #2900).';

export const tasks: TaskMetadataOf<'Classification'>[] = [
  cls(
    'AmazonCounterfactualClassification',
    'mteb/amazon_counterfactual',
    '1f7e6a9d6fa6e64c53d146e428565640410c0df1',
    'A collection of Amazon customer reviews annotated for counterfactual detection pair classification.',
    {
      reference: 'https://arxiv.org/abs/2104.06893',
      evalSplits: ['validation', 'test'],
      subsets: { 'en-ext': ['eng-Latn'], en: ['eng-Latn'], de: ['deu-Latn'], ja: ['jpn-Jpan'] },
      domains: ['Reviews', 'Written'],
      params: { samples_per_label: 32 },
      prompt: 'Classify a given Amazon customer review text as either counterfactual or not-counterfactual',
    },
  ),
  cls('AmazonPolarityClassification', 'mteb/amazon_polarity', 'e2d317d38cd51312af73b3d32a06d1a08b442046', 'Amazon Polarity Classification Dataset.', {
    reference: 'https://huggingface.co/datasets/amazon_polarity',
    domains: ['Reviews', 'Written'],
    prompt: 'Classify Amazon reviews into positive or negative sentiment',
    supersededBy: 'AmazonPolarityClassification.v2',
  }),
  cls(
    'AmazonPolarityClassification.v2',
    'mteb/amazon_polarity',
    'ec149c1fe36043668a50804214d4597804001f6f',
    `Amazon Polarity Classification Dataset.${CORRECTED}`,
    {
      reference: 'https://huggingface.co/datasets/amazon_polarity',
      domains: ['Reviews', 'Written'],
      prompt: 'Classify Amazon reviews into positive or negative sentiment',
    },
  ),
  cls(
    'AmazonReviewsClassification',
    'mteb/AmazonReviewsClassification',
    '6b5d328eaae8ef408dd7d775040245cf86f92e9d',
    'A collection of Amazon reviews specifically designed to aid research in multilingual text classification.',
    {
      reference: 'https://arxiv.org/abs/2010.02573',
      evalSplits: ['validation', 'test'],
      subsets: {
        en: ['eng-Latn'],
        de: ['deu-Latn'],
        es: ['spa-Latn'],
        fr: ['fra-Latn'],
        ja: ['jpn-Jpan'],
        zh: ['cmn-Hans'],
      },
      domains: ['Reviews', 'Written'],
      prompt: 'Classify the given Amazon review into its appropriate rating category',
    },
  ),
  cls(
    'Banking77Classification',
    'mteb/banking77',
    '0fd18e25b25c072e09e0d92ab615fda904d66300',
    'Dataset composed of online banking queries annotated with their corresponding intents.',
    {
      reference: 'https://arxiv.org/abs/2003.04807',
      domains: ['Written'],
      prompt: 'Given a online banking query, find the corresponding intents',
      supersededBy: 'Banking77Classification.v2',
    },
  ),
  cls(
    'Banking77Classification.v2',
    'mteb/banking77',
    '18072d2685ea682290f7b8924d94c62acc19c0b2',
    `Dataset composed of online banking queries annotated with their corresponding intents.${CORRECTED}`,
    {
      reference: 'https://arxiv.org/abs/2003.04807',
      domains: ['Written'],
      prompt: 'Given a online banking query, find the corresponding intents',
    },
  ),
  cls(
    'EmotionClassification',
    'mteb/emotion',
    '4f58c6b202a23cf9a4da393831edf4f9183cad37',
    'Emotion is a dataset of English Twitter messages with six basic emotions: anger, fear, joy, love, sadness, and surprise.',
    {
      reference: 'https://www.aclweb.org/anthology/D18-1404',
      domains: ['Social', 'Written'],
      params: { samples_per_label: 16 },
      prompt:
        'Classify the emotion expressed in the given Twitter message into one of the six emotions: anger, fear, joy, love, sadness, and surprise',
      supersededBy: 'EmotionClassification.v2',
    },
  ),
  cls(
    'EmotionClassification.v2',
    'mteb/emotion',
    '13535ec7ed83ac3920c40db3c3fd4133af55cc06',
    `Emotion is a dataset of English Twitter messages with six basic emotions: anger, fear, joy, love, sadness, and surprise.${CORRECTED}`,
    {
      reference: 'https://www.aclweb.org/anthology/D18-1404',
      domains: ['Social', 'Written'],
      params: { samples_per_label: 16 },
      prompt:
        'Classify the emotion expressed in the given Twitter message into one of the six emotions: anger, fear, joy, love, sadness, and surprise',
    },
  ),
  cls('ImdbClassification', 'mteb/imdb', '3d86128a09e091d6018b6d26cad27f2739fc2db7', 'Large Movie Review Dataset', {
    reference: 'http://www.aclweb.org/anthology/P11-1015',
    domains: ['Reviews', 'Written'],
    prompt: 'Classify the sentiment expressed in the given movie review text from the IMDB dataset',
  }),
  cls('ImdbClassification.v2', 'mteb/imdb', 'd05f0155defa7991dad75bc68c5ccb6774b1fdc5', `Large Movie Review Dataset.${CORRECTED}`, {
    reference: 'http://www.aclweb.org/anthology/P11-1015',
    domains: ['Reviews', 'Written'],
    prompt: 'Classify the sentiment expressed in the given movie review text from the IMDB dataset',
  }),
  cls('MassiveIntentClassification', 'mteb/amazon_massive_intent', '4672e20407010da34463acc759c162ca9734bca6', MASSIVE_DESCRIPTION, {
    reference: 'https://arxiv.org/abs/2204.08582',
    evalSplits: ['validation', 'test'],
    subsets: MASSIVE_LANGS,
    fastLoad: true,
    domains: ['Spoken'],
    prompt: 'Given a user utterance as query, find the user intents',
  }),
  cls('MassiveScenarioClassification', 'mteb/amazon_massive_scenario', 'fad2c6e8459f9e1c45d9315f4953d921437d70f8', MASSIVE_DESCRIPTION, {
    reference: 'https://arxiv.org/abs/2204.08582',
    evalSplits: ['validation', 'test'],
    subsets: MASSIVE_LANGS,
    fastLoad: true,
    domains: ['Spoken'],
    prompt: 'Given a user utterance as query, find the user scenarios',
  }),
  cls('MTOPDomainClassification', 'mteb/MTOPDomainClassification', 'a76d16fae880597b9c73047b50159220a441cb54', MTOP_DESCRIPTION, {
    reference: 'https://arxiv.org/pdf/2008.09335.pdf',
    evalSplits: ['validation', 'test'],
    subsets: MTOP_LANGS,
    domains: ['Spoken'],
    prompt: 'Classify the intent domain of the given utterance in task-oriented conversation',
  }),
  cls('MTOPIntentClassification', 'mteb/MTOPIntentClassification', '2992d820f31312593c49a4890430aadadb0f0039', MTOP_DESCRIPTION, {
    reference: 'https://arxiv.org/pdf/2008.09335.pdf',
    evalSplits: ['validation', 'test'],
    subsets: MTOP_LANGS,
    domains: ['Spoken'],
    prompt: 'Classify the intent of the given utterance in task-oriented conversation',
  }),
  cls(
    'ToxicConversationsClassification',
    'mteb/toxic_conversations_50k',
    'edfaf9da55d3dd50d43143d90c1ac476895ae6de',
    'Collection of comments from the Civil Comments platform together with annotations if the comment is toxic or not.',
    {
      reference: 'https://www.kaggle.com/competitions/jigsaw-unintended-bias-in-toxicity-classification/overview',
      domains: ['Social', 'Written'],
      params: { samples_per_label: 16, ...STRATIFIED_TEST },
      prompt: 'Classify the given comments as either toxic or not toxic',
      supersededBy: 'ToxicConversationsClassification.v2',
    },
  ),
  cls(
    'ToxicConversationsClassification.v2',
    'mteb/toxic_conversations',
    '7ae55309fbe51a11e13c24887ceed200153514e9',
    `Collection of comments from the Civil Comments platform together with annotations if the comment is toxic or not.${CORRECTED}`,
    {
      reference: 'https://www.kaggle.com/competitions/jigsaw-unintended-bias-in-toxicity-classification/overview',
      domains: ['Social', 'Written'],
      params: { samples_per_label: 16, ...STRATIFIED_TEST },
      prompt: 'Classify the given comments as either toxic or not toxic',
    },
  ),
  cls(
    'TweetSentimentExtractionClassification',
    'mteb/tweet_sentiment_extraction',
    'd604517c81ca91fe16a244d1248fc021f9ecee7a',
    'Tweet Sentiment Extraction (Kaggle): tweets labelled positive, negative or neutral.',
    {
      reference: 'https://www.kaggle.com/competitions/tweet-sentiment-extraction/overview',
      domains: ['Social', 'Written'],
      params: { samples_per_label: 32 },
      prompt: 'Classify the sentiment of a given tweet as either positive, negative, or neutral',
      supersededBy: 'TweetSentimentExtractionClassification.v2',
    },
  ),
  cls(
    'TweetSentimentExtractionClassification.v2',
    'mteb/tweet_sentiment_extraction',
    '7261898ee3b9a739595e8dbf41df6b2332f429bb',
    `Tweet Sentiment Extraction (Kaggle): tweets labelled positive, negative or neutral.${CORRECTED}`,
    {
      reference: 'https://www.kaggle.com/competitions/tweet-sentiment-extraction/overview',
      domains: ['Social', 'Written'],
      params: { samples_per_label: 32 },
      prompt: 'Classify the sentiment of a given tweet as either positive, negative, or neutral',
    },
  ),
];
