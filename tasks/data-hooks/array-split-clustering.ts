/**
 * HALClusteringS2S (dataset_transform of mteb/tasks/clustering/fra/hal_clustering_s2s.py): the test split's
 * `title` and `domain` columns become 10 legacy cluster sets with np.array_split(values, 10) (the first n % 10
 * sets get one extra row), sentences = titles, labels = domains.
 */
import type { LoadContext } from '../types/module.js';
import { derivedRows, rowFail } from './rows.js';

/** np.array_split(range(n), parts) as [start, end) bounds. */
export function arraySplitBounds(n: number, parts: number): [number, number][] {
  const base = Math.floor(n / parts);
  const extra = n % parts;
  const out: [number, number][] = [];
  let start = 0;
  for (let k = 0; k < parts; k++) {
    const end = start + base + (k < extra ? 1 : 0);
    out.push([start, end]);
    start = end;
  }
  return out;
}

export function arraySplitClusteringHook(ctx: LoadContext): LoadContext {
  return {
    ...ctx,
    async loadSubsetRows(split) {
      const src = await ctx.loadSubsetRows(split);
      src.rows.forEach((r, i) => {
        if (typeof r.title !== 'string' || typeof r.domain !== 'string') rowFail(ctx, src, i, 'HAL row needs string "title" and "domain"');
      });
      const sets = arraySplitBounds(src.rows.length, 10).map(([a, b]) => ({
        sentences: src.rows.slice(a, b).map((r) => r.title),
        labels: src.rows.slice(a, b).map((r) => r.domain),
      }));
      return derivedRows(
        src,
        sets,
        arraySplitBounds(src.rows.length, 10).map(([a]) => a),
      );
    },
  };
}
