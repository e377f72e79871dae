import * as r from './rules.js';

/** PairClassification parameters (mteb/abstasks/pair_classification.py has none; these mirror dataset_transforms). */
export interface PairClassificationParams {
  /** Column renames {from: to} applied before reading (Sprint and the Twitter tasks rename sent1/sent2). */
  column_renames: Record<string, string>;
}

export const PAIR_CLASSIFICATION_PARAMS = r.defineParams<PairClassificationParams>({ column_renames: {} }, { column_renames: r.stringMap });
