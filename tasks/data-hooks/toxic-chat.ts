/**
 * ToxicChatClassification (dataset_transform of mteb/tasks/classification/eng/toxic_chat_classification.py,
 * config params.hf_config = "toxicchat0124"): user_input -> text, toxicity -> label; the test split is
 * stratified-subsampled to 2048 rows by label (HF train_test_split(test_size=2048, seed=42, stratify_by_column=
 * "label")["test"]); then every split keeps only rows with human_annotation true.
 */
import { stratifiedTestIndices } from '../../metrics/stratified-split.js';
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail, stringParam } from './rows.js';

export const TOXIC_CHAT_SUBSAMPLE = 2048;

export function toxicChatHook(ctx: LoadContext): LoadContext {
  const config = stringParam(ctx, 'hf_config');
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadRows(config, split);
      const labels = src.rows.map((r, i) => {
        const l = r.toxicity;
        if (typeof l !== 'number' && typeof l !== 'string') rowFail(ctx, src, i, 'ToxicChat row needs a "toxicity" label');
        return l;
      });
      let idx = src.rows.map((_, i) => i);
      if (split === 'test' && idx.length > TOXIC_CHAT_SUBSAMPLE) idx = stratifiedTestIndices(labels, TOXIC_CHAT_SUBSAMPLE, 42);
      const kept = idx.filter((i) => src.rows[i]!.human_annotation === true);
      return derivedRows(
        src,
        kept.map((i) => ({ text: src.rows[i]!.user_input, label: labels[i] })),
        kept,
      );
    },
  };
}
