/**
 * FollowIR's p-MRR (Weller et al. 2024) as mteb v2 computes it (mteb/_evaluators/retrieval_metrics.py
 * `evaluate_p_mrr_change`, `calculate_pmrr`, `get_rank_from_dict`, `rank_score`):
 * - the run is split into `original_run` (query ids ending in "-og") and `new_run` (every other id);
 * - for each topic of `qrel_diff` (its order) whose "{t}-og" and "{t}-changed" runs both exist, each listed
 *   document gets its 1-based rank in both runs, ordered by (score, doc id) descending (Python compares str
 *   by code point); a document absent from a run ranks len(run) + 1;
 * - pair score: og ≥ new ? (1/og)/(1/new) − 1 : 1 − (1/new)/(1/og), evaluated literally in float64;
 * - pandas `groupby("qid").mean()` (groups sorted by topic id, Kahan-compensated sums in pair order), then
 *   `Series.mean()` over topics (numpy pairwise summation).
 */

import { compareCodePoints } from './code-point-order.js';
import { pairwiseSum64 } from './pairwise-sum.js';
import type { Run } from './ranking.js';

/** mteb `get_rank_from_dict`: (rank, score) of `docId`, or (len + 1, 0) when it is not in the run. */
export function rankInRun(docs: ReadonlyMap<string, number>, docId: string): { rank: number; score: number } {
  const s = docs.get(docId);
  if (s === undefined) return { rank: docs.size + 1, score: 0 };
  let before = 0;
  for (const [id, v] of docs) if (v > s || (v === s && compareCodePoints(id, docId) > 0)) before++;
  return { rank: before + 1, score: s };
}

/** mteb `rank_score`: > 0 when the document dropped under the changed instruction, < 0 when it rose. */
export function rankScore(ogRank: number, newRank: number): number {
  return ogRank >= newRank ? 1 / ogRank / (1 / newRank) - 1 : 1 - 1 / newRank / (1 / ogRank);
}

export interface PMrrPair {
  qid: string;
  docId: string;
  ogRank: number;
  newRank: number;
  score: number;
}

export interface PMrrResult {
  pMrr: number;
  /** Topic id -> the mean of its pairs' scores (pMrr is the mean of these, topics in code-point order). */
  perTopic: Map<string, number>;
  pairs: PMrrPair[];
  /** Topics of qrel_diff without both an "-og" and a "-changed" run (mteb logs a warning and skips them). */
  skipped: string[];
}

/** Splits a run as `evaluate_p_mrr_change` does: ids ending in "-og" vs all others. */
export function splitInstructionRun<T>(run: ReadonlyMap<string, T>): { og: Map<string, T>; changed: Map<string, T> } {
  const og = new Map<string, T>();
  const changed = new Map<string, T>();
  for (const [qid, v] of run) (qid.endsWith('-og') ? og : changed).set(qid, v);
  return { og, changed };
}

/** pandas' group mean: Kahan-compensated running sum divided by the count. */
function kahanMean(values: readonly number[]): number {
  let sum = 0;
  let comp = 0;
  for (const v of values) {
    const y = v - comp;
    const t = sum + y;
    comp = t - sum - y;
    if (Number.isNaN(comp)) comp = 0;
    sum = t;
  }
  return sum / values.length;
}

/** mteb `calculate_pmrr(original_run, new_run, changed_qrels)`; throws when no pair survives (mteb fails). */
export function calculatePMrr(originalRun: Run, newRun: Run, changedQrels: ReadonlyMap<string, readonly string[]>): PMrrResult {
  const pairs: PMrrPair[] = [];
  const skipped: string[] = [];
  for (const [qid, docs] of changedQrels) {
    const og = originalRun.get(`${qid}-og`);
    const changed = newRun.get(`${qid}-changed`);
    if (!og || !changed) {
      skipped.push(qid);
      continue;
    }
    for (const docId of docs) {
      const ogRank = rankInRun(og, docId).rank;
      const newRank = rankInRun(changed, docId).rank;
      pairs.push({ qid, docId, ogRank, newRank, score: rankScore(ogRank, newRank) });
    }
  }
  if (!pairs.length) {
    throw new RangeError('p-MRR: no topic of qrel_diff has both an "-og" and a "-changed" run');
  }
  const groups = new Map<string, number[]>();
  for (const p of pairs) {
    const g = groups.get(p.qid);
    if (g) g.push(p.score);
    else groups.set(p.qid, [p.score]);
  }
  const perTopic = new Map([...groups.keys()].sort(compareCodePoints).map((q) => [q, kahanMean(groups.get(q)!)] as const));
  const topicMeans = [...perTopic.values()];
  return { pMrr: pairwiseSum64(topicMeans) / topicMeans.length, perTopic, pairs, skipped };
}
