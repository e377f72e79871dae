/** Argument and finiteness checks shared by every searcher; errors name the offending row. */

import { EvaluationError } from '../../core/errors.js';
import { createMatrix, type Matrix } from '../../core/matrix.js';

/** Checks a chunk's offset and dimension; false = nothing to score. */
export function checkChunk(docs: Matrix, offset: number, dim: number): boolean {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`chunk offset must be a non-negative integer, got ${offset}`);
  if (docs.rows === 0) return false;
  if (docs.cols !== dim) {
    throw new EvaluationError(`document vectors have ${docs.cols} dimensions but query vectors have ${dim}`, {
      row: offset,
      hint: 'queries and documents must be encoded by the same model',
    });
  }
  if (offset + docs.rows > 2 ** 31 - 1) throw new RangeError('document index exceeds int32');
  return true;
}

/** The finiteness check of every value, one multiply-add per value; the slow check names the culprit. */
export function checkFiniteFast(m: Matrix, offset: number): void {
  const { rows, cols, data } = m;
  for (let r = 0; r < rows; r++) {
    // x * 0 is NaN iff x is NaN or infinite; four independent sums keep the adds from waiting on each other.
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let c = r * cols;
    const e = c + cols;
    for (; c + 3 < e; c += 4) {
      a0 += data[c]! * 0;
      a1 += data[c + 1]! * 0;
      a2 += data[c + 2]! * 0;
      a3 += data[c + 3]! * 0;
    }
    for (; c < e; c++) a0 += data[c]! * 0;
    if (a0 + a1 + a2 + a3 !== 0) checkFiniteRow(data, cols, r, 'document', offset);
  }
}

/** Throws for the first non-finite value of row `row` of `data` (row-major, `cols` wide). */
export function checkFiniteRow(data: Float32Array, cols: number, row: number, what: 'query' | 'document', offset: number): void {
  checkFinite(createMatrix(1, cols, data.subarray(row * cols, (row + 1) * cols)), what, offset + row);
}

export function checkFinite(m: Matrix, what: 'query' | 'document', offset = 0): void {
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      const row = Math.floor(i / Math.max(1, m.cols));
      throw new EvaluationError(`${what} vector ${offset + row} has a non-finite value (${d[i]}) at dimension ${i % m.cols}`, {
        row: offset + row,
        hint: 'the model produced NaN or infinite embeddings',
      });
    }
  }
}
