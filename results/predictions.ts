/**
 * Per-task prediction files like mteb's `prediction_folder` (AbsTask._save_task_predictions):
 * `<folder>/<Task>_predictions.json` = {"mteb_model_meta": {model_name, revision}, <subset>: {<split>: predictions}},
 * where retrieval predictions are the run {query_id: {doc_id: score}}. Written atomically; calls for further
 * (subset, split) pairs merge into the existing file.
 * The values behind the main score that `diff` resamples go to a sidecar, so the mteb file stays as mteb writes it:
 * `<Task>_per_sample.json` = {"mteb_model_meta", <subset>: {<split>: PerSample}} (per query, pair, example, text,
 * sentence; see tasks/types/module.ts). The older `<Task>_per_query.json` = {"metric": "ndcg_at_10", <subset>:
 * {<split>: {query_id: value}}} is still written for `perQuery` and read.
 */

import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import { joinUnder, pathComponent } from '../core/safe-path.js';
import type { PairStatistic, PerSample } from '../tasks/types/module.js';
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
  /** Per-query values of one metric, e.g. {metric: 'ndcg_at_10', values: {q1: 0.5}} (the older sidecar). */
  perQuery?: { metric: string; values: Record<string, number> };
  /** The evaluator's per-sample values, for `<Task>_per_sample.json`. */
  perSample?: PerSample;
}

export function predictionsPath(folder: string, task: string): string {
  return joinUnder(folder, `${pathComponent(task, 'task name')}_predictions.json`);
}
export function perSamplePath(folder: string, task: string): string {
  return joinUnder(folder, `${pathComponent(task, 'task name')}_per_sample.json`);
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
  if (input.perSample) {
    const ps = perSamplePath(folder, input.task);
    const prev = existsSync(ps) ? readObject(ps) : {};
    const next: Record<string, unknown> = { ...prev, mteb_model_meta: out.mteb_model_meta };
    const s = (isObject(next[input.subset]) ? { ...(next[input.subset] as object) } : {}) as Record<string, unknown>;
    s[input.split] = input.perSample;
    next[input.subset] = s;
    writeFileAtomic(ps, stringifyPythonJson(next, 0));
  }
  return file;
}

const PAIR_STATISTICS = new Set<PairStatistic>(['spearman', 'pearson', 'ap', 'binary_f1', 'binary_precision', 'binary_recall']);

/** `${split}\0${subset}` -> per-sample values, from `<Task>_per_sample.json`; malformed entries are errors naming the file. */
export function readPerSample(file: string): Map<string, PerSample> {
  const raw = readObject(file);
  const out = new Map<string, PerSample>();
  for (const [subset, bySplit] of Object.entries(raw)) {
    if (subset === 'mteb_model_meta' || !isObject(bySplit)) continue;
    for (const [split, v] of Object.entries(bySplit)) out.set(`${split}\u0000${subset}`, checkPerSample(v, file, split, subset));
  }
  return out;
}

function checkPerSample(v: unknown, file: string, split: string, subset: string): PerSample {
  const bad = (why: string) => new ResultFileError(`per-sample values of ${split}/${subset}: ${why}`, { file });
  if (!isObject(v) || typeof v.metric !== 'string') throw bad('expected an object with "statistic" and "metric"');
  if (v.note !== undefined && typeof v.note !== 'string') throw bad('"note" must be a string');
  const ps = checkStatistic(v as Record<string, unknown> & { metric: string }, bad);
  return typeof v.note === 'string' ? { ...ps, note: v.note } : ps;
}

