import type { TaskMetadataOf } from '../metadata.js';

/** Summarization tasks (mteb v2: mteb/tasks/summarization/eng/summ_eval_summarization.py). */
const base = {
  type: 'Summarization' as const,
  reference: 'https://github.com/Yale-LILY/SummEval',
  dataset: { path: 'mteb/summeval', revision: 'cda12ad7615edc362dbf25a00fdd61d3b1eaf93c' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'cosine_spearman',
  category: 't2t',
  domains: ['News', 'Written'],
  origin: 'mteb' as const,
};

export const tasks: TaskMetadataOf<'Summarization'>[] = [
  {
    ...base,
    name: 'SummEval',
    description: 'News Article Summary Semantic Similarity Estimation.',
    // mteb's DeprecatedSummarizationEvaluator (issue #1156): scores average the p-values in.
    params: { min_score: 0, max_score: 5, deprecated_evaluator: true },
    supersededBy: 'SummEvalSummarization.v2',
  },
  {
    ...base,
    name: 'SummEvalSummarization.v2',
    description:
      'News Article Summary Semantic Similarity Estimation. This version fixes a bug in the evaluation script that caused the main score to be computed incorrectly.',
    params: { min_score: 0, max_score: 5 },
  },
];
