/**
 * BibleNLPBitextMining (load_data and dataset_transform of mteb/tasks/bitext_mining/multilingual/
 * bible_nlp_bitext_mining.py): subset "xxx_Scrp-eng_Latn" reads config "eng-xxx" (English first, 3-letter codes),
 * split slice params.hf_split_slice ("train[:256]": the first 256 rows of train); the subset's first language
 * column becomes sentence1 and the second sentence2, so both directions of a pair share the rows.
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail, stringParam } from './rows.js';

/** mteb's _transform_lang_name_hf: "aai_Latn-eng_Latn" -> "eng-aai". */
export function bibleConfig(subset: string): string {
  const langs = subset.split('-').map((l) => l.split('_')[0]!);
  if (langs[1] === 'eng') [langs[0], langs[1]] = [langs[1]!, langs[0]!];
  return langs.join('-');
}

export function bibleNlpHook(ctx: LoadContext): LoadContext {
  const slice = /^(\w+)\[:(\d+)\]$/.exec(stringParam(ctx, 'hf_split_slice'));
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const [l1, l2] = ctx.subset.split('-').map((l) => l.split('_')[0]!);
      const src = await ctx.loadRows(bibleConfig(ctx.subset), slice ? slice[1]! : split);
      const n = slice ? Math.min(Number(slice[2]), src.rows.length) : src.rows.length;
      const rows = src.rows.slice(0, n).map((r, i) => {
        const a = r[l1!];
        const b = r[l2!];
        if (typeof a !== 'string' || typeof b !== 'string') rowFail(ctx, src, i, `BibleNLP row needs string columns "${l1}" and "${l2}"`);
        return { sentence1: a, sentence2: b };
      });
      return derivedRows(
        src,
        rows,
        rows.map((_, i) => i),
      );
    },
  };
}
