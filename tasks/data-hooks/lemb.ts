/**
 * LongEmbed retrieval tasks (load_data of mteb/tasks/retrieval/eng/lemb_{narrative_qa,summ_screen_fd,wikim_qa}_
 * retrieval.py, lembqm_sum_retrieval.py, lemb_needle_retrieval.py): the default config has splits `queries`
 * (qid, text), `corpus` (doc_id, text) and `qrels` (qid, doc_id), read into dicts, so a repeated id keeps its
 * first position and its last value, and each query keeps only the LAST qrels row's document (relevance 1).
 * The config is mteb's `dataset["name"]` (params.hf_config: narrativeqa, qmsum, needle, ...).
 * Needle/passkey splits are named "test_<n>": params.lemb_context_length_splits keeps the rows whose
 * context_length is n.
 */
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';
import { derivedRows, idString, rowFail, stringParam } from './rows.js';

export function lembHook(ctx: LoadContext): LoadContext {
  const byLength = ctx.task.params?.lemb_context_length_splits === true;
  const config = stringParam(ctx, 'hf_config');
  const load = async (name: 'queries' | 'corpus' | 'qrels', split: string): Promise<{ src: LoadedRows; idx: number[] }> => {
    const src = await ctx.loadRows(config, name);
    let idx = src.rows.map((_, i) => i);
    if (byLength) {
      const n = Number.parseInt(split.split('_')[1] ?? '', 10);
      idx = idx.filter((i) => src.rows[i]!.context_length === n);
    }
    return { src, idx };
  };
  /** dict(row[key] -> value): first position, last value. */
  const asDict = (src: LoadedRows, idx: number[], key: string, value: (r: Record<string, unknown>, i: number) => Record<string, unknown>) => {
    const pos = new Map<string, number>();
    const rows: Record<string, unknown>[] = [];
    const from: number[] = [];
    for (const i of idx) {
      const r = src.rows[i]!;
      const id = idString(r[key]);
      if (id === undefined) rowFail(ctx, src, i, `LongEmbed row has no "${key}"`);
      const v = value(r, i);
      const at = pos.get(id);
      if (at === undefined) {
        pos.set(id, rows.length);
        rows.push(v);
        from.push(i);
      } else {
        rows[at] = v;
        from[at] = i;
      }
    }
    return derivedRows(src, rows, from);
  };
  const text = (src: LoadedRows, r: Record<string, unknown>, i: number): string => {
    if (typeof r.text !== 'string') rowFail(ctx, src, i, 'LongEmbed row needs a string "text"');
    return r.text;
  };
  return {
    ...ctx,
    listConfigs: async () => ['corpus', 'queries', 'default'],
    async loadRows(config, split) {
      if (config === 'queries') {
        const { src, idx } = await load('queries', split);
        return asDict(src, idx, 'qid', (r, i) => ({ _id: idString(r.qid), text: text(src, r, i) }));
      }
      if (config === 'corpus') {
        const { src, idx } = await load('corpus', split);
        return asDict(src, idx, 'doc_id', (r, i) => ({ _id: idString(r.doc_id), text: text(src, r, i) }));
      }
      const { src, idx } = await load('qrels', split);
      return asDict(src, idx, 'qid', (r, i) => {
        const doc = idString(r.doc_id);
        if (doc === undefined) rowFail(ctx, src, i, 'LongEmbed qrels row has no "doc_id"');
        return { 'query-id': idString(r.qid), 'corpus-id': doc, score: 1 };
      });
    },
  };
}
