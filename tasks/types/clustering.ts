import { kmeansBackends } from '../../compute/kmeans/backends.js';
import { ConfigError, DatasetError, EvaluationError } from '../../core/errors.js';
import { selectRows } from '../../core/matrix.js';
import { miniBatchKMeans } from '../../metrics/kmeans.js';
import { PyRandom } from '../../metrics/random.js';
import { NumpyGenerator, stratifiedTestIndices } from '../../metrics/stratified-split.js';
import { adjustedMutualInfoScore, type ClusterLabel, vMeasureScore } from '../../metrics/v-measure.js';
import { CLUSTERING_PARAMS, type ClusteringParams } from '../params/clustering.js';
import { resolveParams } from '../params/rules.js';
import type { TaskInfo } from '../task-info.js';
import { kmeansCompat, meanStd } from './clustering-common.js';
import { RowReader } from './columns.js';
import { type EvalContext, encodeContext, type LoadContext, type Scores, type TaskTypeModule } from './module.js';

/**
 * mteb v2 `AbsTaskClustering` (v1 `AbsTaskClusteringFast`), mteb/abstasks/clustering.py: 4% downsampling with the task-level
 * `random.Random(42)`, one encode call, then per hierarchy level 10 bootstrap samples of 16,384 rows (with
 * replacement) clustered by MiniBatchKMeans(batch 512, random_state=42), scored by v-measure and AMI.
 */
export interface ClusteringData {
  sentences: string[];
  /** Per row: the label of each hierarchy level (level 0 first). */
  labels: ClusterLabel[][];
}

/** The task-level RNG (mteb's `self.rng_state = random.Random(42)`), kept across splits and subsets. */
export const RNG_STATE_KEY = 'clustering.rng_state';

function params(ctx: { task: TaskInfo }): Readonly<ClusteringParams> {
  return resolveParams(CLUSTERING_PARAMS, ctx.task.params);
}

