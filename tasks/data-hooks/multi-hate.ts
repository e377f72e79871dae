/**
 * MultiHateClassification (dataset_transform of mteb/tasks/classification/multilingual/multi_hate_classification.py):
 * the subset's only split, "test", is cut by HF train_test_split(train_size=1000, test_size=1000, seed=42,
 * stratify_by_column="functionality") into the "train" and "test" splits the task uses; is_hateful -> label
 * (class-encoded there; the labels keep their values here, which only names the classes).
 */
import { stratifiedSplitIndices } from '../../metrics/stratified-split.js';
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail } from './rows.js';

export const MULTI_HATE_SIZE = 1000;

export function multiHateHook(ctx: LoadContext): LoadContext {
  let parts: Promise<{ src: LoadedRows; train: number[]; test: number[] }> | undefined;
  const split = () =>
    (parts ??= ctx.loadSubsetRows('test').then((src) => {
      const fn = src.rows.map((r, i) => {
        const f = r.functionality;
        if (typeof f !== 'string' && typeof f !== 'number') rowFail(ctx, src, i, 'MultiHate row needs a "functionality" value');
        return f;
      });
      return { src, ...stratifiedSplitIndices(fn, MULTI_HATE_SIZE, MULTI_HATE_SIZE, 42) };
    }));
  return {
    ...ctx,
    async loadSubsetRows(name) {
      const { src, train, test } = await split();
      const idx = name === 'train' ? train : test;
      return derivedRows(
        src,
        idx.map((i) => ({ text: src.rows[i]!.text, label: src.rows[i]!.is_hateful })),
        idx,
      );
    },
  };
}
