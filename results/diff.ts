/**
 * Compares two models' (or two runs') results: per task and per metric deltas, tasks added/missing,
 * dataset-revision and mteb-version mismatches, an aggregate line with a paired bootstrap over tasks,
 * and a per-query paired bootstrap for retrieval tasks whose per-query values or runs (+ qrels) were saved.
 *
 * Task scores compare like with like: the mean main score over the (split, subset) rows both sides have
 * (restricted to a benchmark's splits/subsets when one is given).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Qrels, RETRIEVAL_K_VALUES, trecQueryMeasures } from '../metrics/ranking.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { findTaskTypeSpec, type TaskType } from '../tasks/task-types.js';
import type { F1Statistic, PerSample } from '../tasks/types/module.js';
import { aggregateBenchmark, type BenchmarkSpec } from './aggregate.js';
import {
  type BootstrapResult,
  type BootstrapStatistic,
  type CorrelationGroup,
  type F1FoldPair,
  type MultilabelF1Group,
  pairedBootstrap,
  pairedCorrelationBootstrap,
  pairedF1Bootstrap,
  pairedMultilabelF1Bootstrap,
} from './bootstrap.js';
import type { ModelRun } from './collect.js';
import { perQueryPath, perSamplePath, predictionsPath, readPerQuery, readPerSample, readPredictions } from './predictions.js';
import { type NormalizedResult, ResultFileError, type ScoreRow, type TaskLookup } from './read.js';

export interface MetricDelta {
  split: string;
  subset: string;
  metric: string;
  base: number | null;
  new: number | null;
  delta: number | null;
}

export type TaskStatus = 'both' | 'added' | 'missing' | 'unscored';

export interface TaskDiff {
  task: string;
  type?: TaskType;
  status: TaskStatus;
  base: number | null;
  new: number | null;
  delta: number | null;
  /** delta below −threshold (main score, in points ×100) */
  regression: boolean;
  improvement: boolean;
  metrics: MetricDelta[];
  /** dataset revision / mteb version mismatches, subset differences */
  flags: string[];
  /** Ranking tasks: the per-query bootstrap (the same object as `perSample`). */
  perQuery?: BootstrapResult & { metric: string; queries: number };
  /** Paired bootstrap over the task's samples (queries, pairs, examples, cluster sets, texts, sentences). */
  perSample?: PerSampleBootstrap;
  /** Why a task both sides scored has no per-sample bootstrap (then only the across-task bootstrap covers it). */
  perSampleMissing?: string;
}

export interface PerSampleBootstrap extends BootstrapResult {
  /** The resampled statistic: the mean of per-sample values, or a correlation / F1 recomputed on each resample. */
  statistic: 'mean' | BootstrapStatistic | F1Statistic | 'multilabel_f1';
  metric: string;
  /** What one sample is: query, pair, example, cluster set, text, sentence. */
  unit: string;
  /**
   * Where the per-sample values came from: our per-sample sidecars, mteb-written predictions joined with the task's
   * gold labels (`predictions + gold`), saved runs and qrels, or the result files (clustering's v_measures).
   */
  source: 'predictions' | 'predictions + gold' | 'runs + qrels' | 'result files';
  /** Correlation statistics: resamples dropped because a correlation was undefined. */
  dropped?: number;
  /** How the per-sample values stand for the main score when that is not plain (the evaluator's or the join's note). */
  note?: string;
}

export interface DiffOptions {
  /** Points (main score ×100) a task may drop before it counts as a regression. Default 0.5. */
  threshold?: number;
  lookup?: TaskLookup;
  /** Restrict to these tasks: metadata by name (aggregate members listed individually). */
  tasks?: Map<string, TaskMetadata>;
  /**
   * A benchmark: its tasks/splits/subsets restrict the per-task diff, and the aggregate line and the bootstrap
   * use the benchmark-level task scores (aggregate tasks such as CQADupstackRetrieval count once).
   */
  benchmark?: BenchmarkSpec;
  bootstrapSamples?: number;
  seed?: number;
  /** Predictions folders of the two sides (default: `<run dir>/predictions` and the run dir itself). */
  basePredictions?: string;
  newPredictions?: string;
  /**
   * Significance-aware gating: a drop beyond the threshold counts as a regression only when its 95% bootstrap interval
   * lies below zero (the per-sample interval of a task; the across-task interval of the mean, over at least 2 tasks).
   * A task without a per-sample bootstrap is judged by the threshold alone and listed in `thresholdOnly`.
   */
  significance?: boolean;
  /** Qrels for computing per-query ndcg@10 from saved runs when no per-query sidecar exists. */
  qrels?: (task: string, split: string, subset: string) => Qrels | undefined;
  /**
   * Per-sample values rebuilt from a side's mteb-written `<Task>_predictions.json` and the task's gold labels, for a
   * side without `<Task>_per_sample.json` (runners/commands/diff-gold.ts): split\0subset -> values, or why not.
   */
  goldJoined?: (task: string, side: 'base' | 'new') => Map<string, PerSample> | { why: string } | undefined;
}

