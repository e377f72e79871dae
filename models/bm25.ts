/**
 * `bm25`: a lexical baseline that mirrors mteb's bm25s baseline (mteb/models/model_implementations/bm25.py,
 * model "mteb/baseline-bm25s", revision 0_3_0): bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer("english")) for corpus and queries,
 * bm25s.BM25() defaults (method "lucene", k1=1.5, b=0.75, float32 scores), retrieve(k=min(top_k, N)).
 * For reranking, mteb retrieves the top k over the whole corpus and then keeps the query's candidates
 * that are among them; we do the same.
 *
 * It serves only Retrieval and Reranking: it has no vectors, so `encode` throws.
 */

import type { EncodeContext, Encoder, RetrievalRequest } from '../core/encoder.js';
import { ConfigError, ModelError } from '../core/errors.js';
import { Bm25Index, type Bm25Params } from './bm25/index.js';
import { Bm25Tokenizer } from './bm25/tokenizer.js';
import type { ModelOptions } from './options.js';

/** mteb's ModelMeta name and revision for this baseline. */
export const BM25_NAME = 'mteb/baseline-bm25s';
export const BM25_REVISION = '0_3_0';
export const BM25_PARAMS: Readonly<Bm25Params> = { k1: 1.5, b: 0.75 };

/**
 * mteb's _ISO3_TO_LANG entries whose settings are not English. A single-language subset in one of these
 * gets another stop-word list / stemmer / tokenizer in mteb, which this port does not implement;
 * unmapped and multi-language subsets use the English defaults, as in mteb.
 */
const NON_ENGLISH_ISO3 = new Set([
  'deu',
  'nld',
  'fra',
  'spa',
  'por',
  'ita',
  'rus',
  'swe',
  'nob',
  'nno',
  'nor',
  'zho',
  'cmn',
  'jpn',
  'tha',
  'khm',
  'mya',
  'bod',
  'lao',
  'ara',
  'hye',
  'eus',
  'cat',
  'dan',
  'epo',
  'est',
  'fin',
  'ell',
  'hin',
  'hun',
  'ind',
  'gle',
  'lit',
  'nep',
  'ron',
  'srp',
  'tam',
  'tur',
  'yid',
]);

export async function create(_spec: string, opts: ModelOptions = {}): Promise<Encoder> {
  if (opts.prompts && Object.keys(opts.prompts).length) {
    throw new ConfigError('bm25 does not use prompts', { model: BM25_NAME });
  }
  return new Bm25Model();
}

class Bm25Model implements Encoder {
  readonly name = BM25_NAME;
  readonly revision = BM25_REVISION;
  readonly cacheable = false;
  /** The runner gives it only the task types a retriever serves (tasks/task-types.ts). */
  readonly kind = 'retriever';
  readonly meta = {
    name: BM25_NAME,
    revision: BM25_REVISION,
    framework: ['bm25s', 'PyStemmer'],
    extra: {
      implementation: 'mteb-ts port of bm25s',
      method: 'lucene',
      k1: BM25_PARAMS.k1,
      b: BM25_PARAMS.b,
      idf: 'ln(1 + (N - df + 0.5) / (df + 0.5))',
      tokenizer: 'lowercase, regex (?u)\\b\\w\\w+\\b',
      stopwords: 'bm25s STOPWORDS_EN (33 words)',
      stemmer: 'Snowball English (Porter2), 3.x algorithm',
      dtype: 'float32',
      top_k_ties: 'score desc, then corpus order; zero-score documents fill the list up to k like bm25s',
    },
  };

  async encode(_texts: readonly string[], ctx: EncodeContext): Promise<never> {
    throw new ModelError(
      `BM25 is a lexical retriever: it ranks documents for retrieval-style tasks, not ${ctx.task.type} (it produces no embeddings)`,
      { model: BM25_NAME, task: ctx.task.name, hint: 'run it on retrieval or reranking tasks, or choose an embedding model' },
    );
  }

  async retrieve(request: RetrievalRequest, ctx: EncodeContext): Promise<Map<string, Map<string, number>>> {
    checkLanguage(ctx);
    return bm25Retrieve(request, BM25_PARAMS, undefined, ctx.onProgress);
  }
}

function checkLanguage(ctx: EncodeContext): void {
  const iso3 = [...new Set((ctx.languages ?? []).map((l) => l.split('-')[0]!))];
  if (iso3.length === 1 && NON_ENGLISH_ISO3.has(iso3[0]!)) {
    throw new ModelError(
      `BM25 here implements only mteb's English settings (bm25s "en" stop words, Snowball English stemmer); ` +
        `mteb would use language-specific settings for "${iso3[0]}"`,
      { model: BM25_NAME, task: ctx.task.name, subset: ctx.subset },
    );
  }
}

/** BM25 retrieval as mteb's BM25Search.index + search: {qid: {docid: score}}. */
export function bm25Retrieve(
  request: RetrievalRequest,
  params: Bm25Params = BM25_PARAMS,
  tok: Bm25Tokenizer = new Bm25Tokenizer(),
  /** Texts done (documents indexed, then queries scored) for a progress display. */
  onProgress?: (done: number, total: number) => void,
): Map<string, Map<string, number>> {
  const { corpus, queries, candidates } = request;
  const total = corpus.texts.length + queries.ids.length;
  const every = 1000;
  const docs = corpus.texts.map((t, i) => {
    if (onProgress && i % every === 0 && i > 0) onProgress(i, total);
    return tok.tokenize(t);
  });
  const index = new Bm25Index(docs, params);
  onProgress?.(corpus.texts.length, total);
  const n = corpus.ids.length;
  const k = Math.min(request.topK, n);
  const scratch = { scores: new Float32Array(n), touched: new Uint8Array(n) };
  const out = new Map<string, Map<string, number>>();
  queries.ids.forEach((qid, i) => {
    const hits = new Map<string, number>();
    out.set(qid, hits);
    if (k <= 0) return;
    if (onProgress && i % every === 0 && i > 0) onProgress(corpus.texts.length + i, total);
    const { idx, scores } = index.topK(tok.tokenize(queries.texts[i] ?? ''), k, scratch);
    const allowed = candidates?.has(qid) ? new Set(candidates.get(qid)) : undefined;
    idx.forEach((d, j) => {
      const id = corpus.ids[d]!;
      if (allowed && !allowed.has(id)) return;
      hits.set(id, scores[j]!);
    });
  });
  onProgress?.(total, total);
  return out;
}
