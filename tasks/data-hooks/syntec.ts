/**
 * SyntecRetrieval (load_data of mteb/tasks/retrieval/fra/syntec_retrieval.py): config "documents" (id, content
 * -> text, and its title when the rows have one) and config "queries" at the eval split; query i (its row
 * index) is Question, and its one relevant document is str(Article) with score 1.
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows, idString, rowFail } from './rows.js';

export function syntecHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    listConfigs: async () => ['corpus', 'queries', 'default'],
    async loadRows(config, split) {
      if (config === 'corpus') {
        const src = await ctx.loadRows('documents', split);
        const rows = src.rows.map((r, i) => {
          const id = idString(r.id);
          if (id === undefined || typeof r.content !== 'string') rowFail(ctx, src, i, 'Syntec document needs "id" and a string "content"');
          return { _id: id, title: typeof r.title === 'string' ? r.title : '', text: r.content };
        });
        return derivedRows(
          src,
          rows,
          rows.map((_, i) => i),
        );
      }
      const src = await ctx.loadRows('queries', split);
      const idx = src.rows.map((_, i) => i);
      if (config === 'queries')
        return derivedRows(
          src,
          src.rows.map((r, i) => ({ _id: String(i), text: r.Question })),
          idx,
        );
      return derivedRows(
        src,
        src.rows.map((r, i) => ({ 'query-id': String(i), 'corpus-id': String(r.Article), score: 1 })),
        idx,
      );
    },
  };
}
