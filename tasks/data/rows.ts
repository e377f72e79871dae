/** Rows of one config/split with a way to point a user at the source line of any row. */
export interface LoadedRows {
  rows: Record<string, unknown>[];
  /** Where row i came from, for error messages. */
  locate(i: number): { file: string; row: number };
}

export function rowsFromFiles(parts: { file: string; rows: Record<string, unknown>[] }[]): LoadedRows {
  const rows: Record<string, unknown>[] = [];
  const starts: number[] = [];
  for (const p of parts) {
    starts.push(rows.length);
    for (const r of p.rows) rows.push(r);
  }
  return {
    rows,
    locate(i: number) {
      let k = starts.length - 1;
      while (k > 0 && starts[k]! > i) k--;
      return { file: parts[k]?.file ?? '<memory>', row: i - (starts[k] ?? 0) };
    },
  };
}

export function inMemoryRows(rows: Record<string, unknown>[], label = '<inline>'): LoadedRows {
  return { rows, locate: (i) => ({ file: label, row: i }) };
}
