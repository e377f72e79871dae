import * as r from './rules.js';

/**
 * Clustering parameters: mteb v2 AbsTaskClustering's class attributes (mteb/abstasks/clustering.py), named as
 * there, plus the dataset_transforms of the tasks that have one. The ClusteringLegacy variant reads none.
 */
export interface ClusteringParams {
  /** Fraction of the split drawn with the task RNG before encoding; null: every document. */
  max_fraction_of_documents_to_embed: number | null;
  /** A document count instead of a fraction (only one of the two may be set). */
  max_document_to_embed: number | null;
  /** Rows drawn (with replacement) for each bootstrap k-means run. */
  max_documents_per_cluster: number;
  /** Bootstrap k-means runs per hierarchy level. */
  n_clusters: number;
  k_mean_batch_size: number;
  /** Hierarchy levels scored; null: all. */
  max_depth: number | null;
  /** dataset_transform: rows are legacy cluster sets (lists) to chain into flat rows. */
  flatten_sets: boolean;
  /** dataset_transform: drop the rows whose label occurs only once (StackExchange/Reddit P2P .v2). */
  drop_singleton_labels: boolean;
  /** dataset_transform: split each label string on this separator into hierarchy levels (ArXivHierarchical). */
  split_labels?: string;
  /** dataset_transform: a fixed-size subsample (HF train_test_split, or stratified by the first level), seed 42 unless given. */
  subsample?: { size: number; method: 'train_test_split' | 'stratified'; seed?: number };
}

export const CLUSTERING_PARAMS = r.defineParams<ClusteringParams>(
  {
    max_fraction_of_documents_to_embed: 0.04,
    max_document_to_embed: null,
    max_documents_per_cluster: 16384,
    n_clusters: 10,
    k_mean_batch_size: 512,
    max_depth: null,
    flatten_sets: false,
    drop_singleton_labels: false,
  },
  {
    max_fraction_of_documents_to_embed: r.nullable(r.fraction),
    max_document_to_embed: r.nullable(r.positiveInt),
    max_documents_per_cluster: r.positiveInt,
    n_clusters: r.positiveInt,
    k_mean_batch_size: r.positiveInt,
    max_depth: r.nullable(r.positiveInt),
    flatten_sets: r.boolean,
    drop_singleton_labels: r.boolean,
    split_labels: r.string,
    subsample: r.object({ size: r.positiveInt, method: r.oneOf('train_test_split', 'stratified'), seed: r.number }, ['seed']),
  },
);
