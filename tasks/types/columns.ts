import { DatasetError } from '../../core/errors.js';
import type { LoadedRows } from '../data/rows.js';
import type { LoadContext } from './module.js';

/**
 * Column readers for evaluators' `load`: each bad cell becomes a DatasetError naming the task, split, subset,
 * file and row it came from.
 */
export class RowReader {
  constructor(
    readonly ctx: Pick<LoadContext, 'task' | 'split' | 'subset'>,
    readonly rows: LoadedRows,
  ) {}

  fail(i: number, message: string, hint?: string): never {
    const { file, row } = this.rows.locate(i);
    throw new DatasetError(message, { task: this.ctx.task.name, split: this.ctx.split, subset: this.ctx.subset, file, row, hint });
  }

  /**
   * An empty split fails like an empty corpus does, instead of scoring nothing as null (mteb itself crashes
   * inside scipy/sklearn on an empty split).
   */
  requireRows(what: string): void {
    if (this.rows.rows.length) return;
    const file = this.rows.locate(0).file;
    throw new DatasetError(`the split has no ${what}`, {
      task: this.ctx.task.name,
      split: this.ctx.split,
      subset: this.ctx.subset,
      file,
      hint: 'check the dataset files of this split (a filter or a wrong config can leave it empty)',
    });
  }

  private cell(i: number, col: string): unknown {
    const r = this.rows.rows[i]!;
    if (!(col in r) || r[col] === undefined)
      this.fail(i, `row is missing column "${col}"`, `columns present: ${Object.keys(r).join(', ') || 'none'}`);
    return r[col];
  }

  string(i: number, col: string): string {
    const v = this.cell(i, col);
    if (typeof v !== 'string') this.fail(i, `column "${col}" must be a string, got ${describe(v)}`);
    return v;
  }

  /** A finite number; numeric strings (CSV) are accepted, anything else is an error. */
  number(i: number, col: string): number {
    const v = this.cell(i, col);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) this.fail(i, `column "${col}" must be a number, got ${describe(v)}`);
    return n;
  }

  /** 0/1 label (booleans accepted). */
  binary(i: number, col: string): 0 | 1 {
    const v = this.cell(i, col);
    if (v === 0 || v === 1) return v;
    if (v === true || v === false) return v ? 1 : 0;
    return this.fail(i, `column "${col}" must be 0 or 1, got ${describe(v)}`);
  }

  list(i: number, col: string): unknown[] {
    const v = this.cell(i, col);
    if (!Array.isArray(v)) this.fail(i, `column "${col}" must be a list, got ${describe(v)}`);
    return v;
  }

  stringList(i: number, col: string): string[] {
    const v = this.list(i, col);
    v.forEach((x, k) => {
      if (typeof x !== 'string') this.fail(i, `column "${col}" item ${k} must be a string, got ${describe(x)}`);
    });
    return v as string[];
  }

  numberList(i: number, col: string): number[] {
    const v = this.list(i, col);
    return v.map((x, k) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) this.fail(i, `column "${col}" item ${k} must be a number, got ${describe(x)}`);
      return x;
    });
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** A numeric task parameter with a default (for evaluators not yet on tasks/params/ `resolveParams`). */
export function numberParam(params: Record<string, unknown> | undefined, name: string, fallback: number): number {
  const v = params?.[name];
  return typeof v === 'number' ? v : fallback;
}
