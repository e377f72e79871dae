/**
 * XNLI (dataset_transform of mteb/tasks/pair_classification/multilingual/xnli.py): each eval split is first
 * stratified-subsampled to 2048 rows by `label` (mteb's stratified_subsampling: HF train_test_split(test_size=
 * 2048, seed=42, stratify_by_column="label")["test"], skipped when the split is not larger), then neutral pairs
 * (label 1) are dropped and entailment (0) becomes 1, contradiction (2) becomes 0; premise/hypothesis are the
 * sentence pair.
 */
import { stratifiedTestIndices } from '../../metrics/stratified-split.js';
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail } from './rows.js';

export const XNLI_SUBSAMPLE = 2048;

export function xnliHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadSubsetRows(split);
      const labels = src.rows.map((r, i) => {
        const l = r.label;
        if (l !== 0 && l !== 1 && l !== 2) rowFail(ctx, src, i, `XNLI label must be 0, 1 or 2, got ${JSON.stringify(l)}`);
        return l;
      });
      let idx = src.rows.map((_, i) => i);
      if (src.rows.length > XNLI_SUBSAMPLE) idx = stratifiedTestIndices(labels, XNLI_SUBSAMPLE, 42);
      const kept = idx.filter((i) => labels[i] === 0 || labels[i] === 2);
      const rows = kept.map((i) => {
        const r = src.rows[i]!;
        return { sentence1: r.premise, sentence2: r.hypothesis, labels: labels[i] === 2 ? 0 : 1 };
      });
      return derivedRows(src, rows, kept);
    },
  };
}
