/** Plain-text tables for the terminal (no colour codes, so output pipes cleanly). */
export function renderTable(headers: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => ((align?.[i] ?? 'l') === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

/** Scores are shown x100 with 2 decimals, as on the MTEB leaderboard. */
export function pct(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? (v * 100).toFixed(2) : '—';
}

/**
 * A task's score as leaderboards show it: the plain mean of main_score over every (split, subset) row
 * (mteb/results/task_result.py `TaskResult.get_score`); null when a row lacks it.
 */
export function taskMainScore(scores: Record<string, { main_score: number | null }[]>): number | null {
  const all = Object.values(scores)
    .flat()
    .map((r) => r.main_score);
  const ok = all.filter((x): x is number => typeof x === 'number');
  return ok.length === all.length && ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
}