export interface DiffReport {
  base: { model: string; revision: string; dir: string };
  new: { model: string; revision: string; dir: string };
  threshold: number;
  tasks: TaskDiff[];
  added: string[];
  missing: string[];
  regressions: string[];
  improvements: string[];
  /** Tasks whose new side lacks (split, subset) rows the base has (beside `missing`, the tasks it lacks entirely). */
  incomplete: string[];
  /** With `significance`: drops beyond the threshold whose interval includes zero (not counted as regressions). */
  notSignificant: string[];
  /** With `significance`: regressions judged by the threshold alone (no per-sample bootstrap). */
  thresholdOnly: string[];
  significance: boolean;
  aggregate: {
    /** 'tasks' = mean over tasks both sides scored; 'benchmark' = benchmark-level tasks (aggregates counted once). */
    over: 'tasks' | 'benchmark';
    tasks: number;
    base: number | null;
    new: number | null;
    delta: number | null;
    regression: boolean;
    bootstrap?: BootstrapResult;
    /** With a benchmark: each side's Mean (Task), null when it misses a task (as on the leaderboard). */
    benchmark?: { name: string; base: number | null; new: number | null };
  };
}

export function diffRuns(base: ModelRun, next: ModelRun, opts: DiffOptions = {}): DiffReport {
  const threshold = opts.threshold ?? 0.5;
  const restrict = opts.tasks ?? opts.benchmark?.metadata;
  opts = { ...opts, tasks: restrict };
  const names = restrict ? [...restrict.keys()] : [...new Set([...base.results.keys(), ...next.results.keys()])].sort();
  const tasks: TaskDiff[] = [];
  for (const name of names) {
    const meta = opts.tasks?.get(name) ?? opts.lookup?.(name);
    const b = base.results.get(name);
    const n = next.results.get(name);
    if (!b && !n) continue;
    tasks.push(diffTask(name, meta, b, n, threshold, opts, base, next));
  }
  let pairs = tasks.filter((t) => t.status === 'both' && t.delta !== null).map((t) => ({ base: t.base!, new: t.new! }));
  let benchmark: DiffReport['aggregate']['benchmark'];
  if (opts.benchmark) {
    // each side on its own: both may be the same model and revision (two runs)
    const rb = aggregateBenchmark([base], opts.benchmark).rows[0]!;
    const rn = aggregateBenchmark([next], opts.benchmark).rows[0]!;
    pairs = opts.benchmark.tasks
      .map((t) => ({ base: rb.perTask[t.name]?.score ?? null, new: rn.perTask[t.name]?.score ?? null }))
      .filter((p): p is { base: number; new: number } => p.base !== null && p.new !== null);
    benchmark = { name: opts.benchmark.name, base: rb.meanTask, new: rn.meanTask };
  }
  const notSignificant: string[] = [];
  const thresholdOnly: string[] = [];
  if (opts.significance) {
    for (const t of tasks) {
      if (!t.regression) continue;
      if (!t.perSample) thresholdOnly.push(t.task);
      else if (!(t.perSample.ci[1] < 0)) {
        t.regression = false;
        notSignificant.push(t.task);
      }
    }
  }
  const deltas = pairs.map((p) => p.new - p.base);
  const baseMean = pairs.length ? pairs.reduce((a, p) => a + p.base, 0) / pairs.length : null;
  const newMean = pairs.length ? pairs.reduce((a, p) => a + p.new, 0) / pairs.length : null;
  const aggDelta = baseMean !== null && newMean !== null ? newMean - baseMean : null;
  const aggBoot = pairedBootstrap(deltas, { samples: opts.bootstrapSamples, seed: opts.seed });
  // one task gives a one-point "interval": the task's own verdict stands for the mean then
  const aggSignificant = aggBoot !== undefined && aggBoot.n >= 2 && aggBoot.ci[1] < 0;
  if (opts.significance && aggDelta !== null && aggDelta * 100 < -threshold && !aggSignificant) notSignificant.push('(mean)');
  return {
    base: { model: base.model, revision: base.revision, dir: base.dir },
    new: { model: next.model, revision: next.revision, dir: next.dir },
    threshold,
    tasks,
    added: tasks.filter((t) => t.status === 'added').map((t) => t.task),
    missing: tasks.filter((t) => t.status === 'missing').map((t) => t.task),
    regressions: tasks.filter((t) => t.regression).map((t) => t.task),
    improvements: tasks.filter((t) => t.improvement).map((t) => t.task),
    incomplete: tasks
      .filter((t) => t.status !== 'missing' && t.status !== 'added' && t.flags.some((f) => f.startsWith('only in base:')))
      .map((t) => t.task),
    notSignificant,
    thresholdOnly,
    significance: !!opts.significance,
    aggregate: {
      over: opts.benchmark ? 'benchmark' : 'tasks',
      ...(benchmark ? { benchmark } : {}),
      tasks: pairs.length,
      base: baseMean,
      new: newMean,
      delta: aggDelta,
      regression: aggDelta !== null && aggDelta * 100 < -threshold && (!opts.significance || aggSignificant),
      bootstrap: aggBoot,
    },
  };
}

