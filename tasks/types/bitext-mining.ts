import { DatasetError } from '../../core/errors.js';
import { bitextScores } from '../../metrics/bitext.js';
import { nearestNeighbors } from '../../metrics/similarity.js';
import { BITEXT_MINING_PARAMS } from '../params/bitext-mining.js';
import { resolveParams } from '../params/rules.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type Scores, type TaskTypeModule } from './module.js';

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
      // mteb's neighbours (bitext_mining_evaluator.py): {"sentence1-sentence2": [{corpus_id, score} per query]};
      // per sentence: 1 when the top neighbour is the gold translation (the mean is the accuracy key).
      const hits: Record<string, number> = {};
      predicted.forEach((j, i) => (hits[i] = j === data.labels[i] ? 1 : 0));
      ctx.savePredictions(
        { 'sentence1-sentence2': Array.from(predicted, (j, i) => ({ corpus_id: j, score: top[i]! })) },
        { statistic: 'mean', metric: 'accuracy', unit: 'sentence', values: hits },
      );
    }
    return { precision: s.precision, recall: s.recall, f1: s.f1, accuracy: s.accuracy } satisfies BitextScores;
  });
}

const bitextMining: TaskTypeModule<BitextData> = { load: loadBitext, evaluate: evaluateBitext };
export default bitextMining;
