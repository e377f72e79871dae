/**
 * Per-task prediction files like mteb's `prediction_folder` (AbsTask._save_task_predictions):
 * `<folder>/<Task>_predictions.json` = {"mteb_model_meta": {model_name, revision}, <subset>: {<split>: predictions}},
 * where retrieval predictions are the run {query_id: {doc_id: score}}. Written atomically; calls for further
 * (subset, split) pairs merge into the existing file.
 * Optional per-query metric values (for the per-query bootstrap in `diff`) go to a sidecar
 * `<Task>_per_query.json` = {"metric": "ndcg_at_10", <subset>: {<split>: {query_id: value}}} so the mteb file stays as mteb writes it.
 */
import { joinUnder, pathComponent } from '../core/safe-path.js';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import { parseLenientJson, stringifyPythonJson } from './json-lenient.js';
import { ResultFileError } from './read.js';

export type RetrievalRun = Record<string, Record<string, number>>;

export interface SavePredictionsInput {
  task: string;
  model: string;
  revision?: string | null;
  split: string;
  subset: string;
  /** Retrieval run (or any JSON-able predictions). */
  predictions: unknown;
  /** Per-query values of one metric, e.g. {metric: 'ndcg_at_10', values: {q1: 0.5}}. */
  perQuery?: { metric: string; values: Record<string, number> };
}

export function predictionsPath(folder: string, task: string): string {
  return joinUnder(folder, `${pathComponent(task, 'task name')}_predictions.json`);
}
export function perQueryPath(folder: string, task: string): string {
  return joinUnder(folder, `${pathComponent(task, 'task name')}_per_query.json`);
}

/** Writes (merging) `<Task>_predictions.json` and, when given, the per-query sidecar. */
export function savePredictions(folder: string, input: SavePredictionsInput): string {
  const file = predictionsPath(folder, input.task);
  const existing = existsSync(file) ? readObject(file) : {};
  const out: Record<string, unknown> = {
    ...existing,
    mteb_model_meta: { model_name: input.model, revision: input.revision ?? null },
  };
  const subset = (isObject(out[input.subset]) ? { ...(out[input.subset] as object) } : {}) as Record<string, unknown>;
  subset[input.split] = input.predictions;
  out[input.subset] = subset;
  writeFileAtomic(file, stringifyPythonJson(out, 0));
  if (input.perQuery) {
    const pq = perQueryPath(folder, input.task);
    const prev = existsSync(pq) ? readObject(pq) : {};
    const next: Record<string, unknown> = { ...prev, metric: input.perQuery.metric };
    const s = (isObject(next[input.subset]) ? { ...(next[input.subset] as object) } : {}) as Record<string, unknown>;
    s[input.split] = input.perQuery.values;
    next[input.subset] = s;
    writeFileAtomic(pq, stringifyPythonJson(next, 0));
  }
  return file;
}

/** (split, subset) -> run, from either mteb's {subset: {split: run}} layout or a {split: {subset: run}} one. */
export function readPredictions(file: string, knownSplits: readonly string[] = ['test', 'dev', 'validation', 'train']): Map<string, RetrievalRun> {
  const raw = readObject(file);
  const out = new Map<string, RetrievalRun>();
  for (const [k1, v1] of Object.entries(raw)) {
    if (k1 === 'mteb_model_meta' || !isObject(v1)) continue;
    for (const [k2, v2] of Object.entries(v1)) {
      if (!isObject(v2)) continue;
      // mteb layout is subset -> split; tolerate split -> subset when the outer key is a split name.
      const [split, subset] = knownSplits.includes(k1) && !knownSplits.includes(k2) ? [k1, k2] : [k2, k1];
      out.set(`${split}\u0000${subset}`, v2 as RetrievalRun);
    }
  }
  return out;
}

export interface PerQueryFile {
  metric: string;
  /** `${split}\0${subset}` -> query id -> value */
  values: Map<string, Record<string, number>>;
}

export function readPerQuery(file: string): PerQueryFile {
  const raw = readObject(file);
  const metric = typeof raw.metric === 'string' ? raw.metric : 'ndcg_at_10';
  const values = new Map<string, Record<string, number>>();
  for (const [subset, bySplit] of Object.entries(raw)) {
    if (subset === 'metric' || !isObject(bySplit)) continue;
    for (const [split, v] of Object.entries(bySplit)) if (isObject(v)) values.set(`${split}\u0000${subset}`, v as Record<string, number>);
  }
  return { metric, values };
}

function readObject(file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseLenientJson(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ResultFileError(`invalid predictions JSON: ${(e as Error).message}`, { file });
  }
  if (!isObject(raw)) throw new ResultFileError('a predictions file must hold a JSON object', { file });
  return raw;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
