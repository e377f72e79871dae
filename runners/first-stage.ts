/**
 * `--first-stage <prediction folder> | bm25` for rerankers (cross-encoders) on Retrieval tasks: the candidates each
 * query's reranking starts from, as mteb's AbsTaskRetrieval.convert_to_reranking builds them (mteb/abstasks/
 * retrieval.py): the task's `<Task>_predictions.json` from an earlier run's prediction folder, {subset: {split:
 * {query: {doc: score}}}}, each query's documents sorted by score descending (Python's stable sort: ties keep the
 * file's order) and cut to top_k (--rerank-top-k, mteb's default 10). `bm25` runs our bm25s-compatible BM25 as
 * the first stage instead. Reranking tasks keep their own top_ranked.
 */
import { existsSync } from 'node:fs';
import type { EncodeContext, Encoder, RetrievalRequest } from '../core/encoder.js';
import { ConfigError } from '../core/errors.js';
import { getModel } from '../models/registry.js';
import { predictionsPath, type RetrievalRun, readPredictions } from '../results/predictions.js';

export const DEFAULT_RERANK_TOP_K = 10;

/** The top k documents of each query by score (descending, stable for ties). */
export function topCandidates(run: Iterable<[string, Iterable<[string, number]>]>, k: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [qid, hits] of run) {
    const sorted = [...hits].map((h, i) => [h[0], h[1], i] as const).sort((a, b) => b[1] - a[1] || a[2] - b[2]);
    out.set(
      qid,
      sorted.slice(0, k).map((h) => h[0]),
    );
  }
  return out;
}

export function withFirstStage(model: Encoder, firstStage: string, topK = DEFAULT_RERANK_TOP_K): Encoder {
  if (!model.retrieve) throw new ConfigError(`--first-stage needs a reranker (cross-encoder:...); ${model.name} is not one`, { model: model.name });
  const inner = model.retrieve.bind(model);
  let bm25: Promise<Encoder> | undefined;
  const candidatesFor = async (request: RetrievalRequest, ctx: EncodeContext): Promise<Map<string, string[]>> => {
    if (firstStage === 'bm25') {
      bm25 ??= getModel('bm25', { noCache: true });
      const run = await (await bm25).retrieve!({ ...request, topK }, ctx);
      return topCandidates(
        [...run].map(([q, m]) => [q, [...m]]),
        topK,
      );
    }
    const file = predictionsPath(firstStage, ctx.task.name);
    if (!existsSync(file)) {
      throw new ConfigError(`no first-stage predictions for ${ctx.task.name}: ${file} does not exist`, {
        task: ctx.task.name,
        file,
        hint: 'run the first-stage model with --prediction-folder <dir> (or --save-predictions) first, or use --first-stage bm25',
      });
    }
    const runs = readPredictions(file);
    const run: RetrievalRun | undefined = runs.get(`${ctx.split}\u0000${ctx.subset}`);
    if (!run)
      throw new ConfigError(`the first-stage predictions have no split ${ctx.split} / subset ${ctx.subset}`, {
        task: ctx.task.name,
        file,
        split: ctx.split,
        subset: ctx.subset,
      });
    return topCandidates(
      Object.entries(run).map(([q, docs]) => [q, Object.entries(docs)]),
      topK,
    );
  };
  const wrapped: Encoder = Object.create(model) as Encoder;
  Object.defineProperty(wrapped, 'retrieve', {
    value: async (request: RetrievalRequest, ctx: EncodeContext) =>
      inner(request.candidates ? request : { ...request, candidates: await candidatesFor(request, ctx) }, ctx),
  });
  Object.defineProperty(wrapped, 'meta', { value: { ...model.meta, extra: { ...model.meta.extra, first_stage: firstStage, rerank_top_k: topK } } });
  return wrapped;
}