function diffTask(
  name: string,
  meta: TaskMetadata | undefined,
  b: NormalizedResult | undefined,
  n: NormalizedResult | undefined,
  threshold: number,
  opts: DiffOptions,
  baseRun: ModelRun,
  newRun: ModelRun,
): TaskDiff {
  const type = meta?.type;
  if (!b || !n) {
    const one = (b ?? n)!;
    const s = meanMain(allRows(one, meta));
    return {
      task: name,
      type,
      status: b ? 'missing' : 'added',
      base: b ? s : null,
      new: n ? s : null,
      delta: null,
      regression: false,
      improvement: false,
      metrics: [],
      flags: [],
    };
  }
  const flags: string[] = [];
  if (b.dataset_revision !== n.dataset_revision)
    flags.push(`dataset revision differs: ${b.dataset_revision ?? 'none'} vs ${n.dataset_revision ?? 'none'}`);
  const bv = versionsOf(b);
  const nv = versionsOf(n);
  if (bv !== nv) flags.push(`mteb version differs: ${bv || 'unknown'} vs ${nv || 'unknown'}`);
  const bRows = keyed(allRows(b, meta));
  const nRows = keyed(allRows(n, meta));
  const common = [...bRows.keys()].filter((k) => nRows.has(k));
  const onlyB = [...bRows.keys()].filter((k) => !nRows.has(k));
  const onlyN = [...nRows.keys()].filter((k) => !bRows.has(k));
  const list = (ks: string[]) => `${ks.slice(0, 5).map(pretty).join(', ')}${ks.length > 5 ? `, ... (${ks.length} split/subset rows)` : ''}`;
  if (onlyB.length) flags.push(`only in base: ${list(onlyB)}`);
  if (onlyN.length) flags.push(`only in new: ${list(onlyN)}`);
  const metrics: MetricDelta[] = [];
  for (const k of common) {
    const [split, subset] = k.split('\u0000') as [string, string];
    const rb = bRows.get(k)!;
    const rn = nRows.get(k)!;
    const keys = [...new Set([...Object.keys(rb), ...Object.keys(rn)])].filter((m) => typeof rb[m] === 'number' || typeof rn[m] === 'number').sort();
    for (const m of keys) {
      if (m === 'evaluation_time') continue;
      const x = typeof rb[m] === 'number' ? (rb[m] as number) : null;
      const y = typeof rn[m] === 'number' ? (rn[m] as number) : null;
      metrics.push({
        split,
        subset,
        metric: m,
        base: x,
        new: y,
        delta: x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y) ? y - x : null,
      });
    }
  }
  const sb = meanMain(common.map((k) => bRows.get(k)!));
  const sn = meanMain(common.map((k) => nRows.get(k)!));
  const delta = sb !== null && sn !== null ? sn - sb : null;
  const out: TaskDiff = {
    task: name,
    type,
    status: delta === null ? 'unscored' : 'both',
    base: sb,
    new: sn,
    delta,
    regression: delta !== null && delta * 100 < -threshold,
    improvement: delta !== null && delta * 100 > threshold,
    metrics,
    flags,
  };
  if (out.status === 'both') {
    const ps = perSampleBootstrap(name, type, meta?.mainScore, common, opts, baseRun, newRun, bRows, nRows);
    if ('why' in ps) out.perSampleMissing = ps.why;
    else {
      out.perSample = ps;
      if (ps.unit === 'query' && ps.statistic === 'mean') out.perQuery = { ...ps, queries: ps.n };
    }
  }
  return out;
}

