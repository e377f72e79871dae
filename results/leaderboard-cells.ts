/** The leaderboard as display cells, shared by the text renderers (format.ts) and the HTML report. */
import { displayScore, type Leaderboard } from './aggregate.js';

/** Column headers: rank, model, means, per-type means, then every task. */
export function leaderboardColumns(lb: Leaderboard): string[] {
  return ['Rank (Borda)', 'Model', 'Revision', 'Mean (Task)', 'Mean (TaskType)', ...lb.types, ...lb.tasks.map((t) => t.name)];
}

/** Display cells (scores ×100, 2 decimals; missing = empty). */
export function leaderboardCells(lb: Leaderboard): string[][] {
  return lb.rows.map((r) => [
    String(r.bordaRank),
    r.model,
    r.revision,
    displayScore(r.meanTask),
    displayScore(r.meanTaskType),
    ...lb.types.map((t) => displayScore(r.perType[t])),
    ...lb.tasks.map((t) => displayScore(r.perTask[t.name]?.score)),
  ]);
}

/** A 40-hex commit shortened to 8 characters; other revisions (v0, main) as they are. */
export function short(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 8) : rev;
}
