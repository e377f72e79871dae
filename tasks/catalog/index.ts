import { tasks as demo } from '../demo/tasks.js';
import type { TaskMetadata } from '../metadata.js';
import { findTaskTypeSpec } from '../task-types.js';
import { tasks as bitext } from './bitext-mining.js';
import { tasks as classification } from './classification.js';
import { tasks as clustering } from './clustering.js';
import { tasks as mtebBitext } from './mteb/bitext-mining.js';
import { tasks as mtebClassification } from './mteb/classification.js';
import { tasks as mtebClustering } from './mteb/clustering.js';
import { tasks as mtebPair } from './mteb/pair-classification.js';
import { tasks as mtebPending } from './mteb/pending-types.js';
import { tasks as mtebReranking } from './mteb/reranking.js';
import { tasks as mtebRetrieval } from './mteb/retrieval.js';
import { tasks as mtebSts } from './mteb/sts.js';
import { tasks as mtebSummarization } from './mteb/summarization.js';
import { tasks as pair } from './pair-classification.js';
import { tasks as reranking } from './reranking.js';
import { tasks as retrieval } from './retrieval.js';
import { tasks as sts } from './sts.js';
import { tasks as summarization } from './summarization.js';

/**
 * Tasks of the two types whose evaluators are not on this branch yet: listed and selectable, refused by the
 * runner with "not yet supported" until their type is in TASK_TYPES (then they run with no edit here).
 */
const PENDING: TaskMetadata[] = mtebPending.map((p) => {
  const known = findTaskTypeSpec(p.type) !== undefined;
  return {
    ...p,
    ...(known || p.unsupported ? {} : { unsupported: `task type ${p.type} is not implemented yet` }),
  } as unknown as TaskMetadata;
});

/** Every task the runner knows, in a stable order (type, then name). */
export const ALL_TASKS: readonly TaskMetadata[] = [
  ...bitext,
  ...mtebBitext,
  ...classification,
  ...mtebClassification,
  ...clustering,
  ...mtebClustering,
  ...pair,
  ...mtebPair,
  ...reranking,
  ...mtebReranking,
  ...retrieval,
  ...mtebRetrieval,
  ...sts,
  ...mtebSts,
  ...summarization,
  ...mtebSummarization,
  ...PENDING,
  ...demo,
];
