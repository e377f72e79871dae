import type { TaskMetadataOf, TaskOverrides } from '../metadata.js';

/**
 * STS tasks (mteb v2 metadata: mteb/tasks/sts/...). min_score/max_score are the AbsTaskSTS class attributes
 * (gold normalization; no effect on correlations). STS17/STS22 use mteb's fast_loading (one `default` config
 * grouped by `lang`); benchmarks restrict them to en-en / en.
 */
const eng = { default: ['eng-Latn'] };

function sts(name: string, path: string, revision: string, description: string, extra: TaskOverrides<'STS'> = {}): TaskMetadataOf<'STS'> {
  return {
    name,
    type: 'STS',
    description,
    dataset: { path, revision },
    evalSplits: ['test'],
    subsets: eng,
    mainScore: 'cosine_spearman',
    category: 't2t',
    params: { min_score: 0, max_score: 5 },
    origin: 'mteb',
    ...extra,
  };
}

const STS17_LANGS: Record<string, string[]> = {
  'ko-ko': ['kor-Hang'],
  'ar-ar': ['ara-Arab'],
  'en-ar': ['eng-Latn', 'ara-Arab'],
  'en-de': ['eng-Latn', 'deu-Latn'],
  'en-en': ['eng-Latn'],
  'en-tr': ['eng-Latn', 'tur-Latn'],
  'es-en': ['spa-Latn', 'eng-Latn'],
  'es-es': ['spa-Latn'],
  'fr-en': ['fra-Latn', 'eng-Latn'],
  'it-en': ['ita-Latn', 'eng-Latn'],
  'nl-en': ['nld-Latn', 'eng-Latn'],
};

const STS22_LANGS: Record<string, string[]> = {
  en: ['eng-Latn'],
  de: ['deu-Latn'],
  es: ['spa-Latn'],
  pl: ['pol-Latn'],
  tr: ['tur-Latn'],
  ar: ['ara-Arab'],
  ru: ['rus-Cyrl'],
  zh: ['cmn-Hans'],
  fr: ['fra-Latn'],
  'de-en': ['deu-Latn', 'eng-Latn'],
  'es-en': ['spa-Latn', 'eng-Latn'],
  it: ['ita-Latn'],
  'pl-en': ['pol-Latn', 'eng-Latn'],
  'zh-en': ['cmn-Hans', 'eng-Latn'],
  'es-it': ['spa-Latn', 'ita-Latn'],
  'de-fr': ['deu-Latn', 'fra-Latn'],
  'de-pl': ['deu-Latn', 'pol-Latn'],
  'fr-pl': ['fra-Latn', 'pol-Latn'],
};

export const tasks: TaskMetadataOf<'STS'>[] = [
  sts(
    'STSBenchmark',
    'mteb/stsbenchmark-sts',
    'b0fddb56ed78048fa8b90373c8a3cfc37b684831',
    'Semantic Textual Similarity Benchmark (STSbenchmark) dataset.',
    {
      reference: 'https://github.com/PhilipMay/stsb-multi-mt/',
      domains: ['Blog', 'News', 'Written'],
      supersededBy: 'STSBenchmark.v2',
    },
  ),
  sts('SICK-R', 'mteb/sickr-sts', '20a6d6f312dd54037fe07a32d58e5e168867909d', 'Semantic Textual Similarity SICK-R dataset', {
    reference: 'https://aclanthology.org/L14-1314/',
    domains: ['Web', 'Written'],
  }),
  sts('STS12', 'mteb/sts12-sts', 'a0d554a64d88156834ff5ae9920b964011b16384', 'SemEval-2012 Task 6.', {
    reference: 'https://www.aclweb.org/anthology/S12-1051.pdf',
    domains: ['Encyclopaedic', 'News', 'Written'],
  }),
  sts('STS13', 'mteb/sts13-sts', '7e90230a92c190f1bf69ae9002b8cea547a64cca', 'SemEval STS 2013 dataset.', {
    reference: 'https://www.aclweb.org/anthology/S13-1004/',
    domains: ['Web', 'News', 'Non-fiction', 'Written'],
  }),
  sts('STS14', 'mteb/sts14-sts', '6031580fec1f6af667f0bd2da0a551cf4f0b2375', 'SemEval STS 2014 dataset. Currently only the English dataset', {
    reference: 'https://www.aclweb.org/anthology/S14-1002',
    domains: ['Blog', 'Web', 'Spoken'],
  }),
  sts('STS15', 'mteb/sts15-sts', 'ae752c7c21bf194d8b67fd573edf7ae58183cbe3', 'SemEval STS 2015 dataset', {
    reference: 'https://www.aclweb.org/anthology/S15-2010',
    domains: ['Blog', 'News', 'Web', 'Written', 'Spoken'],
  }),
  sts('STS16', 'mteb/sts16-sts', '4d8694f8f0e0100860b497b999b3dbed754a0513', 'SemEval-2016 Task 4', {
    reference: 'https://www.aclweb.org/anthology/S16-1001',
    domains: ['Blog', 'Web', 'Spoken'],
  }),
  sts('BIOSSES', 'mteb/biosses-sts', 'd3fb88f8f02e40887cd149695127462bbcf29b4a', 'Biomedical Semantic Similarity Estimation.', {
    reference: 'https://tabilab.cmpe.boun.edu.tr/BIOSSES/DataSet.html',
    domains: ['Medical'],
  }),
  sts(
    'STS17',
    'mteb/sts17-crosslingual-sts',
    'faeb762787bd10488a50c8b5be4a3b82e411949c',
    'Semeval-2017 task 1: Semantic textual similarity-multilingual and cross-lingual focused evaluation',
    {
      reference: 'https://alt.qcri.org/semeval2017/task1/',
      subsets: STS17_LANGS,
      fastLoad: true,
      domains: ['News', 'Web', 'Written'],
    },
  ),
  sts(
    'STS22',
    'mteb/sts22-crosslingual-sts',
    'de9d86b3b84231dc21f76c7b7af1f28e2f57f6e3',
    'SemEval 2022 Task 8: Multilingual News Article Similarity',
    {
      reference: 'https://competitions.codalab.org/competitions/33835',
      subsets: STS22_LANGS,
      fastLoad: true,
      params: { min_score: 1, max_score: 4 },
      domains: ['News', 'Written'],
      supersededBy: 'STS22.v2',
    },
  ),
  sts(
    'STS22.v2',
    'mteb/sts22-crosslingual-sts',
    'd31f33a128469b20e357535c39b82fb3c3f6f2bd',
    'SemEval 2022 Task 8: Multilingual News Article Similarity. Version 2 filters updated on STS22 by removing pairs where one of entries contain empty sentences.',
    {
      reference: 'https://competitions.codalab.org/competitions/33835',
      subsets: STS22_LANGS,
      fastLoad: true,
      params: { min_score: 1, max_score: 4 },
      domains: ['News', 'Written'],
    },
  ),
];
