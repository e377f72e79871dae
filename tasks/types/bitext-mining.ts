import { DatasetError } from '../../core/errors.js';
import { bitextScores } from '../../metrics/bitext.js';
import { nearestNeighbors } from '../../metrics/similarity.js';
import { BITEXT_MINING_PARAMS } from '../params/bitext-mining.js';
import { resolveParams } from '../params/rules.js';
import type { TaskInfo } from '../task-info.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type PerSample, type Scores, type TaskTypeModule } from './module.js';
import { isRecord, PredictionsMismatch } from './saved-predictions.js';

/** BitextMining (mteb AbsTaskBitextMining + BitextMiningEvaluator, mteb/_evaluators/text/bitext_mining_evaluator.py). */
export interface BitextData {
  /** Queries. */
  sentence1: string[];
  /** Corpus searched for each query's translation. */
  sentence2: string[];
  /** Gold corpus index per query: i by default, gold[i][1] when the dataset has a `gold` column (BUCC). */
  labels: Int32Array;
}

/**
 * Task param `bucc_gold: true` reproduces BUCC's dataset_transform: the split is one row of lists, `gold` holds
 * 1-based (i, j) pairs, queries become sentence1[i-1] in gold order and each query's label is j-1.
 */
export async function loadBitext(ctx: LoadContext): Promise<BitextData> {
  const rows = await ctx.loadSubsetRows(ctx.split);
  const r = new RowReader(ctx, rows);
  if (resolveParams(BITEXT_MINING_PARAMS, ctx.task.params).bucc_gold) return loadBucc(r);
  const n = rows.rows.length;
  const data: BitextData = { sentence1: new Array(n), sentence2: new Array(n), labels: new Int32Array(n) };
  const hasGold = n > 0 && 'gold' in rows.rows[0]!;
  for (let i = 0; i < n; i++) {
    data.sentence1[i] = r.string(i, 'sentence1');
    data.sentence2[i] = r.string(i, 'sentence2');
    data.labels[i] = hasGold ? goldTarget(r, i, r.list(i, 'gold'), n) : i;
  }
  return data;
}

function goldTarget(r: RowReader, i: number, pair: unknown[], corpusSize: number, offset = 0): number {
  const j = pair[1];
  if (pair.length !== 2 || typeof j !== 'number' || !Number.isInteger(j) || j - offset < 0 || j - offset >= corpusSize) {
    r.fail(i, `gold entry ${JSON.stringify(pair)} is not an (i, j) pair with j a corpus index`);
  }
  return (j as number) - offset;
}

function loadBucc(r: RowReader): BitextData {
  if (r.rows.rows.length !== 1) r.fail(0, `BUCC-style data must be one row of lists, got ${r.rows.rows.length} rows`);
  const s1 = r.stringList(0, 'sentence1');
  const s2 = r.stringList(0, 'sentence2');
  const gold = r.list(0, 'gold');
  const data: BitextData = { sentence1: [], sentence2: s2, labels: new Int32Array(gold.length) };
  gold.forEach((g, k) => {
    if (!Array.isArray(g)) r.fail(0, `gold item ${k} must be an (i, j) pair`);
    const i = g[0];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 1 || i > s1.length)
      r.fail(0, `gold item ${k} has sentence1 index ${String(i)} outside 1..${s1.length}`);
    data.sentence1.push(s1[i - 1]!);
    data.labels[k] = goldTarget(r, 0, g, s2.length, 1);
  });
  return data;
}

/** The keys of one bitext score row (mteb/_evaluators/text/bitext_mining_evaluator.py). */
export type BitextScores = { precision: number; recall: number; f1: number; accuracy: number };

