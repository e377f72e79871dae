/**
 * CodeSearchNetCCRetrieval and COIRCodeSearchNetRetrieval (_load_code_search_code_retrieval in
 * mteb/tasks/retrieval/code/code_search_net_cc_retrieval.py and coir_code_search_net_retrieval.py): configs
 * "<lang>-qrels" at the eval split, "<lang>-corpus" at split "corpus" (title and text), "<lang>-queries" at split
 * "queries" keeping only rows whose partition is "test".
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows } from './rows.js';

export function codeSearchNetHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    async loadRows(config, split) {
      if (config.endsWith('-corpus')) return ctx.loadRows(config, 'corpus');
      if (config.endsWith('-queries')) {
        const src = await ctx.loadRows(config, 'queries');
        const kept = src.rows.flatMap((r, i) => (r.partition === 'test' ? [i] : []));
        return derivedRows(
          src,
          kept.map((i) => src.rows[i]!),
          kept,
        );
      }
      return ctx.loadRows(config, split);
    },
  };
}
