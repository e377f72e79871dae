import * as r from './rules.js';

/** BitextMining parameters (mteb/abstasks/bitext_mining.py has none; this mirrors BUCC's dataset_transform). */
export interface BitextMiningParams {
  /** The split is one row of lists; `gold` holds 1-based (i, j) pairs and queries are sentence1[i-1] in gold order. */
  bucc_gold: boolean;
}

export const BITEXT_MINING_PARAMS = r.defineParams<BitextMiningParams>({ bucc_gold: false }, { bucc_gold: r.boolean });
