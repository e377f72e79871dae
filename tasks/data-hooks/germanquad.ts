/**
 * GermanQuAD-Retrieval (load_data of mteb/tasks/retrieval/deu/german_qu_ad_retrieval.py): corpus from config
 * "corpus" split "corpus" (`_id`, `text`; titles are not read), queries from config "queries" split "queries",
 * judgements from a second repository, `<path>-qrels`, at the eval split. mteb passes no revision to any of the
 * three `load_dataset` calls, so it reads the hub's current `main` of both repositories; we do the same
 * (params.hf_main_revision = "main"), which the catalog entry states as a deviation from the pinned revision.
 */
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';
import { derivedRows, stringParam } from './rows.js';

export function germanQuadHook(ctx: LoadContext): LoadContext {
  const revision = stringParam(ctx, 'hf_main_revision');
  const main = { path: ctx.task.dataset.path, revision };
  return {
    ...ctx,
    listConfigs: async () => ['corpus', 'queries', 'default'],
    async loadRows(config, split): Promise<LoadedRows> {
      if (config === 'corpus') {
        const src = await ctx.loadDatasetRows(main, 'corpus', 'corpus');
        return derivedRows(
          src,
          src.rows.map((r) => ({ _id: r._id, text: r.text })),
          src.rows.map((_, i) => i),
        );
      }
      if (config === 'queries') return ctx.loadDatasetRows(main, 'queries', 'queries');
      return ctx.loadDatasetRows({ path: `${ctx.task.dataset.path}-qrels`, revision }, 'default', split);
    },
  };
}
