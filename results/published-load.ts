/**
 * mteb's `__cached_results.json` (a `BenchmarkResults.model_dump_json()`, mteb/results/benchmark_results.py) in both
 * directions: read it into the same `ModelRun`s that result folders give, and build it from collected runs (what
 * mteb's `_rebuild_from_full_repository` writes after cloning the results repository).
 *
 * Shape: {"model_results": [{"model_name", "model_revision", "task_results": [TaskResult...], "exceptions",
 * "experiment_name"}], "benchmark": null}; each TaskResult is the v2 result-file object.
 */
import { readFileSync } from 'node:fs';
import type { Issue, ModelRun } from './collect.js';
import { PublishedResultsError } from './published-cache.js';
import { type NormalizedResult, normalizeResult, registryLookup, type TaskLookup } from './read.js';

export interface PublishedCollection {
  runs: ModelRun[];
  issues: Issue[];
  /** Model results mteb files under an experiment name (not loaded, as mteb's default NO_EXPERIMENTS). */
  skippedExperiments: number;
  /** Every model name in the file (for suggestions when a requested name matches none). */
  allModels: string[];
}

export interface LoadPublishedOptions {
  lookup?: TaskLookup;
  /** Keep only these model names (exact, or case-insensitive when no exact match exists). */
  models?: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the cached-results text; throws PublishedResultsError naming `file` when it is not that shape. */
export function parseCachedResults(text: string, file: string): Record<string, unknown>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PublishedResultsError(`the published results file is not valid JSON: ${(e as Error).message}`, {
      file,
      hint: 'run `mteb-ts results fetch --rebuild` to build it again',
    });
  }
  if (!isObject(raw) || !Array.isArray(raw.model_results)) {
    throw new PublishedResultsError('the published results file has no "model_results" list (not an mteb BenchmarkResults file)', { file });
  }
  raw.model_results.forEach((m, i) => {
    if (!isObject(m) || typeof m.model_name !== 'string' || !Array.isArray(m.task_results)) {
      throw new PublishedResultsError(`model_results[${i}] lacks model_name or task_results`, { file });
    }
  });
  return raw.model_results as Record<string, unknown>[];
}

/** Reads `__cached_results.json` into one run per (model, revision). Bad task results become issues, not failures. */
export function loadPublished(file: string, opts: LoadPublishedOptions = {}): PublishedCollection {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PublishedResultsError(`cannot read the published results: ${(e as Error).message}`, { file, hint: 'run `mteb-ts results fetch`' });
  }
  return publishedRuns(parseCachedResults(text, file), file, opts);
}

export function publishedRuns(modelResults: readonly Record<string, unknown>[], file: string, opts: LoadPublishedOptions = {}): PublishedCollection {
  const lookup = opts.lookup ?? registryLookup;
  const keep = modelFilter(
    modelResults.map((m) => m.model_name as string),
    opts.models,
  );
  const issues: Issue[] = [];
  const runs = new Map<string, ModelRun>();
  let skippedExperiments = 0;
  modelResults.forEach((m, i) => {
    const model = m.model_name as string;
    if (!keep(model)) return;
    if (typeof m.experiment_name === 'string' && m.experiment_name) {
      skippedExperiments++;
      return;
    }
    const revision = typeof m.model_revision === 'string' && m.model_revision ? m.model_revision : 'no_revision_available';
    const key = `${model}\u0000${revision}`;
    let run = runs.get(key);
    if (!run) {
      run = { model, revision, dir: file, results: new Map() };
      runs.set(key, run);
    }
    (m.task_results as unknown[]).forEach((t, j) => {
      const where = `${file}#model_results[${i}].task_results[${j}]`;
      let res: NormalizedResult;
      try {
        res = normalizeResult(t, where, { lookup });
      } catch (e) {
        issues.push({ level: 'warning', file: where, model, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      // mteb keeps the first of duplicates when it builds a DataFrame; so do we, with a note.
      if (run.results.has(res.task_name))
        issues.push({
          level: 'warning',
          file: where,
          model,
          task: res.task_name,
          message: `duplicate ${res.task_name} for ${model} at ${revision}; the first is used [${where}]`,
        });
      else run.results.set(res.task_name, res);
    });
  });
  const allModels = [...new Set(modelResults.map((m) => m.model_name as string))].sort();
  return { runs: [...runs.values()].filter((r) => r.results.size), issues, skippedExperiments, allModels };
}

/** The model-name filter: exact names; a name with no exact match also matches case-insensitively. */
function modelFilter(all: readonly string[], wanted: readonly string[] | undefined): (name: string) => boolean {
  if (!wanted?.length) return () => true;
  const names = new Set(all);
  const exact = new Set(wanted.filter((w) => names.has(w)));
  const loose = new Set(wanted.filter((w) => !names.has(w)).map((w) => w.toLowerCase()));
  return (name) => exact.has(name) || loose.has(name.toLowerCase());
}

/** Wanted model names that match nothing in the published results (for a clear message). */
export function unmatchedModels(runs: readonly ModelRun[], wanted: readonly string[]): string[] {
  const have = new Set(runs.map((r) => r.model.toLowerCase()));
  return wanted.filter((w) => !have.has(w.toLowerCase()));
}

/**
 * The cached-results JSON built from collected runs, as mteb's rebuild writes it (`load_results(only_main_score=True)`
 * then `to_disk`): per row only hf_subset, main_score and languages (TaskResult.only_main_score).
 */
export function buildCachedResults(runs: readonly ModelRun[]): string {
  const model_results = [...runs]
    .sort((a, b) => a.model.localeCompare(b.model) || a.revision.localeCompare(b.revision))
    .map((r) => ({
      model_name: r.model,
      model_revision: r.revision,
      task_results: [...r.results.values()]
        .sort((a, b) => a.task_name.localeCompare(b.task_name))
        .map((t) => ({
          dataset_revision: t.dataset_revision,
          task_name: t.task_name,
          mteb_version: t.mteb_version,
          // Not rounded: BenchmarkResults.to_disk dumps the values as loaded (NaN becomes null, as pydantic writes it).
          scores: Object.fromEntries(
            Object.entries(t.scores).map(([split, rows]) => [
              split,
              rows.map((row) => ({ hf_subset: row.hf_subset, main_score: row.main_score, languages: row.languages })),
            ]),
          ),
          evaluation_time: t.evaluation_time,
          kg_co2_emissions: t.kg_co2_emissions,
          date: null,
          evaluation_phases: null,
        })),
      exceptions: null,
      experiment_name: null,
    }));
  return `${JSON.stringify({ model_results, benchmark: null }, null, 2)}\n`;
}
