/** The leaderboard as display cells, shared by the text renderers (format.ts) and the HTML report. */
import { pyRound } from '../metrics/python-float.js';
import { displayScore, type Leaderboard, type LeaderboardRow } from './aggregate.js';

/** Model columns (mteb/benchmarks/_create_table.py `_static_model_meta` + the zero-shot %), then memory and licence. */
export const MODEL_COLUMNS = [
  'Zero-shot',
  'Total Parameters (B)',
  'Active Parameters (B)',
  'Embedding Dimensions',
  'Max Tokens',
  'Memory (MB)',
  'License',
  'Open Weights',
] as const;

/** Index of the first score column (Mean (Task)) in leaderboardColumns. */
export const FIRST_SCORE_COLUMN = 3 + MODEL_COLUMNS.length;

/** Column headers: rank, model, revision, model columns, means, per-type means, then every task. */
export function leaderboardColumns(lb: Leaderboard): string[] {
  return ['Rank (Borda)', 'Model', 'Revision', ...MODEL_COLUMNS, 'Mean (Task)', 'Mean (TaskType)', ...lb.types, ...lb.tasks.map((t) => t.name)];
}

/** Display cells (scores ×100, 2 decimals; missing = empty). */
export function leaderboardCells(lb: Leaderboard): string[][] {
  return lb.rows.map((r) => [
    String(r.bordaRank),
    r.model,
    r.revision,
    ...modelCells(r),
    displayScore(r.meanTask),
    displayScore(r.meanTaskType),
    ...lb.types.map((t) => displayScore(r.perType[t])),
    ...lb.tasks.map((t) => displayScore(r.perTask[t.name]?.score)),
  ]);
}

/**
 * Columns and cells without the model columns nobody has a value for (e.g. a leaderboard of local runs
 * without model_meta.json), as the markdown and terminal renderers show them.
 */
export function compactLeaderboard(lb: Leaderboard): { columns: string[]; cells: string[][] } {
  const columns = leaderboardColumns(lb);
  const cells = leaderboardCells(lb);
  const keep = columns.map((_, i) => {
    if (i < 3 || i >= FIRST_SCORE_COLUMN) return true;
    if (columns[i] === 'Zero-shot') return lb.rows.some((r) => r.zeroShot !== null);
    return cells.some((row) => row[i] !== '');
  });
  return { columns: columns.filter((_, i) => keep[i]), cells: cells.map((row) => row.filter((_, i) => keep[i])) };
}

/** The MODEL_COLUMNS cells of one row; unknown = empty, zero-shot unknown = "NA" (mteb shows "⚠️ NA"). */
export function modelCells(r: LeaderboardRow): string[] {
  const i = r.info;
  return [
    formatZeroShot(r.zeroShot),
    formatBillions(i.nParameters),
    formatBillions(i.nActiveParameters),
    i.embedDim === null ? '' : String(i.embedDim),
    i.maxTokens === null ? '' : String(Math.trunc(i.maxTokens)),
    i.memoryMb === null ? '' : String(Math.round(i.memoryMb)),
    i.license ?? '',
    i.openWeights === null ? '' : i.openWeights ? 'yes' : 'no',
  ];
}

/** mteb/leaderboard/table.py `_format_zero_shot`: "NN%", unknown "NA". */
export function formatZeroShot(z: number | null): string {
  return z === null ? 'NA' : `${z}%`;
}

/**
 * Parameters in billions as mteb's leaderboard shows them: round(n / 1e9, 3) (`_format_n_parameters`), then
 * 1 decimal from 1 B up, 3 below (table.py `_style_number_of_parameters`), Python rounding throughout.
 */
export function formatBillions(n: number | null): string {
  if (n === null) return '';
  const b = pyRound(n / 1e9, 3);
  return b >= 1 ? pyRound(b, 1).toFixed(1) : b.toFixed(3);
}

/** A 40-hex commit shortened to 8 characters; other revisions (v0, main) as they are. */
export function short(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 8) : rev;
}
