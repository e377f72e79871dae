/**
 * Retrieval tasks whose mteb `dataset_transform` builds mteb's v1 dicts (corpus, queries, relevant_docs) from
 * the rows of every split of the dataset, with one `text2id` map shared by all splits (created before mteb's
 * `for split in self.dataset` loop). A text first seen in an earlier split keeps that split's id, so a later
 * split's judgement can point at a document id of the earlier split: reproducing the eval split therefore
 * replays every split before it, in `datasets`' split order.
 *
 * - `danfever` (mteb/tasks/retrieval/dan/dan_fever_retrieval.py, DanFeverRetrieval): per row, claim -> query
 *   "Q<id>", evidence_extract -> document "C<id>", judgement 1 when the label is "Supported" else 0.
 * - `norquad` (mteb/tasks/retrieval/nob/norquad.py): rows shuffled (HF `Dataset.shuffle(seed=42)`), the first
 *   min(1024, n) kept; question -> query, context and the first answer text -> documents, both relevant.
 * - `snl` (mteb/tasks/retrieval/nob/snl_retrieval.py): rows shuffled, all kept; headline -> query, article ->
 *   document.
 * - `tv2nord` (mteb/tasks/retrieval/dan/tv2_nordretrieval.py): rows shuffled, the first 2048 kept (mteb's
 *   `select(range(2048))` fails on a smaller split, and so do we); summary -> query, text -> document.
 * In the last three, queries and new documents share one counter `n` that restarts at 0 in each split.
 * Python dict semantics are kept: re-assigning a key keeps its first position (JS Map does the same).
 */
import { DatasetError } from '../../core/errors.js';
import { NumpyGenerator } from '../../metrics/stratified-split.js';
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';
import { type RetrievalTriple, serveRetrievalTriple } from './retrieval-triple.js';
import { derivedRows, rowFail } from './rows.js';

/** The v1 dicts of one split; `from` is the source row of each entry (for error messages). */
interface SplitDicts {
  corpus: Map<string, { text: string; from: number }>;
  queries: Map<string, { text: string; from: number }>;
  qrels: Map<string, Map<string, number>>;
}

type SplitTransform = (ctx: LoadContext, rows: LoadedRows, text2id: Map<string, number>) => SplitDicts;

function emptyDicts(): SplitDicts {
  return { corpus: new Map(), queries: new Map(), qrels: new Map() };
}

/** HF `Dataset.shuffle(seed)` row order: numpy `default_rng(seed).permutation(n)`. */
export function hfShuffleOrder(n: number, seed = 42): number[] {
  return n ? new NumpyGenerator(seed).permutation(n) : [];
}

function str(ctx: LoadContext, rows: LoadedRows, i: number, column: string): string {
  const v = rows.rows[i]![column];
  if (typeof v !== 'string') rowFail(ctx, rows, i, `row needs a string "${column}" (mteb's ${ctx.task.name} transform reads it)`);
  return v;
}

/** DanFEVER's ClassLabel names (strombergnlp/danfever, feature `label`): 0 Refuted, 1 Supported, 2 NotEnoughInfo. */
export const DANFEVER_LABELS = ['Refuted', 'Supported', 'NotEnoughInfo'] as const;

const danfever: SplitTransform = (ctx, rows, text2id) => {
  const d = emptyDicts();
  rows.rows.forEach((r, i) => {
    const claim = str(ctx, rows, i, 'claim');
    const evidence = str(ctx, rows, i, 'evidence_extract');
    const label = typeof r.label === 'number' ? DANFEVER_LABELS[r.label] : r.label;
    if (typeof label !== 'string') rowFail(ctx, rows, i, `DanFEVER row needs a "label" (class index 0-2 or name)`);
    const sim = label === 'Supported' ? 1 : 0;
    if (!text2id.has(claim)) text2id.set(claim, text2id.size);
    if (!text2id.has(evidence)) text2id.set(evidence, text2id.size);
    const qid = `Q${text2id.get(claim)}`;
    const did = `C${text2id.get(evidence)}`;
    d.queries.set(qid, { text: claim, from: i });
    d.corpus.set(did, { text: evidence, from: i });
    let m = d.qrels.get(qid);
    if (!m) d.qrels.set(qid, (m = new Map()));
    m.set(did, sim);
  });
  return d;
};

/**
 * The shuffled query/article transforms: each kept row adds query str(n) and, when the article text is new, the
 * document str(n + 1); the query's judgements name the documents of its texts (by text2id, possibly of an
 * earlier split).
 */
