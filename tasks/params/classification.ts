import * as r from './rules.js';

/** Classification parameters: mteb AbsTaskClassification's class attributes (mteb/abstasks/classification.py). */
export interface ClassificationParams {
  /** Training rows kept per label in each experiment's undersampling. */
  samples_per_label: number;
  n_experiments: number;
  /** Split the classifier is trained on. */
  train_split: string;
  /** mteb's label_column_name / input_column_name. */
  label_column: string;
  input_column: string;
  /** KFold(n_splits, shuffle, random_state=42) over the evaluated split instead of a training split. */
  is_cross_validation: boolean;
  n_splits: number;
  /**
   * mteb's `stratified_subsampling` in dataset_transform: HF `train_test_split(test_size=n_samples, seed=42,
   * stratify_by_column=label)["test"]` of these splits (defaults: ["test"], 2048), applied at load time.
   */
  stratified_subsampling?: { splits?: string[]; n_samples?: number };
}

export const CLASSIFICATION_PARAMS = r.defineParams<ClassificationParams>(
  {
    samples_per_label: 8,
    n_experiments: 10,
    train_split: 'train',
    label_column: 'label',
    input_column: 'text',
    is_cross_validation: false,
    n_splits: 5,
  },
  {
    samples_per_label: r.positiveInt,
    n_experiments: r.positiveInt,
    train_split: r.string,
    label_column: r.string,
    input_column: r.string,
    is_cross_validation: r.boolean,
    n_splits: r.positiveInt,
    stratified_subsampling: r.object({ splits: r.stringList, n_samples: r.positiveInt }, ['splits', 'n_samples']),
  },
);
