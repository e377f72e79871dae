/**
 * CodeEditSearchRetrieval (load_data of mteb/tasks/retrieval/code/code_edit_search_retrieval.py): per language
 * subset, `load_dataset(path, data_dir=<lang>, split="train")` (the repo folder named after the subset) and its
 * first 1000 rows: query str(i) = instruction, document str(commit) = diff, judgement {commit: 1}. The corpus is
 * a dict keyed by commit, so a repeated commit keeps its first position and its last diff.
 */
import type { LoadContext } from '../types/module.js';
import { type RetrievalTriple, serveRetrievalTriple } from './retrieval-triple.js';
import { derivedRows, idString, rowFail } from './rows.js';

export const CODE_EDIT_ROWS = 1000;

export function codeEditSearchHook(ctx: LoadContext): LoadContext {
  let built: Promise<RetrievalTriple> | undefined;
  const build = (split: string) =>
    (built ??= ctx.loadRows(ctx.subset, split).then((src) => {
      const n = Math.min(CODE_EDIT_ROWS, src.rows.length);
      const corpus = new Map<string, { text: unknown; from: number }>();
      const queries: Record<string, unknown>[] = [];
      const qrels: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) {
        const r = src.rows[i]!;
        const commit = idString(r.commit);
        if (commit === undefined || typeof r.instruction !== 'string' || typeof r.diff !== 'string') {
          rowFail(ctx, src, i, 'CodeEditSearch row needs "commit", a string "instruction" and a string "diff"');
        }
        queries.push({ _id: String(i), text: r.instruction });
        const prev = corpus.get(commit);
        corpus.set(commit, { text: r.diff, from: prev?.from ?? i });
        qrels.push({ 'query-id': String(i), 'corpus-id': commit, score: 1 });
      }
      const idx = Array.from({ length: n }, (_, i) => i);
      return {
        corpus: derivedRows(
          src,
          [...corpus].map(([id, v]) => ({ _id: id, text: v.text })),
          [...corpus.values()].map((v) => v.from),
        ),
        queries: derivedRows(src, queries, idx),
        qrels: derivedRows(src, qrels, idx),
      };
    }));
  return serveRetrievalTriple(ctx, build);
}
