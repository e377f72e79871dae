import type { EncodeContext, Encoder } from '../../core/encoder.js';
import type { SklearnRelease } from '../../core/sklearn-release.js';
import type { LoadedRows } from '../data/rows.js';
import type { DatasetRef, TaskInfo } from '../task-info.js';

/** What an evaluator may use to get its rows; the runner decides where they come from. */
export interface LoadContext {
  task: TaskInfo;
  split: string;
  subset: string;
  /** Rows of an explicit config/split (retrieval: "corpus", "queries", "default", "top_ranked"). */
  loadRows(config: string, split: string): Promise<LoadedRows>;
  /** Rows of this subset's split: config = subset, or the fast_load grouping of config "default" by `lang`. */
  loadSubsetRows(split: string): Promise<LoadedRows>;
  /** Config names the dataset declares. */
  listConfigs(): Promise<string[]>;
  /**
   * Split names of the config `loadSubsetRows` reads, in the order `datasets.load_dataset` gives them (card order,
   * else train, validation, test, then others sorted): transforms that loop over every split need it.
   */
  listSubsetSplits(): Promise<string[]>;
  /** Rows of another dataset repo (a transform that reads a second repository, e.g. GermanQuAD's qrels). */
  loadDatasetRows(ref: DatasetRef, config: string, split: string): Promise<LoadedRows>;
}

/** Everything an evaluator needs besides its data. Evaluators never touch the file system. */
export interface EvalContext {
  task: TaskInfo;
  split: string;
  subset: string;
  /** The runner's wrapped encoder: it checks row counts, dimensions and NaN, and names the model in errors. */
  encoder: Encoder;
  batchSize: number;
  /** The scikit-learn release whose classification and clustering results to reproduce. */
  sklearn: SklearnRelease;
  /** Task-level state that persists across splits and subsets of one task run (mteb's task.rng_state). */
  state: Map<string, unknown>;
  /** Records a named phase for evaluation_phases (e.g. "Encoding samples 1"). */
  phase<T>(name: string, fn: () => Promise<T>): Promise<T>;
  log(message: string): void;
  /**
   * Progress of a long scoring phase for the progress display: `done` of `total` `what` ("k-means fits",
   * "experiments", "documents searched"). Report 0 first, then after each unit. It only observes: no score may
   * depend on it, and it may be absent.
   */
  progress?(what: string, done: number, total: number): void;
  /** Problems in the data a user should see without -v (duplicate ids, qrels naming unknown documents); log when absent. */
  warn?(message: string): void;
  /**
   * --save-predictions: `data` is what mteb's `_save_task_predictions` writes for this type; `perSample` the values
   * behind the main score that `diff` resamples (present only when the evaluator has a per-sample statistic).
   * Called only when predictions are requested, so scores never depend on it.
   */
  savePredictions?: (data: unknown, perSample?: PerSample) => void;
}

/**
 * Per-sample values for diff's paired bootstrap. `mean`: the mean of `values` (sample id -> value) is the statistic,
 * e.g. per-query nDCG@10 or per-example accuracy. `spearman`/`pearson`: the correlation of `pred` with `gold`,
 * recomputed on each resample of the pairs (STS). `ap`: the average precision of `pred` (higher = more similar)
 * for the 0/1 labels in `gold`, recomputed on each resample (pair classification); `binary_f1` / `binary_precision` /
 * `binary_recall`: of the fixed 0/1 predictions in `pred` (pair classification at a threshold kept fixed).
 * `macro_f1` / `weighted_f1`: sklearn's f1_score(average=...) of each prediction list against `gold`, averaged over
 * the lists (experiments) and then over the folds; each fold is resampled on its own (classification with f1 as the
 * main score: one fold, one list per experiment, or one fold per cross-validation split; bitext mining: one list).
 * `multilabel_f1`: sklearn's f1_score(average="macro") over the `columns` label columns (a column with neither a true
 * nor a predicted label counts 0) of each experiment's predictions, averaged over the experiments; rows are given as
 * the lists of their positive columns (`gold[i]`, `preds[e][i]`), and each resample recomputes it on the drawn rows.
 */
export type PerSample = (
  | { statistic: 'mean'; metric: string; unit: string; values: Record<string, number> }
  | { statistic: PairStatistic; metric: string; unit: string; gold: number[]; pred: number[] }
  | { statistic: F1Statistic; metric: string; unit: string; folds: F1Fold[] }
  | { statistic: 'multilabel_f1'; metric: string; unit: string; columns: number; gold: number[][]; preds: number[][][] }
) & {
  /** How the values stand for the main score when that is not plain (e.g. a threshold fixed on the full data); diff shows it. */
  note?: string;
};

/** Statistics of (gold, pred) per pair; `binary_*`: of fixed 0/1 predictions `pred` for the 0/1 labels `gold`. */
export type PairStatistic = 'spearman' | 'pearson' | 'ap' | 'binary_f1' | 'binary_precision' | 'binary_recall';

export type F1Statistic = 'macro_f1' | 'weighted_f1';
/** Label ids (any consistent integer coding): the gold labels and one prediction list per experiment. */
export interface F1Fold {
  gold: number[];
  preds: number[][];
}

/** Metric keys of one score row (hf_subset, languages, main_score are added by the runner). */
export type Scores = Record<string, unknown>;

/**
 * Rows of one loaded split/subset in the terms of mteb's descriptive statistics (`num_samples`, and for
 * retrieval `num_documents` / `num_queries`; mteb/abstasks/*.py `_calculate_descriptive_statistics_from_split`).
 */
export interface RowCounts {
  samples: number;
  documents?: number;
  queries?: number;
}

export interface TaskTypeModule<D = unknown> {
  load(ctx: LoadContext): Promise<D>;
  evaluate(data: D, ctx: EvalContext): Promise<Scores>;
  /** Loaded rows as mteb's statistics count them, so a run can warn when they differ from the catalog's. */
  rowCounts?(data: D): RowCounts;
  /**
   * Evaluators whose `ctx.state` carries from one subset to the next (tasks/types/index.ts) give it a JSON form,
   * which the runner stores in the task's checkpoint after every subset, so a resumed run continues the stream.
   */
  saveState?(state: ReadonlyMap<string, unknown>): unknown;
  restoreState?(saved: unknown, state: Map<string, unknown>): void;
  /**
   * diff on predictions mteb wrote: the per-sample values behind the main score from `predictions` (what this
   * module hands `savePredictions` as `data`, in mteb's format) and the loaded split (its gold labels); the same
   * values the evaluator itself saves. Undefined when the main score has no per-sample statistic; throws
   * PredictionsMismatch (./saved-predictions.ts) when the predictions do not fit the data.
   */
  perSample?(data: D, predictions: unknown, task: TaskInfo): PerSample | undefined;
}

/**
 * What the encoder is told about one encode call: the task's name and type (prompt resolution and the embedding
 * cache key on them) and the subset's languages, never the task's full metadata.
 */
export function encodeContext(ctx: Pick<EvalContext, 'task' | 'split' | 'subset' | 'batchSize'>, split = ctx.split): EncodeContext {
  const { task, subset } = ctx;
  return { task: { name: task.name, type: task.type }, split, subset, languages: task.subsets[subset] ?? [], batchSize: ctx.batchSize };
}
