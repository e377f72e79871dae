/**
 * BitextMining with `parallel_subsets = True` (mteb/abstasks/text/bitext_mining.py; the load_data of
 * mteb/tasks/bitext_mining/multilingual/{flores,ntrex,in22_gen}_bitext_mining.py loads the dataset's default
 * config): one split whose columns are languages; subset "a-b" pairs column a (the queries, sentence1) with
 * column b (the searched corpus, sentence2), and row i's translation is row i.
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail } from './rows.js';

export function parallelBitextHook(ctx: LoadContext): LoadContext {
  const [a, b, ...rest] = ctx.subset.split('-');
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadRows('default', split);
      if (!a || !b || rest.length) rowFail(ctx, src, 0, `parallel bitext subset "${ctx.subset}" is not "<column>-<column>"`);
      const rows = src.rows.map((r, i) => {
        const s1 = r[a];
        const s2 = r[b];
        if (typeof s1 !== 'string' || typeof s2 !== 'string') rowFail(ctx, src, i, `parallel bitext row needs string columns "${a}" and "${b}"`);
        return { sentence1: s1, sentence2: s2 };
      });
      return derivedRows(
        src,
        rows,
        rows.map((_, i) => i),
      );
    },
  };
}
