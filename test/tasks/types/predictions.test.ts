/**
 * --save-predictions for every task type: the payload each evaluator hands to the runner has the shape mteb's
 * `_save_task_predictions` writes for that type (mteb/abstasks/*.py and the evaluators' return types), asking for
 * predictions changes no score, and the per-sample values `diff` resamples reproduce the main score they stand for.
 */
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../../core/encoder.js';
import { averagePrecision } from '../../../metrics/average-precision.js';
import { binaryScores } from '../../../metrics/binary-scores.js';
import { bitextScores } from '../../../metrics/bitext.js';
import { precisionRecallF1 } from '../../../metrics/classification-scores.js';
import { pearson, spearman } from '../../../metrics/correlation.js';
import { macroF1 } from '../../../metrics/multilabel-scores.js';
import { evaluate } from '../../../runners/evaluate.js';
import { loadContext } from '../../../runners/task-data.js';
import type { DatasetSource } from '../../../tasks/data/source.js';
import { tasks as demo } from '../../../tasks/demo/tasks.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import { loadEvaluator } from '../../../tasks/types/index.js';
import type { PerSample } from '../../../tasks/types/module.js';
import { hashEmbed } from '../../helpers/hash-embeddings.js';

const encoder: Encoder = {
  name: 'test/hash',
  revision: 'v1',
  meta: { name: 'test/hash', revision: 'v1' },
  async encode(texts) {
    return hashEmbed([...texts], 64);
  },
};

const words = ['red', 'blue', 'green', 'cat', 'dog', 'bird', 'sun', 'rain', 'snow', 'tree', 'rock', 'sea'];
const text = (i: number) => `${words[i % 12]} ${words[(i * 5) % 12]} ${words[(i * 7 + 3) % 12]} ${i}`;

