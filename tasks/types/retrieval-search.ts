/**
 * Producing the run {qid: {docid: score}} of a retrieval/reranking task, as mteb's SearchEncoderWrapper
 * does (mteb/models/search_wrappers.py): dense exact search over the corpus streamed in chunks, or
 * scoring of each query's top_ranked candidates, or the model's own `retrieve` (BM25).
 */

import { createSearcher } from '../../compute/search/exact-search.js';
import { l2NormalizeRowsInto } from '../../compute/search/normalize.js';
import type { EncodeContext } from '../../core/encoder.js';
import type { Matrix } from '../../core/matrix.js';
import { compareCodePoints } from '../../metrics/code-point-order.js';
import { type EvalContext, encodeContext } from './module.js';
import type { RetrievalData } from './retrieval-data.js';

/** mteb's top_k = max(k_values). */
export const TOP_K = 1000;
/** mteb's SearchEncoderWrapper corpus_chunk_size. */
export const CORPUS_CHUNK = 50_000;
/**
 * Extra hits fetched beyond TOP_K so that a tie group straddling rank 1000 is cut like mteb's heap
 * (which keeps the larger (score, doc id) tuples) rather than by corpus position (the searcher's order).
 * Real embeddings rarely tie in groups this large; the evaluator says so when it happens.
 */
const TIE_MARGIN = 1000;

export type MutableRun = Map<string, Map<string, number>>;

export interface SearchOptions {
  topK?: number;
  corpusChunk?: number;
}

/** Builds the run; every per-query map is in descending (score, doc id) order. */
export async function searchRun(data: RetrievalData, ctx: EvalContext, opts: SearchOptions = {}): Promise<MutableRun> {
  const topK = opts.topK ?? TOP_K;
  const enc = ctx.encoder;
  const base: EncodeContext = encodeContext(ctx);
  if (enc.retrieve) {
    const got = await enc.retrieve({ corpus: data.corpus, queries: data.queries, topK, candidates: data.topRanked }, { ...base });
    const run: MutableRun = new Map();
    for (const qid of data.queries.ids) {
      const hits = [...(got.get(qid) ?? new Map<string, number>())];
      run.set(qid, new Map(sortHits(hits).slice(0, topK)));
    }
    return run;
  }
  const similarity = enc.similarity ?? 'cosine';
  const q = await enc.encode(data.queries.texts, { ...base, promptType: 'query' });
  if (data.topRanked) return rerankRun(data, q, similarity, ctx, base, topK, opts.corpusChunk ?? CORPUS_CHUNK);
  return denseRun(data, q, similarity, ctx, base, topK, opts.corpusChunk ?? CORPUS_CHUNK);
}

/** Score descending, then doc id descending (mteb's heap of (score, id) tuples; trec_eval's tie order). */
export function sortHits(hits: [string, number][]): [string, number][] {
  return hits.sort((a, b) => (a[1] > b[1] ? -1 : a[1] < b[1] ? 1 : compareCodePoints(b[0], a[0])));
}

async function denseRun(
  data: RetrievalData,
  q: Matrix,
  similarity: 'cosine' | 'dot',
  ctx: EvalContext,
  base: EncodeContext,
  topK: number,
  chunk: number,
): Promise<MutableRun> {
  const n = data.corpus.ids.length;
  const k = Math.min(n, topK + TIE_MARGIN);
  const searcher = await createSearcher(q, { k, similarity });
  try {
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      const docs = await ctx.encoder.encode(data.corpus.texts.slice(start, end), { ...base, promptType: 'document' });
      await searcher.addChunk(docs, start);
      ctx.progress?.('documents searched', end, n);
    }
    const res = searcher.finish();
    const run: MutableRun = new Map();
    let ambiguous = 0;
    data.queries.ids.forEach((qid, qi) => {
      const hits: [string, number][] = [];
      for (let j = 0; j < res.k; j++) {
        const idx = res.indices[qi * res.k + j]!;
        if (idx >= 0) hits.push([data.corpus.ids[idx]!, res.scores[qi * res.k + j]!]);
      }
      sortHits(hits);
      if (k < n && hits.length > topK && hits[topK - 1]![1] === res.scores[qi * res.k + res.k - 1]) ambiguous++;
      run.set(qid, new Map(hits.slice(0, topK)));
    });
    if (ambiguous) {
      ctx.log(
        `${ambiguous} quer${ambiguous === 1 ? 'y has' : 'ies have'} more than ${TIE_MARGIN} documents tied at rank ${topK}; which of them are kept is not the doc-id order mteb would use`,
      );
    }
    return run;
  } finally {
    await searcher.dispose();
  }
}

