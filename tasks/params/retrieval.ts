import * as r from './rules.js';

/** Retrieval and Reranking parameters (mteb/abstasks/retrieval.py and the tasks' metadata / dataset_transforms). */
export interface RetrievalParams {
  /** Drop retrieved documents whose id equals the query id (mteb's `ignore_identical_ids`, e.g. ArguAna, Quora). */
  ignore_identical_ids: boolean;
  /** Queries "{id}_{n}" are merged per id and every key is also reported as `max_over_subqueries_*` (MindSmall). */
  max_over_subqueries: boolean;
  /** Corpus documents are their text only, without the title (NanoBEIR's load_data keeps only _id/text). */
  ignore_titles: boolean;
  /** Every judgement counts as relevance 1 (NanoBEIR's load_data). */
  binary_qrels: boolean;
}

export const RETRIEVAL_PARAMS = r.defineParams<RetrievalParams>(
  { ignore_identical_ids: false, max_over_subqueries: false, ignore_titles: false, binary_qrels: false },
  { ignore_identical_ids: r.boolean, max_over_subqueries: r.boolean, ignore_titles: r.boolean, binary_qrels: r.boolean },
);
