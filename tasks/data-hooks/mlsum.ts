/**
 * MLSUM clustering (mteb/tasks/clustering/multilingual/mlsum_clustering_p2p.py and mlsum_clustering_s2s.py):
 * config = the language subset; sentences = `title + " " + text` (P2P, params.mlsum_title) or `text` (S2S),
 * labels = `topic`.
 * - `mlsum-legacy` (MLSUMClusteringP2P/S2S, AbsTaskClusteringLegacy): the split's rows become 10 cluster sets
 *   with np.array_split(values, 10).
 * - `mlsum` (the .v2 tasks): rows whose topic occurs once in the split are dropped (np.unique counts == 1),
 *   then mteb's stratified_subsampling keeps 2048 rows stratified by topic (HF train_test_split(test_size=2048,
 *   seed=42, stratify_by_column="labels")["test"]) when the split has more.
 */
import { stratifiedTestIndices } from '../../metrics/stratified-split.js';
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';
import { arraySplitBounds } from './array-split-clustering.js';
import { derivedRows, rowFail } from './rows.js';

export const MLSUM_SUBSAMPLE = 2048;

function sentencesAndTopics(ctx: LoadContext, src: LoadedRows): { sentences: string[]; topics: string[] } {
  const withTitle = ctx.task.params?.mlsum_title === true;
  const sentences: string[] = [];
  const topics: string[] = [];
  src.rows.forEach((r, i) => {
    if (typeof r.text !== 'string' || typeof r.topic !== 'string' || (withTitle && typeof r.title !== 'string')) {
      rowFail(ctx, src, i, `MLSUM row needs string "text"${withTitle ? ', "title"' : ''} and "topic"`);
    }
    sentences.push(withTitle ? `${r.title as string} ${r.text}` : r.text);
    topics.push(r.topic);
  });
  return { sentences, topics };
}

export function mlsumLegacyHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadSubsetRows(split);
      const { sentences, topics } = sentencesAndTopics(ctx, src);
      const bounds = arraySplitBounds(src.rows.length, 10);
      const sets = bounds.map(([a, b]) => ({ sentences: sentences.slice(a, b), labels: topics.slice(a, b) }));
      return derivedRows(
        src,
        sets,
        bounds.map(([a]) => a),
      );
    },
  };
}

/** Row indices the .v2 transform keeps, in the order HF `select` returns them. */
export function mlsumV2Indices(topics: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const t of topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = topics.flatMap((t, i) => (counts.get(t)! > 1 ? [i] : []));
  if (kept.length <= MLSUM_SUBSAMPLE) return kept;
  return stratifiedTestIndices(
    kept.map((i) => topics[i]!),
    MLSUM_SUBSAMPLE,
    42,
  ).map((j) => kept[j]!);
}

export function mlsumHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadSubsetRows(split);
      const { sentences, topics } = sentencesAndTopics(ctx, src);
      const idx = mlsumV2Indices(topics);
      return derivedRows(
        src,
        idx.map((i) => ({ sentences: sentences[i], labels: topics[i] })),
        idx,
      );
    },
  };
}
