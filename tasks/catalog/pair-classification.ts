import type { TaskMetadataOf, TaskOverrides } from '../metadata.js';

/** PairClassification tasks (mteb v2: mteb/tasks/pair_classification/eng/...). */
const renameSent = { column_renames: { sent1: 'sentence1', sent2: 'sentence2' } };

function pair(
  name: string,
  path: string,
  revision: string,
  description: string,
  extra: TaskOverrides<'PairClassification'>,
): TaskMetadataOf<'PairClassification'> {
  return {
    name,
    type: 'PairClassification',
    description,
    dataset: { path, revision },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'max_ap',
    category: 't2t',
    params: renameSent,
    origin: 'mteb',
    ...extra,
  };
}

export const tasks: TaskMetadataOf<'PairClassification'>[] = [
  pair(
    'SprintDuplicateQuestions',
    'mteb/sprintduplicatequestions-pairclassification',
    'd66bd1f72af766a5cc4b0ca5e00c162f89e8cc46',
    'Duplicate questions from the Sprint community.',
    {
      reference: 'https://www.aclweb.org/anthology/D18-1131/',
      domains: ['Programming', 'Written'],
      prompt: 'Retrieve duplicate questions from Sprint forum',
    },
  ),
  pair(
    'TwitterSemEval2015',
    'mteb/twittersemeval2015-pairclassification',
    '70970daeab8776df92f5ea462b6173c0b46fd2d1',
    'Paraphrase-Pairs of Tweets from the SemEval 2015 workshop.',
    {
      reference: 'https://alt.qcri.org/semeval2015/task1/',
      domains: ['Social', 'Written'],
      prompt: 'Retrieve tweets that are semantically similar to the given tweet',
    },
  ),
  pair('TwitterURLCorpus', 'mteb/twitterurlcorpus-pairclassification', '8b6510b0b1fa4e4c4f879467980e9be563ec1cdf', 'Paraphrase-Pairs of Tweets.', {
    reference: 'https://languagenet.github.io/',
    domains: ['Social', 'Written'],
    prompt: 'Retrieve tweets that are semantically similar to the given tweet',
  }),
];
