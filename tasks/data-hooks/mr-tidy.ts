/**
 * MrTidyRetrieval (load_data of mteb/tasks/retrieval/multilingual/mr_tidy_retrieval.py): configs
 * "<lang>-qrels" and "<lang>-queries" at split "test", but "<lang>-corpus" at split "train" (title and text kept).
 */
import type { LoadContext } from '../types/module.js';

export function mrTidyHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    loadRows: (config, split) => ctx.loadRows(config, config.endsWith('-corpus') ? 'train' : split),
  };
}
