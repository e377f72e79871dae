/** Row-major float32 matrix: the one vector container used across the project. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function createMatrix(rows: number, cols: number, data?: Float32Array): Matrix {
  const d = data ?? new Float32Array(rows * cols);
  if (d.length !== rows * cols) throw new RangeError(`matrix data has ${d.length} values, expected ${rows}x${cols}`);
  return { rows, cols, data: d };
}

/** A view of row i (no copy). */
export function rowOf(m: Matrix, i: number): Float32Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Builds a matrix from rows (copies). */
export function fromRows(rows: ArrayLike<number>[], cols?: number): Matrix {
  const c = cols ?? rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * c);
  rows.forEach((r, i) => {
    if (r.length !== c) throw new RangeError(`row ${i} has ${r.length} values, expected ${c}`);
    out.set(r, i * c);
  });
  return { rows: rows.length, cols: c, data: out };
}

/** Selects rows by index (copies), in the given order. */
export function selectRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new Float32Array(idx.length * m.cols);
  for (let k = 0; k < idx.length; k++) out.set(rowOf(m, idx[k]!), k * m.cols);
  return { rows: idx.length, cols: m.cols, data: out };
}

/** Index of the first non-finite value, or -1. */
export function firstNonFinite(m: Matrix): number {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
  return -1;
}
