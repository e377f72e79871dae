/**
 * Reads mteb result files of every historic format (mteb/results/task_result.py) into one normalized in-memory form:
 * the v2 layout `{split: [row per hf_subset]}` where each row has `main_score`, `hf_subset`, `languages`,
 * `mteb_version` and flat metric keys.
 *
 * Conversions (mirroring mteb's `TaskResult.from_disk`, `_convert_from_before_v1_11_0`,
 * `_fix_pair_classification_scores` and the per-row mteb_version back-fill):
 * - pre-1.11 (`mteb_dataset_name`, split keys at the top level, optional subset level, `cos_sim`/`max`
 *   nesting, no `main_score`): flattened to `cosine_*`, `max_*`, ...; `main_score` filled from the task's
 *   metadata (null with a note when that key is absent, as mteb does);
 * - 1.11–1.12.47 nested similarity dicts (`{"cosine": {...}, "max": {...}}`) are flattened to `cosine_ap`, `max_ap`;
 * - STS `[statistic, pvalue]` arrays (1.12–1.14, mteb issue #1206) become the statistic;
 * - `cos_sim_*` keys are renamed `cosine_*` (when no `cosine_*` key exists) so all eras compare;
 * - `NaN`/`Infinity` literals are parsed as numbers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ErrorContext, MtebError } from '../core/errors.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { allTaskNames, getTask } from '../tasks/registry.js';
import { parseLenientJson } from './json-lenient.js';
import { compareVersions, isValidVersion } from './version.js';

/** A result file could not be read or normalized. */
export class ResultFileError extends MtebError {}

export type ScoreValue = number | string | null | boolean | ScoreValue[] | { [k: string]: ScoreValue };

export interface ScoreRow {
  /** Mean-able main score; null when the file does not contain it (mteb writes None). */
  main_score: number | null;
  hf_subset: string;
  languages: string[];
  mteb_version?: string | null;
  [metric: string]: ScoreValue | undefined;
}

export type ResultFormat = 'pre-1.11' | 'v1' | 'v2';

/** The normalized form of one result file (mteb v2 TaskResult fields plus where it came from). */
export interface NormalizedResult {
  task_name: string;
  dataset_revision: string | null;
  mteb_version: string | null;
  scores: Record<string, ScoreRow[]>;
  evaluation_time: number | null;
  kg_co2_emissions: number | null;
  date: number | null;
  evaluation_phases: unknown[] | null;
  /** Which historic layout the file used. */
  format: ResultFormat;
  /** Path it was read from ('' for in-memory text). */
  file: string;
  /** Conversions applied and oddities seen, for `--verbose` output. */
  notes: string[];
}
/** @deprecated the British spelling of {@link NormalizedResult}, kept so library users' imports still compile. */
export type NormalisedResult = NormalizedResult;

/** Looks a task up by name; undefined when unknown. Defaults to the task registry. */
export type TaskLookup = (name: string) => TaskMetadata | undefined;

/** Tasks renamed in mteb (`renamed_tasks` in mteb/results/task_result.py). */
const RENAMED_TASKS: Record<string, string> = {
  NorwegianParliament: 'NorwegianParliamentClassification',
  CMedQAv2: 'CMedQAv2-reranking',
  CMedQAv1: 'CMedQAv1-reranking',
  '8TagsClustering': 'EightTagsClustering',
  PPC: 'PpcPC',
};

/** Old similarity-function prefixes -> v2 names (mteb ScoringFunction values). */
const PREFIX_RENAME: Record<string, string> = {
  cos_sim: 'cosine',
  cosine: 'cosine',
  manhattan: 'manhattan',
  euclidean: 'euclidean',
  dot: 'dot',
  max: 'max',
  similarity: 'similarity',
};
/** Keys that are nested metric groups rather than hf subsets in pre-1.11 files. */
const NON_SUBSET_KEYS = new Set(['v_measures', 'cos_sim', 'euclidean', 'manhattan', 'dot', 'max']);