/** Rows of a result, restricted to the task's splits/subsets when metadata is known. */
function allRows(r: NormalizedResult, meta: TaskMetadata | undefined): (ScoreRow & { split: string })[] {
  const out: (ScoreRow & { split: string })[] = [];
  for (const [split, rows] of Object.entries(r.scores)) {
    if (meta && !meta.evalSplits.includes(split)) continue;
    for (const row of rows) {
      if (meta && !(row.hf_subset in meta.subsets)) continue;
      out.push({ ...row, split });
    }
  }
  return out;
}

function keyed(rows: (ScoreRow & { split: string })[]): Map<string, ScoreRow> {
  return new Map(rows.map((r) => [`${r.split}\u0000${r.hf_subset}`, r]));
}
function pretty(k: string): string {
  return k.replace('\u0000', '/');
}
function meanMain(rows: readonly ScoreRow[]): number | null {
  if (!rows.length) return null;
  let s = 0;
  for (const r of rows) {
    if (r.main_score === null || !Number.isFinite(r.main_score)) return null;
    s += r.main_score;
  }
  return s / rows.length;
}
function versionsOf(r: NormalizedResult): string {
  const v = new Set<string>();
  for (const rows of Object.values(r.scores)) for (const row of rows) if (row.mteb_version) v.add(row.mteb_version);
  if (!v.size && r.mteb_version) v.add(r.mteb_version);
  return [...v].sort().join(',');
}

export function predictionDirs(run: ModelRun, override?: string): string[] {
  return override ? [override] : [path.join(run.dir, 'predictions'), run.dir];
}

/** Per-query values (split\0subset -> qid -> value) from a sidecar, or computed from a saved run + qrels. */
/** The trec measure behind a main score like ndcg_at_10 / map_at_1000 / recall_at_100 (else nDCG@10). */
export function perQueryMeasure(mainScore: string | undefined): { metric: string; measure: 'ndcg' | 'map' | 'recall' | 'precision'; k: number } {
  const m = /^(ndcg|map|recall|precision)_at_(\d+)$/.exec(mainScore ?? '');
  if (m && RETRIEVAL_K_VALUES.includes(Number(m[2]))) return { metric: mainScore!, measure: m[1] as 'ndcg', k: Number(m[2]) };
  return { metric: 'ndcg_at_10', measure: 'ndcg', k: 10 };
}

function perQueryValues(
  task: string,
  mainScore: string | undefined,
  run: ModelRun,
  dirOverride: string | undefined,
  opts: DiffOptions,
): { metric: string; values: Map<string, Record<string, number>>; computed?: boolean } | undefined {
  for (const dir of predictionDirs(run, dirOverride)) {
    const pq = perQueryPath(dir, task);
    if (existsSync(pq)) return readPerQuery(pq);
  }
  if (!opts.qrels) return undefined;
  for (const dir of predictionDirs(run, dirOverride)) {
    const pf = predictionsPath(dir, task);
    if (!existsSync(pf)) continue;
    const runs = readPredictions(pf);
    const values = new Map<string, Record<string, number>>();
    const { metric, measure, k } = perQueryMeasure(mainScore);
    const ki = RETRIEVAL_K_VALUES.indexOf(k);
    for (const [key, r] of runs) {
      const [split, subset] = key.split('\u0000') as [string, string];
      const qrels = opts.qrels(task, split, subset);
      if (!qrels) continue;
      const v: Record<string, number> = {};
      for (const [qid, docs] of Object.entries(r)) {
        const rels = qrels.get(qid);
        if (!rels || rels.size === 0) continue; // mteb evaluates only queries with judgements
        v[qid] = trecQueryMeasures(rels, new Map(Object.entries(docs)), RETRIEVAL_K_VALUES)[measure][ki]!;
      }
      values.set(key, v);
    }
    return { metric, values, computed: true };
  }
  return undefined;
}

