import * as r from './rules.js';

/** MultilabelClassification parameters: mteb AbsTaskMultilabelClassification's class attributes (mteb/abstasks/multilabel_classification.py). */
export interface MultilabelClassificationParams {
  samples_per_label: number;
  n_experiments: number;
  train_split: string;
  label_column: string;
  input_column: string;
  /** KNeighborsClassifier(n_neighbors). */
  n_neighbors: number;
  stratified_subsampling?: { splits?: string[]; n_samples?: number };
}

export const MULTILABEL_CLASSIFICATION_PARAMS = r.defineParams<MultilabelClassificationParams>(
  { samples_per_label: 8, n_experiments: 10, train_split: 'train', label_column: 'label', input_column: 'text', n_neighbors: 5 },
  {
    samples_per_label: r.positiveInt,
    n_experiments: r.positiveInt,
    train_split: r.string,
    label_column: r.string,
    input_column: r.string,
    n_neighbors: r.positiveInt,
    stratified_subsampling: r.object({ splits: r.stringList, n_samples: r.positiveInt }, ['splits', 'n_samples']),
  },
);