export function registryLookup(name: string): TaskMetadata | undefined {
  if (!registryNames) registryNames = new Map(allTaskNames().map((n) => [n.toLowerCase(), n]));
  const exact = registryNames.get(name.toLowerCase());
  if (!exact) return undefined;
  try {
    return getTask(exact);
  } catch {
    return undefined;
  }
}
let registryNames: Map<string, string> | undefined;

/** Removed tasks mteb still loads through dummy metadata (`outdated_tasks` in task_result.py). */
const OUTDATED_TASKS: Record<string, string> = {
  ScalaNbClassification: 'nob-Latn',
  ScalaNnClassification: 'nob-Latn',
  ScalaDaClassification: 'dan-Latn',
  ScalaSvClassification: 'swe-Latn',
};
function outdatedTask(name: string): TaskMetadata | undefined {
  const lang = OUTDATED_TASKS[name];
  if (!lang) return undefined;
  return {
    name,
    type: 'Classification',
    description: 'removed from mteb; dummy metadata for reading historic results',
    dataset: { path: 'not/exists', revision: 'revision_not_applicable' },
    evalSplits: ['test'],
    subsets: { default: [lang] },
    mainScore: 'accuracy',
  };
}

/** Resolves renamed and case-variant task names the way mteb does on load. */
export function resolveTaskName(name: string, lookup: TaskLookup): { name: string; task?: TaskMetadata } {
  const renamed = RENAMED_TASKS[name] ?? name;
  const task = lookup(renamed) ?? outdatedTask(renamed);
  return { name: task?.name ?? renamed, task };
}

export interface ReadOptions {
  lookup?: TaskLookup;
  /** Used when the file names no task (very old files): the file name without `.json`. */
  fallbackTaskName?: string;
}

/** Reads and normalizes one result file; throws ResultFileError naming the file. */
export function readResultFile(file: string, opts: ReadOptions = {}): NormalizedResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ResultFileError(`cannot read result file: ${(e as Error).message}`, { file });
  }
  return parseResultText(text, file, { fallbackTaskName: path.basename(file).replace(/\.json$/i, ''), ...opts });
}

export function parseResultText(text: string, file = '', opts: ReadOptions = {}): NormalizedResult {
  let raw: unknown;
  try {
    raw = parseLenientJson(text);
  } catch (e) {
    const hint = text.trim().length === 0 ? 'the file is empty' : 'the file is truncated or not valid JSON';
    throw new ResultFileError(`invalid result JSON: ${(e as Error).message}`, { file, hint });
  }
  return normalizeResult(raw, file, opts);
}

/** Normalizes one parsed result (a file's JSON, or a task result inside mteb's `__cached_results.json`). */
export function normalizeResult(raw: unknown, file = '', opts: ReadOptions = {}): NormalizedResult {
  const lookup = opts.lookup ?? registryLookup;
  if (!isObject(raw)) throw new ResultFileError('a result file must hold a JSON object', { file });
  const isModern = isObject(raw.scores) && Object.values(raw.scores).every(Array.isArray);
  return isModern ? fromModern(raw, file, lookup) : fromPre111(raw, file, lookup, opts.fallbackTaskName);
}

