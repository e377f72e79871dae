/**
 * BRIGHT v1.1 (load_bright_data in mteb/tasks/retrieval/eng/bright_v1_1_retrieval.py): config `documents`
 * (or `long_documents` when the split is not "standard") and config `examples`, both read from the split named
 * by the domain (params.bright_domain). Corpus id/content; queries id/query; every gold id (gold_ids, or
 * gold_ids_long) is relevant with score 1. When any example lists excluded_ids (other than ["N/A"]), every query
 * gets a candidate list: all documents in corpus order minus its excluded ids (all documents when it has none).
 */
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';
import { derivedRows, idString, rowFail, stringParam } from './rows.js';

export function brightHook(ctx: LoadContext): LoadContext {
  const domain = stringParam(ctx, 'bright_domain');
  const standard = (split: string) => split === 'standard';
  const corpusOf = (split: string) => ctx.loadRows(standard(split) ? 'documents' : 'long_documents', domain);
  const examples = () => ctx.loadRows('examples', domain);
  const excludedOf = (r: Record<string, unknown>): string[] => {
    const ex = r.excluded_ids;
    if (!Array.isArray(ex) || !ex.length || (ex.length === 1 && ex[0] === 'N/A')) return [];
    return ex.map((x) => String(x));
  };
  const docIds = (src: LoadedRows): string[] => src.rows.map((r, i) => idString(r.id) ?? rowFail(ctx, src, i, 'BRIGHT document has no "id"'));
  return {
    ...ctx,
    async listConfigs() {
      const ex = await examples();
      return ['corpus', 'queries', 'default', ...(ex.rows.some((r) => excludedOf(r).length) ? ['top_ranked'] : [])];
    },
    async loadRows(config, split) {
      if (config === 'corpus') {
        const src = await corpusOf(split);
        const rows = src.rows.map((r, i) => {
          if (typeof r.content !== 'string') rowFail(ctx, src, i, 'BRIGHT document needs a string "content"');
          return { _id: idString(r.id), text: r.content };
        });
        return derivedRows(
          src,
          rows,
          rows.map((_, i) => i),
        );
      }
      const src = await examples();
      const idx = src.rows.map((_, i) => i);
      if (config === 'queries') {
        return derivedRows(
          src,
          src.rows.map((r) => ({ _id: idString(r.id), text: r.query })),
          idx,
        );
      }
      if (config === 'top_ranked') {
        const all = docIds(await corpusOf(split));
        const rows = src.rows.map((r) => {
          const excluded = new Set(excludedOf(r));
          return { 'query-id': idString(r.id), 'corpus-ids': excluded.size ? all.filter((d) => !excluded.has(d)) : all };
        });
        return derivedRows(src, rows, idx);
      }
      const field = standard(split) ? 'gold_ids' : 'gold_ids_long';
      const rows: Record<string, unknown>[] = [];
      const from: number[] = [];
      src.rows.forEach((r, i) => {
        const gold = r[field];
        if (!Array.isArray(gold)) rowFail(ctx, src, i, `BRIGHT example needs a "${field}" list`);
        for (const g of gold) {
          rows.push({ 'query-id': idString(r.id), 'corpus-id': String(g), score: 1 });
          from.push(i);
        }
      });
      return derivedRows(src, rows, from);
    },
  };
}