/**
 * The task's paired per-sample bootstrap, from the first source that both sides have:
 * 1. `<Task>_per_sample.json` written with the predictions (every type with a per-sample statistic);
 * 2. ranking tasks: the older `<Task>_per_query.json`, or saved runs + qrels (`--qrels-from-data`);
 * 3. clustering: the per-cluster-set `v_measures` in the result files themselves.
 * Otherwise the reason there is none.
 */
function perSampleBootstrap(
  task: string,
  type: TaskType | undefined,
  mainScore: string | undefined,
  commonKeys: string[],
  opts: DiffOptions,
  baseRun: ModelRun,
  newRun: ModelRun,
  bRows: Map<string, ScoreRow>,
  nRows: Map<string, ScoreRow>,
): PerSampleBootstrap | { why: string } {
  const boot = { samples: opts.bootstrapSamples, seed: opts.seed };
  let a: Map<string, PerSample> | undefined;
  let b: Map<string, PerSample> | undefined;
  try {
    a = readPerSampleOf(task, baseRun, opts.basePredictions);
    b = readPerSampleOf(task, newRun, opts.newPredictions);
  } catch (e) {
    // a broken sidecar costs this task its per-sample bootstrap, never the diff
    if (e instanceof ResultFileError) return { why: `unreadable per-sample file: ${e.message}` };
    throw e;
  }
  // a side without a sidecar: its mteb-written predictions joined with the gold labels, when the caller loaded them
  let joined = false;
  const fill = (side: 'base' | 'new'): Map<string, PerSample> | { why: string } | undefined => opts.goldJoined?.(task, side);
  const ja = a ? undefined : fill('base');
  const jb = b ? undefined : fill('new');
  if (ja && 'why' in ja) return { why: `base: ${ja.why}` };
  if (jb && 'why' in jb) return { why: `new: ${jb.why}` };
  if (ja || jb) {
    joined = true;
    a ??= ja as Map<string, PerSample> | undefined;
    b ??= jb as Map<string, PerSample> | undefined;
  }
  if (a && b) {
    const r = fromPerSample(commonKeys, a, b, boot);
    if (!('why' in r)) return joined ? { ...r, source: 'predictions + gold' } : r;
    if (!(type && findTaskTypeSpec(type)?.ranking)) return r;
  }
  // InstructionReranking ranks too, but its main score (p-MRR) is per topic, never a per-query trec measure
  if (!type || (findTaskTypeSpec(type)?.ranking && type !== 'InstructionReranking')) {
    const pq = perQueryBootstrap(task, mainScore, commonKeys, opts, baseRun, newRun);
    if (pq) return pq;
  }
  if (type === 'Clustering' || (!type && commonKeys.some((k) => 'v_measures' in bRows.get(k)!))) {
    const r = fromClusterSets(commonKeys, bRows, nRows, boot);
    if (r) return r;
  }
  if (a && !b) return { why: oneSided('new', task, type, newRun, opts.newPredictions, !!opts.goldJoined) };
  if (b && !a) return { why: oneSided('base', task, type, baseRun, opts.basePredictions, !!opts.goldJoined) };
  if (
    !opts.goldJoined &&
    type &&
    type !== 'Clustering' &&
    hasPredictionsFile(task, baseRun, opts.basePredictions) &&
    hasPredictionsFile(task, newRun, opts.newPredictions)
  ) {
    return { why: 'only mteb-written predictions: --gold-from-data joins them with the gold labels' };
  }
  return { why: 'no per-sample predictions saved (run with --save-predictions)' };
}