function fromModern(raw: Record<string, unknown>, file: string, lookup: TaskLookup): NormalizedResult {
  const notes: string[] = [];
  const rawName = str(raw.task_name) ?? str(raw.mteb_dataset_name);
  if (!rawName) throw new ResultFileError('result file has no task_name', { file });
  const { name, task } = resolveTaskName(rawName, lookup);
  if (name !== rawName) notes.push(`task renamed ${rawName} -> ${name}`);
  const version = str(raw.mteb_version) ?? null;
  const ctx: ErrorContext = { file, task: name };
  const scores: Record<string, ScoreRow[]> = {};
  let perRowVersion = false;
  for (const [split, rows] of Object.entries(raw.scores as Record<string, unknown[]>)) {
    scores[split] = rows.map((r, i) => {
      if (!isObject(r)) throw new ResultFileError(`scores.${split}[${i}] is not an object`, { ...ctx, split });
      if ('mteb_version' in r) perRowVersion = true;
      return normalizeRow({ ...r }, task, { ...ctx, split }, notes, version);
    });
  }
  const pre111 = version === null ? false : isValidVersion(version) && compareVersions(version, '1.11.0') < 0;
  return {
    task_name: name,
    dataset_revision: str(raw.dataset_revision) ?? null,
    mteb_version: version,
    scores,
    evaluation_time: num(raw.evaluation_time),
    kg_co2_emissions: num(raw.kg_co2_emissions),
    date: num(raw.date),
    evaluation_phases: Array.isArray(raw.evaluation_phases) ? raw.evaluation_phases : null,
    format:
      perRowVersion ||
      'date' in raw ||
      'evaluation_phases' in raw ||
      (version !== null && isValidVersion(version) && compareVersions(version, '2.0.0') >= 0)
        ? 'v2'
        : 'v1',
    file,
    notes: pre111 ? [...notes, `mteb_version ${version} but already in the 1.11+ layout`] : notes,
  };
}

function fromPre111(raw: Record<string, unknown>, file: string, lookup: TaskLookup, fallbackName?: string): NormalizedResult {
  const notes: string[] = [];
  const rest: Record<string, unknown> = { ...raw };
  const revision = str(rest.dataset_revision) ?? null;
  const rawName = str(rest.mteb_dataset_name) ?? str(rest.task_name) ?? fallbackName;
  const version = str(rest.mteb_version) ?? null;
  for (const k of [
    'dataset_revision',
    'mteb_dataset_name',
    'task_name',
    'mteb_version',
    'kg_co2_emissions',
    'evaluation_phases',
    'date',
    'evaluation_time',
  ]) {
    delete rest[k];
  }
  if (!rawName) throw new ResultFileError('result file names no task (no task_name / mteb_dataset_name)', { file });
  const { name, task } = resolveTaskName(rawName, lookup);
  if (name !== rawName) notes.push(`task renamed ${rawName} -> ${name}`);
  const ctx: ErrorContext = { file, task: name };
  const splits: Record<string, Record<string, unknown>> = {};
  for (const [split, v] of Object.entries(rest)) {
    if (!isObject(v)) {
      throw new ResultFileError(`unrecognised result layout: top-level key "${split}" is neither a split object nor a known field`, {
        ...ctx,
        hint: 'expected mteb v2/v1 `scores: {split: [rows]}` or a pre-1.11 `{split: {metrics}}` file',
      });
    }
    splits[split] = { ...v };
  }
  if (!Object.keys(splits).length) throw new ResultFileError('result file holds no scores', ctx);
  let evaluationTime = 0;
  let sawTime = false;
  for (const s of Object.values(splits)) {
    if (typeof s.evaluation_time === 'number') {
      evaluationTime += s.evaluation_time;
      sawTime = true;
    }
    delete s.evaluation_time;
  }
  // mteb: a file has hf-subset level iff any split holds a dict that is not a metric group.
  const hasSubsets = Object.values(splits).some((s) => Object.entries(s).some(([k, v]) => isObject(v) && !NON_SUBSET_KEYS.has(k)));
  const scores: Record<string, ScoreRow[]> = {};
  for (const [split, s] of Object.entries(splits)) {
    const bySubset: Record<string, Record<string, unknown>> = hasSubsets
      ? Object.fromEntries(
          Object.entries(s)
            .filter(([, v]) => isObject(v))
            .map(([k, v]) => [k, { ...(v as object) }]),
        )
      : { default: s };
    scores[split] = Object.entries(bySubset).map(([subset, row]) => {
      if (typeof row.evaluation_time === 'number') delete row.evaluation_time;
      return normalizeRow({ ...row, hf_subset: subset }, task, { ...ctx, split, subset }, notes, version);
    });
  }
  notes.push('converted from the pre-1.11 layout');
  return {
    task_name: name,
    dataset_revision: revision,
    mteb_version: version,
    scores,
    evaluation_time: sawTime ? evaluationTime : null,
    kg_co2_emissions: null,
    date: null,
    evaluation_phases: null,
    format: 'pre-1.11',
    file,
    notes,
  };
}