function shuffledPairs(opts: {
  limit: (n: number) => number;
  query: string;
  docs: (ctx: LoadContext, rows: LoadedRows, i: number) => string[];
}): SplitTransform {
  return (ctx, rows, text2id) => {
    const d = emptyDicts();
    const order = hfShuffleOrder(rows.rows.length);
    const keep = opts.limit(order.length);
    if (keep > order.length) {
      throw new DatasetError(`mteb keeps the first ${keep} shuffled rows but the split has only ${order.length} (mteb fails here too: IndexError)`, {
        task: ctx.task.name,
        split: ctx.split,
        file: rows.rows.length ? rows.locate(0).file : undefined,
      });
    }
    let n = 0;
    for (const i of order.slice(0, keep)) {
      const q = str(ctx, rows, i, opts.query);
      const docs = opts.docs(ctx, rows, i);
      const qn = n++;
      d.queries.set(String(qn), { text: q, from: i });
      for (const doc of docs) {
        if (!text2id.has(doc)) {
          text2id.set(doc, n);
          d.corpus.set(String(n), { text: doc, from: i });
          n++;
        }
      }
      // A dict literal: a repeated key (answer text = context text) keeps its first position.
      d.qrels.set(String(qn), new Map(docs.map((doc) => [String(text2id.get(doc)), 1] as const)));
    }
    return d;
  };
}

const norquad = shuffledPairs({
  limit: (n) => Math.min(1024, n),
  query: 'question',
  docs: (ctx, rows, i) => {
    const context = str(ctx, rows, i, 'context');
    const answers = rows.rows[i]!.answers as { text?: unknown } | null | undefined;
    const first = Array.isArray(answers?.text) ? answers.text[0] : undefined;
    if (typeof first !== 'string') rowFail(ctx, rows, i, 'NorQuad row needs "answers" with a non-empty "text" list');
    // mteb adds the context before the answer, but lists the answer first in the judgements.
    return [context, first];
  },
});

/** NorQuad's judgement order is {answer, context}; the documents are created context first. */
const norquadOrdered: SplitTransform = (ctx, rows, text2id) => {
  const d = norquad(ctx, rows, text2id);
  for (const [qid, m] of d.qrels) d.qrels.set(qid, new Map([...m].reverse()));
  return d;
};

const snl = shuffledPairs({ limit: (n) => n, query: 'headline', docs: (ctx, rows, i) => [str(ctx, rows, i, 'article')] });
const tv2nord = shuffledPairs({ limit: () => 2048, query: 'summary', docs: (ctx, rows, i) => [str(ctx, rows, i, 'text')] });

export const TEXT_ID_TRANSFORMS = { danfever, norquad: norquadOrdered, snl, tv2nord } as const satisfies Record<string, SplitTransform>;

/** The eval split's dicts after replaying every split up to it with one shared text2id map. */
export async function buildTextIdSplit(ctx: LoadContext, transform: SplitTransform): Promise<{ dicts: SplitDicts; rows: LoadedRows }> {
  const splits = await ctx.listSubsetSplits();
  if (!splits.includes(ctx.split)) {
    throw new DatasetError(`dataset has no split "${ctx.split}" (splits: ${splits.join(', ') || 'none'})`, { task: ctx.task.name, split: ctx.split });
  }
  const text2id = new Map<string, number>();
  for (const s of splits) {
    const rows = await ctx.loadSubsetRows(s);
    const dicts = transform({ ...ctx, split: s }, rows, text2id);
    if (s === ctx.split) return { dicts, rows };
  }
  throw new Error('unreachable');
}

function textIdHook(transform: SplitTransform) {
  return (ctx: LoadContext): LoadContext => {
    let built: Promise<RetrievalTriple> | undefined;
    const build = () =>
      (built ??= buildTextIdSplit(ctx, transform).then(({ dicts, rows }) => {
        const list = (m: Map<string, { text: string; from: number }>) => {
          const out = [...m].map(([id, v]) => ({ _id: id, text: v.text }));
          return derivedRows(
            rows,
            out,
            [...m.values()].map((v) => v.from),
          );
        };
        const qrels = [...dicts.qrels].flatMap(([q, docs]) => [...docs].map(([doc, score]) => ({ 'query-id': q, 'corpus-id': doc, score })));
        const qrelFrom = [...dicts.qrels].flatMap(([q, docs]) => [...docs].map(() => dicts.queries.get(q)?.from ?? 0));
        return { corpus: list(dicts.corpus), queries: list(dicts.queries), qrels: derivedRows(rows, qrels, qrelFrom) };
      }));
    return serveRetrievalTriple(ctx, build);
  };
}

export const danfeverHook = textIdHook(TEXT_ID_TRANSFORMS.danfever);
export const norquadHook = textIdHook(TEXT_ID_TRANSFORMS.norquad);
export const snlHook = textIdHook(TEXT_ID_TRANSFORMS.snl);
export const tv2nordHook = textIdHook(TEXT_ID_TRANSFORMS.tv2nord);