/** Why a side without a sidecar (the other side has one) gives no per-sample values: names its predictions file if any. */
function oneSided(
  side: 'base' | 'new',
  task: string,
  type: TaskType | undefined,
  run: ModelRun,
  dirOverride: string | undefined,
  goldJoin: boolean,
): string {
  const file = predictionDirs(run, dirOverride)
    .map((dir) => predictionsPath(dir, task))
    .find((f) => existsSync(f));
  if (!file) return `the ${side} run has no per-sample predictions (--save-predictions)`;
  const has = `the ${side} run has only mteb's predictions (${file})`;
  if (!goldJoin) return `${has}: --gold-from-data joins them with the gold labels`;
  if (!type) return `${has}, and task ${task} is unknown here (give --task-file), so its gold labels cannot be loaded`;
  return `${has}, which --gold-from-data cannot turn into per-sample values for a ${type} task`;
}

function hasPredictionsFile(task: string, run: ModelRun, dirOverride: string | undefined): boolean {
  return predictionDirs(run, dirOverride).some((dir) => existsSync(predictionsPath(dir, task)));
}

function readPerSampleOf(task: string, run: ModelRun, dirOverride: string | undefined): Map<string, PerSample> | undefined {
  for (const dir of predictionDirs(run, dirOverride)) {
    const f = perSamplePath(dir, task);
    if (existsSync(f)) return readPerSample(f);
  }
  return undefined;
}

/** Pairs per-sample values over the (split, subset) rows both sides scored. */
function fromPerSample(
  commonKeys: string[],
  a: Map<string, PerSample>,
  b: Map<string, PerSample>,
  boot: { samples?: number; seed?: number },
): PerSampleBootstrap | { why: string } {
  const pairs = commonKeys.map((k) => [a.get(k), b.get(k)] as const).filter((p): p is readonly [PerSample, PerSample] => !!p[0] && !!p[1]);
  if (!pairs.length) return { why: 'the per-sample files share no split/subset with the scored rows' };
  const first = pairs[0]![0];
  const odd = pairs.find(
    ([x, y]) => x.statistic !== first.statistic || y.statistic !== first.statistic || x.metric !== first.metric || y.metric !== first.metric,
  );
  if (odd) {
    // e.g. a sidecar of an older mteb-ts that saved another statistic for this main score than the join gives now
    const what = (p: PerSample) => `${p.statistic} of ${p.metric}`;
    const detail =
      what(odd[0]) !== what(odd[1]) ? `base: ${what(odd[0])}, new: ${what(odd[1])}` : `${what(first)} in one subset, ${what(odd[0])} in another`;
    return {
      why: `the two runs saved per-sample values of different statistics or metrics (${detail}); rerun the older side with --save-predictions`,
    };
  }
  const note = pairs.map(([x, y]) => x.note ?? y.note).find((n) => n !== undefined);
  const head = { statistic: first.statistic, metric: first.metric, unit: first.unit, source: 'predictions' as const, ...(note ? { note } : {}) };
  if (first.statistic === 'mean') {
    const deltas: number[] = [];
    for (const [x, y] of pairs) {
      const va = (x as Extract<PerSample, { statistic: 'mean' }>).values;
      const vb = (y as Extract<PerSample, { statistic: 'mean' }>).values;
      for (const id of Object.keys(va).sort()) if (id in vb) deltas.push(vb[id]! - va[id]!);
    }
    const r = pairedBootstrap(deltas, boot);
    return r ? { ...r, ...head } : { why: 'the two runs share no sample ids' };
  }
  if (first.statistic === 'multilabel_f1') {
    const groups: MultilabelF1Group[] = [];
    for (const [x, y] of pairs) {
      const pa = x as Extract<PerSample, { statistic: 'multilabel_f1' }>;
      const pb = y as Extract<PerSample, { statistic: 'multilabel_f1' }>;
      const sameRow = (r: readonly number[], s: readonly number[] | undefined) => !!s && r.length === s.length && r.every((c, k) => c === s[k]);
      if (pa.columns !== pb.columns || pa.gold.length !== pb.gold.length || !pa.gold.every((r, i) => sameRow(r, pb.gold[i])))
        return { why: 'the two runs saved different gold label sets or label columns (another dataset revision?)' };
      groups.push({ columns: pa.columns, gold: pa.gold, base: pa.preds, new: pb.preds });
    }
    const r = pairedMultilabelF1Bootstrap(groups, boot);
    return r ? { ...r, ...head } : { why: 'no labelled samples' };
  }
  if (first.statistic === 'macro_f1' || first.statistic === 'weighted_f1') {
    const groups: F1FoldPair[][] = [];
    for (const [x, y] of pairs) {
      const fa = (x as Extract<PerSample, { folds: unknown }>).folds;
      const fb = (y as Extract<PerSample, { folds: unknown }>).folds;
      const same =
        fa.length === fb.length && fa.every((f, k) => f.gold.length === fb[k]!.gold.length && f.gold.every((g, i) => g === fb[k]!.gold[i]));
      if (!same) return { why: 'the two runs saved different gold labels or folds (another dataset revision?)' };
      groups.push(fa.map((f, k) => ({ gold: f.gold, base: f.preds, new: fb[k]!.preds })));
    }
    const r = pairedF1Bootstrap(groups, first.statistic === 'macro_f1' ? 'macro' : 'weighted', boot);
    return r ? { ...r, ...head } : { why: 'no labelled samples' };
  }
  const groups: CorrelationGroup[] = [];
  for (const [x, y] of pairs) {
    const pa = x as Extract<PerSample, { pred: number[] }>;
    const pb = y as Extract<PerSample, { pred: number[] }>;
    if (pa.gold.length !== pb.gold.length || pa.gold.some((g, i) => g !== pb.gold[i]))
      return { why: 'the two runs saved different gold scores or labels (another dataset revision?)' };
    if (![...pa.pred, ...pb.pred].every(Number.isFinite)) return { why: 'the saved pair scores are not all finite (NaN or infinite values)' };
    const binary = (xs: number[]) => xs.every((g) => g === 0 || g === 1);
    if ((first.statistic === 'ap' || first.statistic.startsWith('binary_')) && !binary(pa.gold))
      return { why: 'the saved labels are not all 0 or 1' };
    if (first.statistic.startsWith('binary_') && !(binary(pa.pred) && binary(pb.pred))) return { why: 'the saved predictions are not all 0 or 1' };
    groups.push({ gold: pa.gold, base: pa.pred, new: pb.pred });
  }
  const r = pairedCorrelationBootstrap(groups, first.statistic, boot);
  return r ? { ...r, ...head } : { why: 'fewer than 2 pairs' };
}

