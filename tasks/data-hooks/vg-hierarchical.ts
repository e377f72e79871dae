/**
 * VGHierarchicalClusteringP2P/S2S (dataset_transform of mteb/tasks/clustering/nob/vg_hierarchical_clustering.py):
 * params.vg_text_column ("article" or "ingress") -> sentences, classes -> labels = classes.split(",")[:2]; the
 * test subsample to 2048 rows (HF train_test_split(test_size=2048, seed=42)["test"]) is params.subsample, which the
 * clustering loader applies after this.
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail, stringParam } from './rows.js';

export function vgHierarchicalHook(ctx: LoadContext): LoadContext {
  const textColumn = stringParam(ctx, 'vg_text_column');
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadSubsetRows(split);
      const rows = src.rows.map((r, i) => {
        if (typeof r[textColumn] !== 'string' || typeof r.classes !== 'string')
          rowFail(ctx, src, i, `VG row needs string "${textColumn}" and "classes"`);
        return { sentences: r[textColumn], labels: (r.classes as string).split(',').slice(0, 2) };
      });
      return derivedRows(
        src,
        rows,
        rows.map((_, i) => i),
      );
    },
  };
}
