import * as r from './rules.js';

/** Summarization parameters: mteb AbsTaskSummarization's class attributes (mteb/abstasks/summarization.py). */
export interface SummarizationParams {
  /** Relevance is rescaled to (x - min_score) / (max_score - min_score). */
  min_score: number;
  max_score: number;
  /** mteb's DeprecatedSummarizationEvaluator (SummEval, MTEB(eng, v1)): scores average the p-values in. */
  deprecated_evaluator: boolean;
}

export const SUMMARIZATION_PARAMS = r.defineParams<SummarizationParams>(
  { min_score: 0, max_score: 5, deprecated_evaluator: false },
  { min_score: r.number, max_score: r.number, deprecated_evaluator: r.boolean },
);
