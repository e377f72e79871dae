/**
 * Reading back what an evaluator hands to `savePredictions` (mteb's prediction-file payloads,
 * mteb/abstasks/abstask.py `_save_task_predictions`) so diff can rebuild per-sample values from a file mteb wrote.
 * The checks throw PredictionsMismatch with what did not fit; the caller names the file, task, split and subset.
 */

/** Predictions that do not fit the task's data (wrong shape, length, ids or labels). */
export class PredictionsMismatch extends Error {
  override name = 'PredictionsMismatch';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` as a list of `n` numbers (NaN and ±Infinity as Python's json writes them are numbers too). */
export function numberList(v: unknown, what: string, n?: number): number[] {
  if (!Array.isArray(v)) throw new PredictionsMismatch(`${what} must be a list of numbers`);
  const bad = v.findIndex((x) => typeof x !== 'number');
  if (bad >= 0) throw new PredictionsMismatch(`${what}[${bad}] is ${JSON.stringify(v[bad])}, not a number`);
  if (n !== undefined && v.length !== n) throw new PredictionsMismatch(`${what} has ${v.length} values but the split has ${n} rows`);
  return v as number[];
}

/** `v` as a list of per-experiment lists (classification, clustering). */
export function listOfLists(v: unknown, what: string): unknown[][] {
  if (!Array.isArray(v) || !v.every(Array.isArray)) throw new PredictionsMismatch(`${what} must be a list of lists (one per experiment)`);
  if (!v.length) throw new PredictionsMismatch(`${what} is empty`);
  return v as unknown[][];
}
