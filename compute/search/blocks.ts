/** How the ORT searchers cut a chunk into score blocks. */
import { GROUP } from './score-graph.js';

/** Rows of a block whose q × rows float32 scores take about `bytes` (a multiple of GROUP, 1024..65536). */
export function blockRows(q: number, bytes: number): number {
  return Math.min(65536, Math.max(1024, Math.floor(bytes / 4 / Math.max(1, q) / GROUP) * GROUP));
}

/**
 * Splits `rows` into blocks of at most maxRows: equal-sized blocks of whole GROUPs (so group maxima
 * apply to all of them), then the remainder (< GROUP rows) as a last block.
 */
export function splitBlocks(rows: number, maxRows: number): [number, number][] {
  const out: [number, number][] = [];
  const perBlock = Math.floor(maxRows / GROUP);
  if (perBlock === 0) {
    for (let start = 0; start < rows; start += maxRows) out.push([start, Math.min(maxRows, rows - start)]);
    return out;
  }
  const groups = Math.floor(rows / GROUP);
  const nb = Math.ceil(groups / perBlock);
  let start = 0;
  for (let b = 0; b < nb; b++) {
    const g = Math.floor(groups / nb) + (b < groups % nb ? 1 : 0);
    out.push([start, g * GROUP]);
    start += g * GROUP;
  }
  if (start < rows) out.push([start, rows - start]);
  return out;
}
