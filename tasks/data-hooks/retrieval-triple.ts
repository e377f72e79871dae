import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';

/** The three row sets of a retrieval task that a hook builds from differently shaped source rows. */
export type RetrievalTriple = Record<'corpus' | 'queries' | 'qrels', LoadedRows>;

/**
 * A LoadContext that serves a built triple as the standard retrieval configs: "corpus", "queries" and, for any
 * other config, the qrels ("default"), so the Retrieval loader reads it like an mteb-layout dataset.
 */
export function serveRetrievalTriple(ctx: LoadContext, build: (split: string) => Promise<RetrievalTriple>): LoadContext {
  return {
    ...ctx,
    listConfigs: async () => ['corpus', 'queries', 'default'],
    async loadRows(config, split) {
      const b = await build(split);
      return config === 'corpus' ? b.corpus : config === 'queries' ? b.queries : b.qrels;
    },
  };
}