function checkStatistic(v: Record<string, unknown> & { metric: string }, bad: (why: string) => ResultFileError): PerSample {
  const unit = typeof v.unit === 'string' ? v.unit : 'sample';
  if (v.statistic === 'mean') {
    if (!isObject(v.values) || !Object.values(v.values).every((x) => typeof x === 'number')) throw bad('"values" must map sample ids to numbers');
    return { statistic: 'mean', metric: v.metric, unit, values: v.values as Record<string, number> };
  }
  if (typeof v.statistic === 'string' && PAIR_STATISTICS.has(v.statistic as PairStatistic)) {
    const nums = (x: unknown) => Array.isArray(x) && x.every((y) => typeof y === 'number');
    if (!nums(v.gold) || !nums(v.pred)) throw bad('"gold" and "pred" must be lists of numbers');
    if ((v.gold as number[]).length !== (v.pred as number[]).length)
      throw bad(`"gold" has ${(v.gold as number[]).length} items but "pred" ${(v.pred as number[]).length}`);
    return { statistic: v.statistic as PairStatistic, metric: v.metric, unit, gold: v.gold as number[], pred: v.pred as number[] };
  }
  if (v.statistic === 'macro_f1' || v.statistic === 'weighted_f1') {
    const ints = (x: unknown): x is number[] => Array.isArray(x) && x.every((y) => Number.isInteger(y));
    const folds = Array.isArray(v.folds) ? v.folds : undefined;
    if (!folds?.length) throw bad('"folds" must be a non-empty list');
    folds.forEach((f, k) => {
      if (!isObject(f) || !ints(f.gold) || !Array.isArray(f.preds) || !f.preds.length || !f.preds.every(ints))
        throw bad(`fold ${k} needs "gold" (label ids) and "preds" (lists of label ids)`);
      const n = f.gold.length;
      const off = (f.preds as number[][]).findIndex((p) => p.length !== n);
      if (off >= 0) throw bad(`fold ${k} has ${n} gold labels but prediction list ${off} has ${(f.preds as number[][])[off]!.length}`);
    });
    return { statistic: v.statistic, metric: v.metric, unit, folds: folds as { gold: number[]; preds: number[][] }[] };
  }
  if (v.statistic === 'multilabel_f1') {
    const L = v.columns;
    if (!Number.isInteger(L) || (L as number) < 1) throw bad('"columns" must be a positive integer (the label columns)');
    const rowsOk = (x: unknown, what: string): x is number[][] => {
      if (!Array.isArray(x)) throw bad(`${what} must be a list of rows`);
      x.forEach((row, i) => {
        const ok = Array.isArray(row) && row.every((c) => Number.isInteger(c) && c >= 0 && c < (L as number)) && new Set(row).size === row.length;
        if (!ok) throw bad(`${what}[${i}] must list distinct label columns in [0, ${L})`);
      });
      return true;
    };
    rowsOk(v.gold, '"gold"');
    const preds = v.preds;
    if (!Array.isArray(preds) || !preds.length) throw bad('"preds" must be a non-empty list (one per experiment)');
    preds.forEach((p, e) => {
      rowsOk(p, `"preds"[${e}]`);
      if ((p as unknown[]).length !== (v.gold as unknown[]).length)
        throw bad(`"preds"[${e}] has ${(p as unknown[]).length} rows but "gold" ${(v.gold as unknown[]).length}`);
    });
    return { statistic: 'multilabel_f1', metric: v.metric, unit, columns: L as number, gold: v.gold as number[][], preds: preds as number[][][] };
  }
  throw bad(
    `unknown statistic ${JSON.stringify(v.statistic)} (expected mean, ${[...PAIR_STATISTICS].join(', ')}, macro_f1, weighted_f1 or multilabel_f1)`,
  );
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

/**
 * (split, subset) -> payload of a `<Task>_predictions.json` as mteb writes it ({subset: {split: payload}}), whatever
 * the payload is (lists for classification and clustering, objects of lists for STS, runs for retrieval).
 */
export function readPredictionPayloads(file: string): Map<string, unknown> {
  const raw = readObject(file);
  const out = new Map<string, unknown>();
  for (const [subset, bySplit] of Object.entries(raw)) {
    if (subset === 'mteb_model_meta') continue;
    if (!isObject(bySplit)) throw new ResultFileError(`subset ${JSON.stringify(subset)} must map split names to predictions`, { file });
    for (const [split, payload] of Object.entries(bySplit)) out.set(`${split}\u0000${subset}`, payload);
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
