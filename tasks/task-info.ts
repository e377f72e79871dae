/**
 * A task as evaluators and data loaders see it. Kept apart from metadata.ts on purpose: metadata.ts types tasks by
 * the task-type table (task-types.ts), and that table imports the evaluators, so anything the evaluators import
 * must not lead back to it (test/layers.test.ts forbids import cycles).
 */
export interface DatasetRef {
  /** HF repo id, e.g. "mteb/stsbenchmark-sts", or a local folder for custom tasks. */
  path: string;
  /** Pinned commit sha (or a tag for custom tasks). */
  revision: string;
}

/** The fields every task has, whatever its type (metadata.ts adds the typed `type`, `params` and `evaluator`). */
export interface TaskMetadataBase {
  name: string;
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

/** A task of any type, without the per-type typing of `type`, `params` and `evaluator` (TaskMetadata narrows them). */
export interface TaskInfo extends TaskMetadataBase {
  /** A task type name ("STS", "Retrieval", ...). */
  type: string;
  params?: Record<string, unknown>;
  /** An evaluator variant of the type (e.g. "ClusteringLegacy"). */
  evaluator?: string;
}