/** Flattens similarity groups, unwraps [stat, p] pairs, renames cos_sim, fills main_score/languages/mteb_version. */
function normalizeRow(
  row: Record<string, unknown>,
  task: TaskMetadata | undefined,
  ctx: ErrorContext,
  notes: string[],
  fileVersion: string | null,
): ScoreRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const prefix = PREFIX_RENAME[k];
    if (prefix && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) out[`${prefix}_${mk}`] ??= unwrapPair(mk, mv, notes);
      note(notes, `flattened nested "${k}" scores`);
      continue;
    }
    out[k] = unwrapPair(k, v, notes);
  }
  for (const k of Object.keys(out)) {
    if (k.startsWith('cos_sim_')) {
      const renamed = `cosine_${k.slice(8)}`;
      if (!(renamed in out)) out[renamed] = out[k];
      delete out[k];
      note(notes, 'renamed cos_sim_* keys to cosine_*');
    }
  }
  const subset = typeof out.hf_subset === 'string' ? out.hf_subset : 'default';
  out.hf_subset = subset;
  if (!Array.isArray(out.languages)) out.languages = task?.subsets[subset] ?? [];
  if (out.mteb_version === undefined && fileVersion !== null) out.mteb_version = fileVersion;
  let main = out.main_score;
  if (main === null && !task) {
    // present but null: a NaN written as null (mteb-ts writes strict JSON); nothing to fill it from
    note(notes, 'main_score is null (NaN)');
  } else if (main === undefined || main === null) {
    if (!task) {
      throw new ResultFileError('result row has no main_score and its task is unknown, so the main score cannot be filled in', {
        ...ctx,
        subset,
        hint: 'add the task to the catalog (or pass its metadata) or write main_score into the file',
      });
    }
    const v = out[task.mainScore];
    if (typeof v === 'number') {
      main = v;
      note(notes, `main_score filled from metadata key ${task.mainScore}`);
    } else {
      main = null;
      note(notes, `main score ${task.mainScore} not found in the scores (left null, as mteb does)`);
    }
  } else if (typeof main !== 'number') {
    main = unwrapPair('main_score', main, notes);
    if (typeof main !== 'number') throw new ResultFileError(`main_score is not a number: ${JSON.stringify(out.main_score)}`, { ...ctx, subset });
  }
  out.main_score = main;
  return out as ScoreRow;
}

/** `[statistic, pvalue]` correlation pairs (mteb 1.12–1.14) -> the statistic. */
function unwrapPair(key: string, v: unknown, notes: string[]): unknown {
  if (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'number' &&
    typeof v[1] === 'number' &&
    /(^|_)(pearson|spearman)$|^main_score$/.test(key)
  ) {
    note(notes, 'unwrapped [statistic, pvalue] correlation arrays');
    return v[0];
  }
  return v;
}

function note(notes: string[], msg: string): void {
  if (!notes.includes(msg)) notes.push(msg);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** `model_meta.json` as mteb writes it (unknown fields kept). */
export interface ModelMetaFile {
  name: string | null;
  revision: string | null;
  release_date?: string | null;
  n_parameters?: number | null;
  embed_dim?: number | number[] | null;
  max_tokens?: number | null;
  similarity_fn_name?: string | null;
  [k: string]: unknown;
}

export function readModelMeta(file: string): ModelMetaFile {
  let raw: unknown;
  try {
    raw = parseLenientJson(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ResultFileError(`invalid model_meta.json: ${(e as Error).message}`, { file });
  }
  if (!isObject(raw)) throw new ResultFileError('model_meta.json must hold a JSON object', { file });
  return { ...raw, name: str(raw.name) ?? null, revision: str(raw.revision) ?? null };
}
