/**
 * Benchmark aggregation exactly as mteb's leaderboard (mteb/benchmarks/_create_table.py,
 * _benchmark_metrics.py, TaskResult.validate_and_filter_scores):
 * - rows are filtered to the benchmark task's eval splits and hf subsets; a missing split/subset makes the
 *   task incomplete, shown as missing (mteb nulls incomplete tasks);
 * - per-task score = plain mean of main_score over the remaining (split, subset) rows;
 * - aggregate tasks (CQADupstackRetrieval) = mean of their member tasks' scores;
 * - Mean (Task) = mean over the task columns (benchmark tasks some model has results for), null when any is
 *   missing; per-type means likewise (skipna=False); Mean (TaskType) = mean of the per-type means;
 * - Rank (Borda): per task, models ranked by score (descending, average ties); a model earns
 *   n_models − rank points per task it has; final rank = min-method rank of the point totals.
 */
import type { Benchmark } from '../tasks/benchmark.js';
import type { TaskMetadata, TaskType } from '../tasks/metadata.js';
import { getBenchmarkTasks, getTask } from '../tasks/registry.js';
import type { ModelRun } from './collect.js';
import { type ModelInfo, registryModelInfo, runInfos, trainingDatasetsWithSimilar, zeroShotPercent } from './model-info.js';
import { type LanguageTable, perLanguageTable } from './per-language.js';
import { averageRankDescending, minRankDescending } from './ranks.js';
import type { NormalizedResult, TaskLookup } from './read.js';

export { averageRankDescending, minRankDescending };

/** A benchmark resolved to concrete (restricted) task metadata; tests can build one by hand. */
export interface BenchmarkSpec {
  name: string;
  /** Benchmark-level task names in display order (aggregate names, not their members). */
  tasks: { name: string; type: TaskType }[];
  /** Restricted metadata of every scored task (aggregate members included) by name. */
  metadata: Map<string, TaskMetadata>;
  /** aggregate name -> member task names */
  aggregates: Record<string, string[]>;
  /** Languages of the per-language table (mteb's language_view); absent = no per-language table. */
  languageView?: readonly string[] | 'all';
}

export function benchmarkSpec(b: Benchmark): BenchmarkSpec {
  const restricted = getBenchmarkTasks(b);
  const metadata = new Map(restricted.map((t) => [t.name, t]));
  const aggregates = b.aggregates ?? {};
  const tasks = b.tasks.map((name) => {
    const members = aggregates[name];
    if (members) {
      const type = metadata.get(members[0] ?? '')?.type ?? safeType(name) ?? 'Retrieval';
      return { name, type };
    }
    const t = metadata.get(name) ?? getTask(name);
    return { name, type: t.type };
  });
  return { name: b.name, tasks, metadata, aggregates, languageView: b.languageView };
}

/**
 * Without a benchmark: every task that some run has a result for and that `lookup` knows (its type, splits and
 * subsets come from there), in name order. This is how custom tasks (--task-file) get a leaderboard.
 */