function isLabel(v: unknown): v is ClusterLabel {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

export async function loadClustering(ctx: LoadContext): Promise<ClusteringData> {
  const rows = await ctx.loadSubsetRows(ctx.split);
  const r = new RowReader(ctx, rows);
  const p = params(ctx);
  const sentences: string[] = [];
  const labels: ClusterLabel[][] = [];
  for (let i = 0; i < rows.rows.length; i++) {
    if (p.flatten_sets) {
      const s = r.stringList(i, 'sentences');
      const l = r.list(i, 'labels');
      if (l.length !== s.length) r.fail(i, `"sentences" has ${s.length} items but "labels" has ${l.length}`);
      l.forEach((x, k) => {
        if (!isLabel(x)) return r.fail(i, `label ${k} must be a string or number, got ${JSON.stringify(x)}`);
        sentences.push(s[k]!);
        labels.push([x]);
      });
      continue;
    }
    sentences.push(r.string(i, 'sentences'));
    const v = rows.rows[i]!['labels'];
    if (isLabel(v)) labels.push([v]);
    else if (Array.isArray(v) && v.every(isLabel)) labels.push(v as ClusterLabel[]);
    else r.fail(i, `column "labels" must be a label or a list of labels, got ${JSON.stringify(v)}`);
  }
  if (p.split_labels !== undefined) {
    const sep = p.split_labels;
    for (let i = 0; i < labels.length; i++) labels[i] = labels[i]!.flatMap((l) => String(l).split(sep));
  }
  if (p.drop_singleton_labels) {
    const counts = new Map<ClusterLabel, number>();
    for (const l of labels) counts.set(l[0]!, (counts.get(l[0]!) ?? 0) + 1);
    const keep = labels.map((l) => counts.get(l[0]!)! > 1);
    const s2 = sentences.filter((_, i) => keep[i]);
    const l2 = labels.filter((_, i) => keep[i]);
    sentences.length = 0;
    labels.length = 0;
    sentences.push(...s2);
    labels.push(...l2);
  }
  if (p.subsample && sentences.length > p.subsample.size) {
    const idx = subsampleIndices(labels, p.subsample.size, p.subsample.seed ?? 42, p.subsample.method);
    return { sentences: idx.map((i) => sentences[i]!), labels: idx.map((i) => labels[i]!) };
  }
  return { sentences, labels };
}

/**
 * Fixed-size subsample of mteb dataset_transforms, both exact:
 * - `train_test_split`: HF `Dataset.train_test_split(test_size=size, seed)["test"]` = the first `size` entries of
 *   `np.random.default_rng(seed).permutation(n)`;
 * - `stratified`: mteb's `stratified_subsampling` (HF `stratify_by_column`), stratified by the first label level.
 */
export function subsampleIndices(labels: readonly ClusterLabel[][], size: number, seed: number, method: 'train_test_split' | 'stratified'): number[] {
  if (method === 'stratified')
    return stratifiedTestIndices(
      labels.map((l) => (l.length === 1 ? l[0]! : JSON.stringify(l))),
      size,
      seed,
    );
  return generatorPermutation(seed, labels.length).slice(0, size);
}

/** numpy `np.random.default_rng(seed).permutation(n)`. */
export function generatorPermutation(seed: number, n: number): number[] {
  return new NumpyGenerator(seed).permutation(n);
}

/** Level labels the way mteb builds them: missing levels are -1; np.array turns mixed values into strings. */
function levelLabels(labels: ClusterLabel[][], level: number): { keep: number[]; values: ClusterLabel[] } {
  const raw = labels.map((l) => (l.length > level ? l[level]! : -1));
  const anyString = raw.some((v) => typeof v === 'string');
  const keep: number[] = [];
  const values: ClusterLabel[] = [];
  raw.forEach((v, i) => {
    if (anyString) {
      // np.str_ != -1 is always True: string arrays keep their "-1" rows
      keep.push(i);
      values.push(String(v));
    } else if (v !== -1) {
      keep.push(i);
      values.push(v);
    }
  });
  return { keep, values };
}

/**
 * The keys of one clustering score row (mteb/abstasks/clustering.py `_evaluate_subset`): per hierarchy level
 * ("Level 0", ...) the bootstrap v-measures and AMIs, and their mean and std.
 */
export type ClusteringScores = {
  v_measures: Record<string, number[]>;
  v_measure: number;
  v_measure_std: number;
  ami_scores: Record<string, number[]>;
  ami: number;
  ami_std: number;
};

export async function evaluateClustering(data: ClusteringData, ctx: EvalContext): Promise<Scores> {
  const p = params(ctx);
  const where = { task: ctx.task.name, split: ctx.split, subset: ctx.subset };
  const maxFraction = p.max_fraction_of_documents_to_embed;
  const maxDocs = p.max_document_to_embed;
  if (maxFraction !== null && maxDocs !== null) {
    throw new ConfigError('Both max_document_to_embed and max_fraction_of_documents_to_embed are set. Please only set one.', where);
  }
  const clusterSize = p.max_documents_per_cluster;
  const nExperiments = p.n_clusters;
  const batchSize = p.k_mean_batch_size;
  const seed = 42;
  const n = data.sentences.length;
  if (n === 0) throw new DatasetError('the split has no rows to cluster', where);

  let rng = ctx.state.get(RNG_STATE_KEY) as PyRandom | undefined;
  if (!rng) {
    rng = new PyRandom(seed);
    ctx.state.set(RNG_STATE_KEY, rng);
  }

  let sentences = data.sentences;
  let labels = data.labels;
  if (maxFraction !== null || maxDocs !== null) {
    const m = Math.min(n, maxFraction !== null ? Math.trunc(maxFraction * n) : maxDocs!);
    const idx = rng.sample(n, m);
    sentences = idx.map((i) => data.sentences[i]!);
    labels = idx.map((i) => data.labels[i]!);
  }
  if (sentences.length === 0) {
    throw new EvaluationError(`downsampling ${n} rows leaves no documents to cluster`, {
      ...where,
      hint: 'max_fraction_of_documents_to_embed × rows rounds down to 0; mteb fails here too',
    });
  }

  const enc = encodeContext(ctx);
  const emb = await ctx.phase('Encoding', () => ctx.encoder.encode(sentences, enc));

  return ctx.phase('Scoring', async () => {
    const compat = kmeansCompat(ctx);
    let longest = 0;
    for (const l of labels) if (l.length > longest) longest = l.length;
    const depth = p.max_depth != null ? Math.min(p.max_depth, longest) : longest;
    const vMeasures: Record<string, number[]> = {};
    const amiScores: Record<string, number[]> = {};
    const assignments: Record<string, number[][]> = {};
    const fits = depth * nExperiments;
    ctx.progress?.('k-means fits', 0, fits);
    for (let level = 0; level < depth; level++) {
      const { keep, values } = levelLabels(labels, level);
      if (keep.length === 0) throw new EvaluationError(`no document has a label at level ${level}`, where);
      const levelEmb = selectRows(emb, keep);
      const k = new Set(values).size;
      const key = `Level ${level}`;
      vMeasures[key] = [];
      amiScores[key] = [];
      assignments[key] = [];
      for (let e = 0; e < nExperiments; e++) {
        const idx = rng!.choices(keep.length, clusterSize);
        const x = selectRows(levelEmb, idx);
        const y = idx.map((i) => values[i]!);
        let assignment: Int32Array;
        try {
          assignment = (await miniBatchKMeans(x, { nClusters: k, batchSize, randomState: seed, compat, ...kmeansBackends() })).labels;
        } catch (err) {
          throw new EvaluationError(`k-means failed: ${(err as Error).message}`, where, { cause: err });
        }
        if (ctx.savePredictions) assignments[key]!.push(Array.from(assignment));
        vMeasures[key]!.push(vMeasureScore(y, assignment));
        amiScores[key]!.push(adjustedMutualInfoScore(y, assignment));
        ctx.progress?.('k-means fits', level * nExperiments + e + 1, fits);
      }
    }
    // mteb's cluster_assignments (_evaluate_clustering_bootstrapped): {"Level i": one list per experiment}.
    ctx.savePredictions?.(assignments);
    const v = meanStd(Object.values(vMeasures).flat());
    const a = meanStd(Object.values(amiScores).flat());
    return {
      v_measures: vMeasures,
      v_measure: v.mean,
      v_measure_std: v.std,
      ami_scores: amiScores,
      ami: a.mean,
      ami_std: a.std,
    } satisfies ClusteringScores;
  });
}

/** The task-level stream's position (CPython getstate words) for the checkpoint; absent until the first subset ran. */
function saveState(state: ReadonlyMap<string, unknown>): unknown {
  const rng = state.get(RNG_STATE_KEY) as PyRandom | undefined;
  return rng ? { [RNG_STATE_KEY]: rng.getState() } : {};
}

function restoreState(saved: unknown, state: Map<string, unknown>): void {
  const words = (saved as Record<string, unknown> | null)?.[RNG_STATE_KEY];
  if (words === undefined) return;
  if (!Array.isArray(words)) throw new RangeError(`checkpoint ${RNG_STATE_KEY} must be a list of state words`);
  const rng = new PyRandom(42);
  rng.setState(words as number[]);
  state.set(RNG_STATE_KEY, rng);
}

const clustering: TaskTypeModule<ClusteringData> = {
  load: loadClustering,
  evaluate: evaluateClustering,
  saveState,
  restoreState,
  rowCounts: (d) => ({ samples: d.sentences.length }),
};
export default clustering;