const multilabel: TaskMetadata = {
  name: 'InlineMultilabel',
  type: 'MultilabelClassification',
  description: 'test',
  dataset: { path: 'test/inline-multilabel', revision: 'r1' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'accuracy',
  origin: 'custom',
  params: { n_experiments: 3, samples_per_label: 4 },
  inline: {
    default: {
      train: Array.from({ length: 30 }, (_, i) => ({ text: text(i), label: [i % 3, ...(i % 4 === 0 ? [3] : [])] })),
      test: Array.from({ length: 12 }, (_, i) => ({ text: text(i + 40), label: [i % 3] })),
    },
  },
};

// the other main scores mteb's multilabel tasks use: each has its own per-sample values
const multilabelBy = (mainScore: string): TaskMetadata => ({ ...multilabel, name: `InlineMultilabel_${mainScore}`, mainScore });

const legacyClustering: TaskMetadata = {
  name: 'InlineClusteringLegacy',
  type: 'Clustering',
  description: 'test',
  dataset: { path: 'test/inline-clustering', revision: 'r1' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'v_measure',
  origin: 'custom',
  evaluator: 'ClusteringLegacy',
  inline: {
    default: {
      test: [
        { sentences: [text(1), text(2)], labels: [1, 1] },
        { sentences: Array.from({ length: 8 }, (_, i) => text(i)), labels: Array.from({ length: 8 }, (_, i) => i % 2) },
        { sentences: Array.from({ length: 9 }, (_, i) => text(i + 20)), labels: Array.from({ length: 9 }, (_, i) => `c${i % 3}`) },
      ],
    },
  },
} as TaskMetadata;

// pair classification with threshold-based main scores: per-pair values at the threshold fixed on all pairs
const pairBy = (t: TaskMetadata, mainScore: string): TaskMetadata => ({ ...t, name: `${t.name}_${mainScore}`, mainScore });
const pairVariants = demo
  .filter((t) => t.type === 'PairClassification')
  .flatMap((t) => ['max_accuracy', 'cosine_f1', 'max_precision', 'euclidean_recall'].map((m) => pairBy(t, m)));

const tasks = [...demo, multilabel, ...['f1', 'hamming', 'lrap'].map(multilabelBy), ...pairVariants, legacyClustering];

interface Saved {
  task: TaskMetadata;
  split: string;
  subset: string;
  data: unknown;
  perSample?: PerSample;
}

async function runAll(save: boolean) {
  const saved: Saved[] = [];
  const report = await evaluate(encoder, tasks, {
    outputFolder: null,
    raiseError: true,
    warn: () => {},
    onPredictions: save ? (task, split, subset, data, perSample) => saved.push({ task, split, subset, data, perSample }) : undefined,
  });
  return { report, saved };
}

const isNumList = (x: unknown, n?: number) => Array.isArray(x) && x.every((v) => typeof v === 'number') && (n === undefined || x.length === n);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('--save-predictions for every task type', async () => {
  const plain = await runAll(false);
  const withPred = await runAll(true);

  it('asking for predictions changes no score (every key of every row, bit for bit)', () => {
    expect(withPred.report.failures).toEqual([]);
    const scores = (r: typeof plain.report) => r.results.map((t) => [t.task_name, t.scores]);
    expect(scores(withPred.report)).toEqual(scores(plain.report));
  });

  it('every task type hands over predictions for every split and subset it scored', () => {
    const types = new Set(withPred.saved.map((s) => s.task.type));
    for (const t of [
      'STS',
      'PairClassification',
      'BitextMining',
      'Summarization',
      'Retrieval',
      'Reranking',
      'Clustering',
      'Classification',
      'MultilabelClassification',
    ]) {
      expect(types, t).toContain(t);
    }
    for (const r of withPred.report.results) {
      for (const [split, rows] of Object.entries(r.scores)) {
        for (const row of rows)
          expect(
            withPred.saved.some((s) => s.task.name === r.task_name && s.split === split && s.subset === row.hf_subset),
            `${r.task_name} ${split}/${row.hf_subset}`,
          ).toBe(true);
      }
    }
  });

  const scoreRow = (s: Saved) =>
    withPred.report.results.find((r) => r.task_name === s.task.name)!.scores[s.split]!.find((r) => r.hf_subset === s.subset)! as Record<
      string,
      unknown
    >;

  it("each payload has the shape of mteb's prediction file for its type", () => {
    for (const s of withPred.saved) {
      const d = s.data as Record<string, unknown>;
      const where = `${s.task.name} ${s.subset}`;
      switch (s.task.type) {
        case 'STS': {
          // STSEvaluatorScores
          expect(Object.keys(d), where).toEqual(['cosine_scores', 'manhattan_distances', 'euclidean_distances', 'similarity_scores']);
          const n = (d.cosine_scores as number[]).length;
          for (const v of Object.values(d)) expect(isNumList(v, n), where).toBe(true);
          expect(
            (d.manhattan_distances as number[]).every((v) => v <= 0),
            'negated distances',
          ).toBe(true);
          break;
        }
        case 'PairClassification': {
          // PairClassificationDistances
          expect(Object.keys(d), where).toEqual(['cosine_scores', 'euclidean_distances', 'manhattan_distances', 'similarity_scores', 'dot_scores']);
          for (const v of Object.values(d)) expect(isNumList(v, (d.cosine_scores as number[]).length), where).toBe(true);
          expect(
            (d.euclidean_distances as number[]).every((v) => v >= 0),
            'positive distances',
          ).toBe(true);
          break;
        }
        case 'BitextMining': {
          // {"sentence1-sentence2": [{corpus_id, score}] per query}
          expect(Object.keys(d)).toEqual(['sentence1-sentence2']);
          for (const hit of d['sentence1-sentence2'] as Record<string, number>[]) {
            expect(Object.keys(hit)).toEqual(['corpus_id', 'score']);
            expect(Number.isInteger(hit.corpus_id)).toBe(true);
          }
          break;
        }
        case 'Summarization': {
          // SummarizationDistances: one list per kept text
          expect(Object.keys(d), where).toEqual(['cosine_scores', 'dot_scores', 'similarity_scores', 'human_scores']);
          const lists = Object.values(d) as number[][][];
          for (const l of lists) expect(l.length).toBe(lists[0]!.length);
          break;
        }
        case 'Retrieval':
        case 'Reranking': {
          // {query_id: {doc_id: score}}
          for (const docs of Object.values(d)) for (const v of Object.values(docs as object)) expect(typeof v).toBe('number');
          break;
        }
        case 'Clustering': {
          if (s.task.evaluator === 'ClusteringLegacy') {
            // one assignment list per encoded cluster set (the single-label set is not encoded)
            expect((s.data as number[][]).map((a) => a.length)).toEqual([8, 9]);
          } else {
            // {"Level i": one assignment list per experiment}
            const levels = Object.keys(d);
            expect(levels).toEqual(Object.keys(scoreRow(s).v_measures as object));
            for (const l of levels) expect((d[l] as number[][]).length).toBe((scoreRow(s).v_measures as Record<string, number[]>)[l]!.length);
          }
          break;
        }
        case 'Classification':
        case 'MultilabelClassification': {
          // one prediction list per experiment
          const per = s.data as unknown[][];
          expect(per.length).toBe((scoreRow(s).scores_per_experiment as unknown[]).length);
          break;
        }
        default:
          throw new Error(`untested type ${s.task.type}`);
      }
    }
  });

  it('per-sample values reproduce the statistic they stand for', () => {
    const checked = new Set<string>();
    for (const s of withPred.saved) {
      const p = s.perSample;
      if (!p) continue;
      const row = scoreRow(s);
      checked.add(s.task.type);
      if (p.statistic === 'mean') {
        const m = mean(Object.values(p.values));
        // retrieval keys are rounded to 5 decimals by mteb; the others are the plain mean
        const want = row[p.metric] as number;
        if (s.task.type === 'Retrieval' || s.task.type === 'Reranking') expect(Math.abs(m - want), s.task.name).toBeLessThanOrEqual(5e-6);
        else expect(m, `${s.task.name} ${p.metric}`).toBeCloseTo(want, 12);
      } else if ('folds' in p) {
        // F1 main scores: the mean over folds of the mean over experiments (bitext: weighted, classification: macro)
        const f1 = (g: number[], x: number[]) => (p.statistic === 'macro_f1' ? precisionRecallF1(g, x).macro.f1 : bitextScores(g, x).f1);
        const m = mean(p.folds.map((f) => mean(f.preds.map((x) => f1(f.gold, x)))));
        expect(m, `${s.task.name} ${p.metric}`).toBeCloseTo(row[p.metric] as number, 12);
      } else if (p.statistic === 'multilabel_f1') {
        const dense = (rows: number[][]) => {
          const data = new Uint8Array(rows.length * p.columns);
          rows.forEach((r, i) => r.forEach((c) => (data[i * p.columns + c] = 1)));
          return { rows: rows.length, cols: p.columns, data };
        };
        const m = mean(p.preds.map((x) => macroF1(dense(p.gold), dense(x))));
        expect(m, `${s.task.name} ${p.metric}`).toBeCloseTo(row[p.metric] as number, 12);
      } else {
        const binary = (k: keyof ReturnType<typeof binaryScores>) => (g: number[], x: number[]) => binaryScores(g, x)[k];
        const f = {
          spearman,
          pearson,
          ap: averagePrecision,
          binary_f1: binary('f1'),
          binary_precision: binary('precision'),
          binary_recall: binary('recall'),
        }[p.statistic];
        expect(f(p.gold, p.pred), s.task.name).toBeCloseTo(row[p.metric] as number, 12);
      }
    }
    const multilabelStats = withPred.saved
      .filter((s) => s.task.type === 'MultilabelClassification')
      .map((s) => `${s.task.mainScore}:${s.perSample?.statistic}`);
    expect(multilabelStats.sort()).toEqual(['accuracy:mean', 'f1:multilabel_f1', 'hamming:mean', 'lrap:mean']);
    const pairStats = withPred.saved.filter((s) => s.task.type === 'PairClassification').map((s) => `${s.task.mainScore}:${s.perSample?.statistic}`);
    expect(pairStats.sort()).toEqual([
      'cosine_f1:binary_f1',
      'euclidean_recall:binary_recall',
      'max_accuracy:mean',
      'max_ap:ap',
      'max_precision:binary_precision',
    ]);
    expect([...checked].sort()).toEqual([
      'BitextMining',
      'Classification',
      'MultilabelClassification',
      'PairClassification',
      'Reranking',
      'Retrieval',
      'STS',
      'Summarization',
    ]);
  });

  it("joining each saved payload with its split's gold labels gives the saved per-sample values (so mixed diffs pair up)", async () => {
    const joined = new Set<string>();
    for (const s of withPred.saved) {
      const module = await loadEvaluator(s.task);
      if (!module.perSample) continue;
      // inline tasks: the dataset source is never asked
      const data = await module.load(loadContext(s.task, s.split, s.subset, {} as DatasetSource));
      const payload = JSON.parse(JSON.stringify(s.data)) as unknown; // as read back from the file
      expect(module.perSample(data, payload, s.task), `${s.task.name} ${s.split}/${s.subset}`).toEqual(s.perSample);
      joined.add(s.task.type);
    }
    expect([...joined].sort()).toEqual(['BitextMining', 'Classification', 'MultilabelClassification', 'PairClassification', 'STS']);
  });
});
