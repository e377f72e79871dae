/**
 * PublicHealthQA (load_data of mteb/tasks/retrieval/multilingual/public_health_qa_retrieval.py): the subset's
 * config at the eval split has question/answer rows. Ids come from a first pass over all rows (Q<n> per distinct
 * non-null question, D<n> per distinct non-null answer); a second pass over the rows with both fields adds the
 * query, the document (text = answer, first-seen order) and the judgement (score 1).
 */
import type { LoadContext } from '../types/module.js';
import { type RetrievalTriple, serveRetrievalTriple } from './retrieval-triple.js';
import { derivedRows } from './rows.js';

export function publicHealthQaHook(ctx: LoadContext): LoadContext {
  let built: Promise<RetrievalTriple> | undefined;
  const build = (split: string) =>
    (built ??= ctx.loadSubsetRows(split).then((src) => {
      const qIds = new Map<string, number>();
      const aIds = new Map<string, number>();
      for (const r of src.rows) {
        if (typeof r.question === 'string' && !qIds.has(r.question)) qIds.set(r.question, qIds.size);
        if (typeof r.answer === 'string' && !aIds.has(r.answer)) aIds.set(r.answer, aIds.size);
      }
      const corpus: Record<string, unknown>[] = [];
      const corpusFrom: number[] = [];
      const queries: Record<string, unknown>[] = [];
      const queryFrom: number[] = [];
      const qrels: Record<string, unknown>[] = [];
      const seenQ = new Set<string>();
      const seenD = new Set<string>();
      src.rows.forEach((r, i) => {
        if (typeof r.question !== 'string' || typeof r.answer !== 'string') return; // None in the Arabic subset
        const qid = `Q${qIds.get(r.question)}`;
        const did = `D${aIds.get(r.answer)}`;
        if (!seenQ.has(qid)) {
          seenQ.add(qid);
          queries.push({ _id: qid, text: r.question });
          queryFrom.push(i);
        }
        if (!seenD.has(did)) {
          seenD.add(did);
          corpus.push({ _id: did, text: r.answer });
          corpusFrom.push(i);
        }
        qrels.push({ 'query-id': qid, 'corpus-id': did, score: 1 });
      });
      return {
        corpus: derivedRows(src, corpus, corpusFrom),
        queries: derivedRows(src, queries, queryFrom),
        qrels: derivedRows(
          src,
          qrels,
          qrels.map(() => 0),
        ),
      };
    }));
  return serveRetrievalTriple(ctx, build);
}
