import type { TaskMetadata } from '../metadata.js';
import { tasks as bitextDemo } from './bitext-mining.js';
import { tasks as classificationDemo } from './classification.js';
import { tasks as clusteringDemo } from './clustering.js';
import { tasks as pairDemo } from './pair-classification.js';
import { tasks as rerankingDemo } from './reranking.js';
import { tasks as retrievalDemo } from './retrieval.js';
import { tasks as stsDemo } from './sts.js';
import { tasks as summarizationDemo } from './summarization.js';

export const tasks: TaskMetadata[] = [
  ...stsDemo,
  ...pairDemo,
  ...bitextDemo,
  ...summarizationDemo,
  ...retrievalDemo,
  ...rerankingDemo,
  ...clusteringDemo,
  ...classificationDemo,
];