export function specFromResults(runs: readonly ModelRun[], lookup: TaskLookup, name = 'all tasks in the results'): BenchmarkSpec {
  const metadata = new Map<string, TaskMetadata>();
  for (const run of runs) {
    for (const task of run.results.keys()) {
      const m = metadata.has(task) ? undefined : lookup(task);
      if (m) metadata.set(task, m);
    }
  }
  const tasks = [...metadata.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((m) => ({ name: m.name, type: m.type }));
  return { name, tasks, metadata, aggregates: {} };
}

function safeType(name: string): TaskType | undefined {
  try {
    return getTask(name).type;
  } catch {
    return undefined;
  }
}

/** Why a task has no score for a model. */
export interface MissingReason {
  task: string;
  reason: string;
}

export interface TaskScore {
  /** Mean main score in [0,1] units, null when missing. */
  score: number | null;
  /** Rows used (split, subset, main_score, the row's languages). */
  rows: { split: string; subset: string; main: number | null; languages: string[] }[];
  /** Result files behind it. */
  files: string[];
  datasetRevisions: string[];
  mtebVersions: string[];
}

export interface LeaderboardRow {
  model: string;
  revision: string;
  perTask: Record<string, TaskScore>;
  perType: Partial<Record<TaskType, number | null>>;
  meanTask: number | null;
  meanTaskType: number | null;
  bordaPoints: number;
  bordaRank: number;
  missing: MissingReason[];
  /** Size, dimensions, licence and training data (mteb registry, model_meta.json, mteb-ts registry). */
  info: ModelInfo;
  /** Zero-shot % over the task columns present (mteb `_zero_shot_pct_cached`); null when training data is unknown. */
  zeroShot: number | null;
}

export interface Leaderboard {
  benchmark: string;
  tasks: { name: string; type: TaskType }[];
  types: TaskType[];
  /** Sorted by Borda rank (then model name). */
  rows: LeaderboardRow[];
  /** Benchmark tasks some model has rows for: mteb's task columns, over which zero-shot % is taken. */
  presentTasks: string[];
  /** Mean per language, for benchmarks with a language view (mteb's per-language table). */
  perLanguage?: LanguageTable;
}

/** Scores one task of one run, filtered to the benchmark's splits/subsets. */
export function scoreTask(res: NormalizedResult | undefined, task: TaskMetadata): { score: TaskScore; missing?: string } {
  const empty: TaskScore = { score: null, rows: [], files: [], datasetRevisions: [], mtebVersions: [] };
  if (!res) return { score: empty, missing: 'no result file' };
  const rows: TaskScore['rows'] = [];
  const problems: string[] = [];
  const wantSubsets = Object.keys(task.subsets);
  for (const split of task.evalSplits) {
    const have = res.scores[split];
    if (!have) {
      problems.push(`split ${split} missing`);
      continue;
    }
    const seen = new Set<string>();
    for (const r of have) {
      if (!wantSubsets.includes(r.hf_subset)) continue;
      seen.add(r.hf_subset);
      rows.push({ split, subset: r.hf_subset, main: r.main_score, languages: r.languages });
    }
    const lacking = wantSubsets.filter((s) => !seen.has(s));
    if (lacking.length)
      problems.push(
        `split ${split} lacks subset${lacking.length > 1 ? 's' : ''} ${lacking.slice(0, 3).join(', ')}${lacking.length > 3 ? ', ...' : ''}`,
      );
  }
  const noMain = rows.filter((r) => r.main === null || !Number.isFinite(r.main));
  if (noMain.length) problems.push(`no main score (${task.mainScore}) for ${noMain.map((r) => `${r.split}/${r.subset}`).join(', ')}`);
  const base: TaskScore = {
    score: null,
    rows,
    files: [res.file],
    datasetRevisions: res.dataset_revision ? [res.dataset_revision] : [],
    mtebVersions: res.mteb_version ? [res.mteb_version] : [],
  };
  if (problems.length) return { score: base, missing: problems.join('; ') };
  base.score = rows.reduce((a, r) => a + r.main!, 0) / rows.length;
  return { score: base };
}

export function aggregateBenchmark(runs: readonly ModelRun[], spec: BenchmarkSpec): Leaderboard {
  const infos = runInfos(runs);
  const rows: LeaderboardRow[] = runs.map((run) => {
    const perTask: Record<string, TaskScore> = {};
    const missing: MissingReason[] = [];
    for (const t of spec.tasks) {
      const members = spec.aggregates[t.name];
      if (members) {
        const parts = members.map((m) => ({ m, ...scoreTask(run.results.get(m), spec.metadata.get(m) ?? mustMeta(spec, m)) }));
        const lacking = parts.filter((p) => p.score.score === null);
        const own = run.results.get(t.name);
        if (lacking.length && own) {
          // Members incomplete but the aggregate's own file exists (mteb writes it after combining the
          // members, and its loader reads it by name): use it, filtered to the "default" subset as mteb does.
          const first = spec.metadata.get(members[0] ?? '');
          const aggMeta = { ...(first ?? mustMeta(spec, members[0]!)), name: t.name, subsets: { default: [] } } as TaskMetadata;
          const { score, missing: why } = scoreTask(own, aggMeta);
          if (score.score !== null) {
            perTask[t.name] = score;
            continue;
          }
          missing.push({ task: t.name, reason: why ?? 'no score' });
          perTask[t.name] = score;
          continue;
        }
        const merged: TaskScore = {
          score: lacking.length ? null : parts.reduce((a, p) => a + p.score.score!, 0) / parts.length,
          rows: parts.flatMap((p) => p.score.rows),
          files: parts.flatMap((p) => p.score.files),
          datasetRevisions: [...new Set(parts.flatMap((p) => p.score.datasetRevisions))],
          mtebVersions: [...new Set(parts.flatMap((p) => p.score.mtebVersions))],
        };
        perTask[t.name] = merged;
        if (lacking.length) {
          missing.push({
            task: t.name,
            reason: `aggregate of ${members.length} tasks; missing ${lacking.map((p) => `${p.m} (${p.missing})`).join(', ')}`,
          });
        }
        continue;
      }
      const { score, missing: why } = scoreTask(run.results.get(t.name), spec.metadata.get(t.name) ?? mustMeta(spec, t.name));
      perTask[t.name] = score;
      if (why) missing.push({ task: t.name, reason: why });
    }
    return {
      model: run.model,
      revision: run.revision,
      perTask,
      perType: {},
      meanTask: null,
      meanTaskType: null,
      bordaPoints: 0,
      bordaRank: 0,
      missing,
      info: infos.get(run.model)!,
      zeroShot: null,
    };
  });
  // mteb's task columns are the tasks present in the results frame (a task no model ran is no column).
  const presentTasks = spec.tasks.filter((t) => rows.some((r) => r.perTask[t.name]!.rows.length > 0)).map((t) => t.name);
  // The means run over those columns, so a benchmark task that no model has leaves the means alone (per-type
  // columns likewise exist only for types with a present task).
  const columns = presentTasks.length ? spec.tasks.filter((t) => presentTasks.includes(t.name)) : spec.tasks;
  const types = [...new Set(columns.map((t) => t.type))];
  for (const r of rows) {
    for (const ty of types) r.perType[ty] = meanOrNull(columns.filter((t) => t.type === ty).map((t) => r.perTask[t.name]!.score));
    r.meanTask = meanOrNull(columns.map((t) => r.perTask[t.name]!.score));
    r.meanTaskType = meanOrNull(types.map((ty) => r.perType[ty] ?? null));
  }
  const resolve = (name: string) => infos.get(name) ?? registryModelInfo(name);
  for (const r of rows) r.zeroShot = zeroShotPercent(trainingDatasetsWithSimilar(r.info, resolve), presentTasks);
  const points = bordaPoints(rows.map((r) => spec.tasks.map((t) => r.perTask[t.name]!.score)));
  const ranks = minRankDescending(points);
  rows.forEach((r, i) => {
    r.bordaPoints = points[i]!;
    r.bordaRank = ranks[i]!;
  });
  rows.sort((a, b) => a.bordaRank - b.bordaRank || a.model.localeCompare(b.model) || a.revision.localeCompare(b.revision));
  const lb: Leaderboard = { benchmark: spec.name, tasks: spec.tasks, types, rows, presentTasks };
  if (spec.languageView)
    lb.perLanguage = perLanguageTable(
      rows,
      spec.tasks.map((t) => t.name),
      spec.languageView,
    );
  return lb;
}

function mustMeta(spec: BenchmarkSpec, name: string): TaskMetadata {
  const m = spec.metadata.get(name);
  if (m) return m;
  return getTask(name);
}

/** Mean with pandas skipna=False semantics: null if any value is missing; empty -> null. */
export function meanOrNull(xs: readonly (number | null)[]): number | null {
  if (!xs.length || xs.some((x) => x === null || !Number.isFinite(x))) return null;
  return (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Borda points per model: matrix[model][task] (null = model lacks the task). n_models counts models with
 * at least one score (mteb filters all-null rows out before counting).
 */
export function bordaPoints(matrix: readonly (readonly (number | null)[])[]): number[] {
  const nModels = matrix.filter((row) => row.some((x) => x !== null)).length;
  const nTasks = matrix[0]?.length ?? 0;
  const pts = matrix.map(() => 0);
  for (let t = 0; t < nTasks; t++) {
    const present = matrix
      .map((row, i) => ({ i, s: row[t] }))
      .filter((x): x is { i: number; s: number } => x.s !== null && x.s !== undefined && Number.isFinite(x.s));
    const ranks = averageRankDescending(present.map((p) => p.s));
    present.forEach((p, k) => (pts[p.i]! += nModels - ranks[k]!));
  }
  return pts;
}

/** Leaderboard display: score ×100 rounded to 2 decimals (mteb/leaderboard/table.py). */
export function displayScore(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  // toFixed rounds the exact binary value like Python's '{:.2f}' (they differ only on exact .xx5 ties).
  return (x * 100).toFixed(2);
}
