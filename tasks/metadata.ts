/** Task metadata: plain data, importable without any heavy dependency (listing must stay instant). */
export type TaskType =
  | 'BitextMining'
  | 'Classification'
  | 'Clustering'
  | 'PairClassification'
  | 'Reranking'
  | 'Retrieval'
  | 'STS'
  | 'Summarization';

export const TASK_TYPES: readonly TaskType[] = [
  'BitextMining',
  'Classification',
  'Clustering',
  'PairClassification',
  'Reranking',
  'Retrieval',
  'STS',
  'Summarization',
];

export interface DatasetRef {
  /** HF repo id, e.g. "mteb/stsbenchmark-sts", or a local folder for custom tasks. */
  path: string;
  /** Pinned commit sha (or a tag for custom tasks). */
  revision: string;
}

export interface TaskMetadata {
  name: string;
  type: TaskType;
  description: string;
  reference?: string;
  dataset: DatasetRef;
  /** Metadata order matters: mteb evaluates splits in this order. */
  evalSplits: string[];
  /** hf_subset -> languages ("eng-Latn"). Monolingual tasks have the single subset "default". */
  subsets: Record<string, string[]>;
  mainScore: string;
  category?: string;
  domains?: string[];
  /** Which evaluator implements the task, when it is not the one named by `type` (e.g. "ClusteringLegacy"). */
  evaluator?: string;
  /** Per-task parameters: samples_per_label, min_score, max_score, ignore_identical_ids, ... */
  params?: Record<string, unknown>;
  /** mteb's fast_load: load config "default" once and group rows by the `lang` column into subsets. */
  fastLoad?: boolean;
  /** Superseded tasks are hidden from filters unless named. */
  supersededBy?: string;
  /** Instruction prompt of the task (str or per prompt type). */
  prompt?: string | { query?: string; document?: string };
  /**
   * Set when mteb-ts cannot reproduce the task yet (e.g. an mteb load_data/dataset_transform not ported): the
   * runner refuses the task with "not yet supported: <this>" instead of scoring different rows.
   */
  unsupported?: string;
  /** The mteb file whose data hook the task's params reproduce (for tasks with a ported transform). */
  port?: string;
  /** Row counts per split from mteb's descriptive stats (all subsets), so a run can warn when loaded rows differ. */
  expectedRows?: Record<string, { samples?: number; documents?: number; queries?: number | null }>;
  /** Known deviations from mteb that users must see in `list tasks`. */
  deviation?: string;
  /** Demo or custom task (not part of mteb). */
  origin?: 'mteb' | 'demo' | 'custom';
  /** For demo/custom tasks whose rows are in memory rather than in a dataset repo. */
  inline?: InlineDataset;
}

/** config -> split -> rows, for tasks whose data ships with the code (the demo). */
export type InlineDataset = Record<string, Record<string, Record<string, unknown>[]>>;

/** ISO 639-3 codes of a subset's languages ("eng-Latn" -> "eng"). */
export function subsetLanguages(task: TaskMetadata, subset: string): string[] {
  return (task.subsets[subset] ?? []).map((l) => l.split('-')[0]!);
}

export function taskLanguages(task: TaskMetadata): string[] {
  return [...new Set(Object.keys(task.subsets).flatMap((s) => subsetLanguages(task, s)))];
}