/** Clustering: the per-cluster-set v-measures of each row (legacy list, or v2 {"Level i": list}), paired by position. */
function fromClusterSets(
  commonKeys: string[],
  bRows: Map<string, ScoreRow>,
  nRows: Map<string, ScoreRow>,
  boot: { samples?: number; seed?: number },
): PerSampleBootstrap | undefined {
  const flat = (v: unknown): number[] | undefined => {
    if (Array.isArray(v)) return v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
    if (typeof v === 'object' && v !== null) {
      const parts = Object.keys(v)
        .sort()
        .map((k) => flat((v as Record<string, unknown>)[k]));
      return parts.every((p) => p) ? (parts.flat() as number[]) : undefined;
    }
    return undefined;
  };
  const deltas: number[] = [];
  for (const k of commonKeys) {
    const va = flat(bRows.get(k)!.v_measures);
    const vb = flat(nRows.get(k)!.v_measures);
    if (!va || !vb || va.length !== vb.length) return undefined;
    va.forEach((x, i) => deltas.push(vb[i]! - x));
  }
  const r = pairedBootstrap(deltas, boot);
  return r && { ...r, statistic: 'mean', metric: 'v_measure', unit: 'cluster set', source: 'result files' };
}

function perQueryBootstrap(
  task: string,
  mainScore: string | undefined,
  commonKeys: string[],
  opts: DiffOptions,
  baseRun: ModelRun,
  newRun: ModelRun,
): PerSampleBootstrap | undefined {
  const a = perQueryValues(task, mainScore, baseRun, opts.basePredictions, opts);
  const b = perQueryValues(task, mainScore, newRun, opts.newPredictions, opts);
  if (!a || !b || a.metric !== b.metric) return undefined;
  const deltas: number[] = [];
  for (const key of commonKeys) {
    const va = a.values.get(key);
    const vb = b.values.get(key);
    if (!va || !vb) continue;
    for (const q of Object.keys(va).sort()) if (q in vb) deltas.push(vb[q]! - va[q]!);
  }
  const r = pairedBootstrap(deltas, { samples: opts.bootstrapSamples, seed: opts.seed });
  return r && { ...r, statistic: 'mean', metric: a.metric, unit: 'query', source: a.computed || b.computed ? 'runs + qrels' : 'predictions' };
}