/**
 * Reranking: each query scored only against its candidates. The corpus is still streamed in chunks;
 * each chunk scores the (query, candidate) pairs whose document it holds, so no N x D matrix is kept.
 */
async function rerankRun(
  data: RetrievalData,
  q: Matrix,
  similarity: 'cosine' | 'dot',
  ctx: EvalContext,
  base: EncodeContext,
  topK: number,
  chunk: number,
): Promise<MutableRun> {
  const dim = q.cols;
  const qv = similarity === 'cosine' ? new Float32Array(q.data.length) : q.data;
  if (similarity === 'cosine') l2NormalizeRowsInto(q.data, q.rows, dim, qv);
  const docPos = new Map<string, number>();
  data.corpus.ids.forEach((id, i) => docPos.set(id, i));
  // doc index -> (query index, candidate slot) pairs
  const wanted = new Map<number, number[]>();
  const scores: Float32Array[] = data.queries.ids.map((qid, qi) => {
    const cands = data.topRanked!.get(qid) ?? [];
    cands.forEach((d, slot) => {
      const di = docPos.get(d)!;
      let l = wanted.get(di);
      if (!l) wanted.set(di, (l = []));
      l.push(qi, slot);
    });
    return new Float32Array(cands.length);
  });
  const n = data.corpus.ids.length;
  let buf: Float32Array | undefined;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const needed: number[] = [];
    for (let i = start; i < end; i++) if (wanted.has(i)) needed.push(i);
    if (!needed.length) continue;
    const texts = needed.map((i) => data.corpus.texts[i]!);
    const docs = await ctx.encoder.encode(texts, { ...base, promptType: 'document' });
    if (docs.cols !== dim) throw new Error(`document vectors have ${docs.cols} dimensions but query vectors have ${dim}`);
    let dv = docs.data;
    if (similarity === 'cosine') {
      if (!buf || buf.length < docs.data.length) buf = new Float32Array(docs.data.length);
      dv = buf.subarray(0, docs.data.length);
      l2NormalizeRowsInto(docs.data, docs.rows, dim, dv);
    }
    needed.forEach((di, r) => {
      const pairs = wanted.get(di)!;
      for (let p = 0; p < pairs.length; p += 2) {
        const qi = pairs[p]!;
        let s = 0;
        const qo = qi * dim;
        const dof = r * dim;
        for (let c = 0; c < dim; c++) s += qv[qo + c]! * dv[dof + c]!;
        scores[qi]![pairs[p + 1]!] = s; // stored as float32, like torch's matmul output
      }
    });
  }
  const run: MutableRun = new Map();
  data.queries.ids.forEach((qid, qi) => {
    const cands = data.topRanked!.get(qid) ?? [];
    const hits = sortHits(cands.map((d, slot) => [d, scores[qi]![slot]!] as [string, number]));
    run.set(qid, new Map(hits.slice(0, Math.min(topK, cands.length))));
  });
  return run;
}

/** mteb's ignore_identical_ids: drops every retrieved doc whose id equals the query id, before all metrics. */
export function dropIdenticalIds(run: MutableRun): number {
  let dropped = 0;
  for (const [qid, docs] of run) if (docs.delete(qid)) dropped++;
  return dropped;
}
