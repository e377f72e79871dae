import * as r from './rules.js';

/** STS parameters: mteb AbsTaskSTS's class attributes (mteb/abstasks/sts.py). */
export interface StsParams {
  /** Gold scores are rescaled to (x - min_score) / (max_score - min_score); correlations do not change. */
  min_score: number;
  max_score: number;
}

export const STS_PARAMS = r.defineParams<StsParams>({ min_score: 0, max_score: 5 }, { min_score: r.number, max_score: r.number });
