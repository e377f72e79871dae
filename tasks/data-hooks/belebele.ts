/**
 * BelebeleRetrieval (load_data of mteb/tasks/retrieval/multilingual/belebele_retrieval.py): subset "x-y" has
 * eval_langs [corpus language, question language]; both configs (e.g. "acm_Arab") are read at split "test".
 * Corpus: one document per distinct `link` of the corpus-language rows, ids C0, C1, ... in first-seen order,
 * text = flores_passage. Queries: one per distinct `question` text of the question-language rows, ids Q0, Q1, ...;
 * each question row makes its link's document relevant (score 1).
 */
import type { LoadContext } from '../types/module.js';
import { serveRetrievalTriple } from './retrieval-triple.js';
import { derivedRows, rowFail } from './rows.js';

export function belebeleHook(ctx: LoadContext): LoadContext {
  const langs = ctx.task.subsets[ctx.subset] ?? [];
  const [corpusLang, questionLang] = langs.map((l) => l.replace('-', '_'));
  const built = (async () => {
    if (!corpusLang || !questionLang) throw new Error(`Belebele subset ${ctx.subset} has no language pair`);
    const [corpusSrc, questionSrc] = await Promise.all([ctx.loadRows(corpusLang, 'test'), ctx.loadRows(questionLang, 'test')]);
    const docOf = new Map<string, string>();
    const corpus: Record<string, unknown>[] = [];
    const corpusFrom: number[] = [];
    corpusSrc.rows.forEach((r, i) => {
      if (typeof r.link !== 'string' || typeof r.flores_passage !== 'string')
        rowFail(ctx, corpusSrc, i, 'Belebele row needs string "link" and "flores_passage"');
      if (docOf.has(r.link)) return;
      const id = `C${docOf.size}`;
      docOf.set(r.link, id);
      corpus.push({ _id: id, title: '', text: r.flores_passage });
      corpusFrom.push(i);
    });
    const qidOf = new Map<string, string>();
    const queries: Record<string, unknown>[] = [];
    const queryFrom: number[] = [];
    const qrels: Record<string, unknown>[] = [];
    const qrelFrom: number[] = [];
    questionSrc.rows.forEach((r, i) => {
      if (typeof r.question !== 'string' || typeof r.link !== 'string')
        rowFail(ctx, questionSrc, i, 'Belebele row needs string "question" and "link"');
      let qid = qidOf.get(r.question);
      if (qid === undefined) {
        qid = `Q${qidOf.size}`;
        qidOf.set(r.question, qid);
        queries.push({ _id: qid, text: r.question });
        queryFrom.push(i);
      }
      const doc = docOf.get(r.link);
      if (doc === undefined) rowFail(ctx, questionSrc, i, `link ${JSON.stringify(r.link)} has no passage in ${corpusLang} (mteb raises KeyError)`);
      qrels.push({ 'query-id': qid, 'corpus-id': doc, score: 1 });
      qrelFrom.push(i);
    });
    return {
      corpus: derivedRows(corpusSrc, corpus, corpusFrom),
      queries: derivedRows(questionSrc, queries, queryFrom),
      qrels: derivedRows(questionSrc, qrels, qrelFrom),
    };
  })();
  built.catch(() => {});
  return serveRetrievalTriple(ctx, () => built);
}