export async function evaluateBitext(data: BitextData, ctx: EvalContext): Promise<Scores> {
  if (data.sentence1.length === 0) {
    throw new DatasetError('bitext subset has no sentence pairs', { task: ctx.task.name, split: ctx.split, subset: ctx.subset });
  }
  const enc = encodeContext(ctx);
  const q = await ctx.phase('Encoding sentence1', () => ctx.encoder.encode(data.sentence1, enc));
  const c = await ctx.phase('Encoding sentence2', () => ctx.encoder.encode(data.sentence2, enc));
  return ctx.phase('Scoring', async () => {
    // mteb: queries in chunks of 100, top-1 under the model's similarity.
    const top = ctx.savePredictions ? new Float64Array(q.rows) : undefined;
    ctx.progress?.('sentences matched', 0, q.rows);
    const predicted = nearestNeighbors(q, c, ctx.encoder.similarity ?? 'cosine', 100, top, (done) =>
      ctx.progress?.('sentences matched', done, q.rows),
    );
    const s = bitextScores(data.labels, predicted);
    if (ctx.savePredictions && top) {
      // mteb's neighbours (bitext_mining_evaluator.py): {"sentence1-sentence2": [{corpus_id, score} per query]}
      ctx.savePredictions(
        { [DEFAULT_PAIR]: Array.from(predicted, (j, i) => ({ corpus_id: j, score: top[i]! })) },
        bitextPerSample(ctx.task.mainScore, data.labels, predicted),
      );
    }
    return { precision: s.precision, recall: s.recall, f1: s.f1, accuracy: s.accuracy } satisfies BitextScores;
  });
}

/** mteb's key of the neighbour lists for a non-parallel subset ("-".join of its default column pair). */
const DEFAULT_PAIR = 'sentence1-sentence2';

/**
 * The per-sample values behind the main score. f1 (sklearn's weighted f1 of the top neighbours against the gold
 * targets): recomputed on resamples of the sentences. accuracy: per sentence, 1 when its top neighbour is the gold
 * translation. Other main scores: none.
 */
export function bitextPerSample(mainScore: string, labels: ArrayLike<number>, predicted: ArrayLike<number>): PerSample | undefined {
  if (mainScore === 'f1') {
    return { statistic: 'weighted_f1', metric: mainScore, unit: 'sentence', folds: [{ gold: Array.from(labels), preds: [Array.from(predicted)] }] };
  }
  if (mainScore !== 'accuracy') return undefined;
  const hits: Record<string, number> = {};
  for (let i = 0; i < labels.length; i++) hits[i] = predicted[i] === labels[i] ? 1 : 0;
  return { statistic: 'mean', metric: mainScore, unit: 'sentence', values: hits };
}

/**
 * diff on a predictions file mteb wrote (mteb/abstasks/text/bitext_mining.py): the neighbour list under
 * "sentence1-sentence2", or for a parallel dataset (saved under subset "parallel", which the caller resolves) under
 * this subset's language pair; each query's `corpus_id` against the gold targets.
 */
function perSampleFromPredictions(data: BitextData, predictions: unknown, task: TaskInfo): PerSample | undefined {
  if (task.mainScore !== 'f1' && task.mainScore !== 'accuracy') return undefined;
  if (!isRecord(predictions)) throw new PredictionsMismatch('bitext predictions must be an object of neighbour lists (mteb BitextMiningEvaluator)');
  const key = DEFAULT_PAIR in predictions ? DEFAULT_PAIR : Object.keys(predictions).length === 1 ? Object.keys(predictions)[0]! : undefined;
  const list = key === undefined ? undefined : predictions[key];
  if (!Array.isArray(list)) throw new PredictionsMismatch(`no neighbour list under "${DEFAULT_PAIR}" (keys: ${Object.keys(predictions).join(', ')})`);
  const n = data.labels.length;
  if (list.length !== n) throw new PredictionsMismatch(`"${key}" has ${list.length} neighbours but the split has ${n} queries`);
  const predicted = list.map((x, i) => {
    const j = isRecord(x) ? x.corpus_id : undefined;
    if (typeof j !== 'number' || !Number.isInteger(j)) throw new PredictionsMismatch(`"${key}"[${i}] has no integer corpus_id`);
    return j;
  });
  return bitextPerSample(task.mainScore, data.labels, predicted);
}

const bitextMining: TaskTypeModule<BitextData> = { load: loadBitext, evaluate: evaluateBitext, perSample: perSampleFromPredictions };
export default bitextMining;
