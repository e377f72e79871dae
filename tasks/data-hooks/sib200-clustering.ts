/**
 * SIB200ClusteringS2S (mteb/tasks/clustering/multilingual/sib200_clustering_s2s.py, dataset_transform): the
 * subset's train, validation and test rows, in that order, become one "test" split with `sentences` = text and
 * `labels` = category (class-encoded there; v-measure only compares labels for equality, so the names stay).
 */
import type { LoadContext } from '../types/module.js';
import { concatRows, derivedRows, rowFail } from './rows.js';

export const SIB200_SOURCE_SPLITS = ['train', 'validation', 'test'] as const;

export function sib200ClusteringHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    async loadSubsetRows() {
      const all = concatRows(await Promise.all(SIB200_SOURCE_SPLITS.map((s) => ctx.loadSubsetRows(s))));
      const rows = all.rows.map((r, i) => {
        if (typeof r.text !== 'string' || (typeof r.category !== 'string' && typeof r.category !== 'number')) {
          rowFail(ctx, all, i, 'SIB-200 row needs a string "text" and a "category"');
        }
        return { sentences: r.text, labels: r.category };
      });
      return derivedRows(
        all,
        rows,
        rows.map((_, i) => i),
      );
    },
  };
}
