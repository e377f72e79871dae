/** Small helpers the data hooks share: derived row sets that still point at their source rows in errors. */
import { DatasetError } from '../../core/errors.js';
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from '../types/module.js';

/** Rows built from source rows: `from[i]` is the source index of output row i (for error locations). */
export function derivedRows(source: LoadedRows, rows: Record<string, unknown>[], from: readonly number[]): LoadedRows {
  return { rows, locate: (i) => source.locate(from[i] ?? 0) };
}

/** Concatenation of several row sets, in order. */
export function concatRows(parts: readonly LoadedRows[]): LoadedRows {
  const rows: Record<string, unknown>[] = [];
  const owner: [number, number][] = [];
  parts.forEach((p, k) => {
    p.rows.forEach((r, i) => {
      rows.push(r);
      owner.push([k, i]);
    });
  });
  return { rows, locate: (i) => parts[owner[i]![0]]!.locate(owner[i]![1]) };
}

export function stringParam(ctx: LoadContext, name: string): string {
  const v = ctx.task.params?.[name];
  if (typeof v !== 'string' || !v) throw new DatasetError(`task parameter "${name}" must be a non-empty string`, { task: ctx.task.name });
  return v;
}

/** A column value as the string id mteb's dict keys hold (ints print as in Python). */
export function idString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}

export function rowFail(ctx: LoadContext, rows: LoadedRows, i: number, message: string): never {
  const at = rows.locate(i);
  throw new DatasetError(message, { task: ctx.task.name, split: ctx.split, subset: ctx.subset, file: at.file, row: at.row });
}
