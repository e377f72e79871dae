/**
 * CUREv1 (load_data of mteb/tasks/retrieval/multilingual/cur_ev1_retrieval.py): every subset (query language)
 * shares the "corpus" config (title and text) and the "qrels" config (score cast to int) of the split; its
 * queries come from config "queries-<subset>" at that split.
 */
import type { LoadContext } from '../types/module.js';

export function cureHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    listConfigs: async () => ['corpus', 'queries', 'qrels'],
    loadRows: (config, split) => ctx.loadRows(config === 'queries' ? `queries-${ctx.subset}` : config, split),
  };
}
