/**
 * A dataset_transform that only renames columns (e.g. mteb/tasks/sts/fra/sick_fr_sts.py,
 * mteb/tasks/sts/multilingual/sts_benchmark_multilingual_sts.py): params.rename_columns {from: to}, applied to
 * every split of the subset, as Dataset.rename_columns does (a missing source column is an error there too).
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail } from './rows.js';

export function renameColumnsHook(ctx: LoadContext): LoadContext {
  const renames = (ctx.task.params?.rename_columns ?? {}) as Record<string, string>;
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadSubsetRows(split);
      const rows = src.rows.map((r, i) => {
        const out: Record<string, unknown> = {};
        for (const from of Object.keys(renames)) if (!(from in r)) rowFail(ctx, src, i, `column "${from}" to rename is missing`);
        for (const [k, v] of Object.entries(r)) out[renames[k] ?? k] = v;
        return out;
      });
      return derivedRows(
        src,
        rows,
        rows.map((_, i) => i),
      );
    },
  };
}
