import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { TaskMetadata, TaskType } from '../../tasks/metadata.js';

/**
 * Cost of a work unit, in "texts encoded" (encoding dominates every task type but clustering's k-means, which is
 * folded into its default). Only the ratio between units matters: it decides which shard a unit goes to.
 *
 * Retrieval corpora dominate a leaderboard run, so the big ones are listed with their corpus + query counts
 * (BEIR, Thakur et al. 2021, table 1; MSMARCO = 8.84M passages + 6,980 dev queries). Everything else gets a
 * per-type default per (split, subset); in-memory tasks (demo) are counted exactly, local folders by size.
 */
const KNOWN_TEXTS: Record<string, number> = {
  MSMARCO: 8_841_823 + 6_980,
  ClimateFEVER: 5_416_593 + 1_535,
  FEVER: 5_416_568 + 6_666,
  HotpotQA: 5_233_329 + 7_405,
  DBPedia: 4_635_922 + 400,
  NQ: 2_681_468 + 3_452,
  QuoraRetrieval: 522_931 + 10_000,
  Touche2020: 382_545 + 49,
  TRECCOVID: 171_332 + 50,
  FiQA2018: 57_638 + 648,
  SCIDOCS: 25_657 + 1_000,
  ArguAna: 8_674 + 1_406,
  NFCorpus: 3_633 + 323,
  SciFact: 5_183 + 300,
};

const PER_PAIR_DEFAULT: Record<TaskType, number> = {
  Retrieval: 40_000,
  Reranking: 20_000,
  InstructionReranking: 20_000,
  MultilabelClassification: 10_000,
  Classification: 10_000,
  Clustering: 20_000,
  STS: 3_000,
  PairClassification: 6_000,
  BitextMining: 2_000,
  Summarization: 3_000,
};

function inlineTexts(task: TaskMetadata, split: string, subset: string): number | undefined {
  if (!task.inline) return undefined;
  let n = 0;
  for (const [config, splits] of Object.entries(task.inline)) {
    // Retrieval-style configs (corpus, queries) count for every subset; a subset's own config counts for itself.
    if (config !== subset && config !== 'default' && config in task.subsets) continue;
    for (const [sp, rows] of Object.entries(splits)) if (sp === split || config === 'corpus' || config === 'queries') n += rows.length;
  }
  return Math.max(1, n);
}

/** Estimated cost of one (split, subset) of a task. */
export function pairCost(task: TaskMetadata, split: string, subset: string): number {
  const pairs = task.evalSplits.length * Object.keys(task.subsets).length;
  const inline = inlineTexts(task, split, subset);
  if (inline !== undefined) return inline;
  const local = localTexts(task.dataset.path);
  if (local !== undefined) return Math.max(1, Math.round(local / pairs));
  const known = KNOWN_TEXTS[task.name];
  // CQADupstack forums and the like are covered by the type default; a known total is spread over its pairs.
  if (known !== undefined) return Math.max(1, Math.round(known / pairs));
  return PER_PAIR_DEFAULT[task.type] ?? 10_000;
}

/** A local dataset folder (custom tasks): its bytes over a typical 80-byte text. */
function localTexts(path: string): number | undefined {
  if (!isAbsolute(path) || !existsSync(path)) return undefined;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.isFile()) bytes += statSync(join(dir, e.name)).size;
    }
  };
  if (statSync(path).isDirectory()) walk(path);
  else bytes = statSync(path).size;
  return bytes / 80;
}
