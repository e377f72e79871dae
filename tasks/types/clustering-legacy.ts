import { kmeansBackends } from '../../compute/kmeans/backends.js';
import { DatasetError, EvaluationError } from '../../core/errors.js';
import { miniBatchKMeans } from '../../metrics/kmeans.js';
import { type ClusterLabel, vMeasureScore } from '../../metrics/v-measure.js';
import { kmeansCompat, meanStd } from './clustering-common.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type Scores, type TaskTypeModule } from './module.js';

/**
 * mteb `AbsTaskClusteringLegacy` + `ClusteringEvaluator` (mteb/abstasks/clustering_legacy.py): every row is a cluster set; each set is
 * encoded on its own and clustered by MiniBatchKMeans(k = #labels, batch_size=500, n_init="auto",
 * random_state=42); the score is the mean v-measure over sets.
 */
export interface ClusterSet {
  sentences: string[];
  labels: ClusterLabel[];
}

export interface ClusteringLegacyData {
  sets: ClusterSet[];
}

export async function loadClusteringLegacy(ctx: LoadContext): Promise<ClusteringLegacyData> {
  const rows = await ctx.loadSubsetRows(ctx.split);
  const r = new RowReader(ctx, rows);
  const sets: ClusterSet[] = [];
  for (let i = 0; i < rows.rows.length; i++) {
    const sentences = r.stringList(i, 'sentences');
    const labels = r.list(i, 'labels');
    if (labels.length !== sentences.length) {
      r.fail(i, `"sentences" has ${sentences.length} items but "labels" has ${labels.length}`);
    }
    labels.forEach((l, k) => {
      if (typeof l !== 'string' && !(typeof l === 'number' && Number.isFinite(l))) {
        r.fail(i, `label ${k} must be a string or number, got ${JSON.stringify(l)}`);
      }
    });
    sets.push({ sentences, labels: labels as ClusterLabel[] });
  }
  return { sets };
}

/** The keys of one legacy clustering score row (mteb/abstasks/clustering_legacy.py). */
export type ClusteringLegacyScores = { v_measure: number; v_measure_std: number; v_measures: number[] };

export async function evaluateClusteringLegacy(data: ClusteringLegacyData, ctx: EvalContext): Promise<Scores> {
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset };
  if (data.sets.length === 0) throw new DatasetError('the split has no cluster sets', where);
  const batchSize = 500;
  const compat = kmeansCompat(ctx);
  const enc = encodeContext(ctx);
  const vMeasures: number[] = [];
  const clusters: number[][] = [];
  for (let s = 0; s < data.sets.length; s++) {
    const set = data.sets[s]!;
    const k = new Set(set.labels).size;
    // mteb: a set with ≤ 1 distinct label scores 1.0 without encoding
    if (k <= 1) {
      vMeasures.push(1.0);
      continue;
    }
    const emb = await ctx.phase('Encoding', () => ctx.encoder.encode(set.sentences, enc));
    const v = await ctx.phase('Scoring', async () => {
      let assignment: Int32Array;
      try {
        assignment = (await miniBatchKMeans(emb, { nClusters: k, batchSize, randomState: 42, compat, ...kmeansBackends() })).labels;
      } catch (err) {
        throw new EvaluationError(`k-means failed on cluster set ${s}: ${(err as Error).message}`, where, { cause: err });
      }
      clusters.push(Array.from(assignment));
      return vMeasureScore(set.labels, assignment);
    });
    vMeasures.push(v);
    ctx.progress?.('cluster sets', s + 1, data.sets.length);
  }
  // mteb (clustering_legacy.py) saves one assignment list per encoded set; single-label sets have none.
  // The per-set v-measures diff resamples are the result's own `v_measures`.
  ctx.savePredictions?.(clusters);
  const { mean, std } = meanStd(vMeasures);
  return { v_measure: mean, v_measure_std: std, v_measures: vMeasures } satisfies ClusteringLegacyScores;
}

const clusteringLegacy: TaskTypeModule<ClusteringLegacyData> = {
  load: loadClusteringLegacy,
  evaluate: evaluateClusteringLegacy,
  // mteb's statistics flatten the sets: every sentence counts.
  rowCounts: (d) => ({ samples: d.sets.reduce((n, s) => n + s.sentences.length, 0) }),
};
export default clusteringLegacy;
