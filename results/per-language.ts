/**
 * The per-language table of a multilingual benchmark, as mteb 2.20 builds it
 * (mteb/benchmarks/_create_table.py `_create_per_language_table_from_benchmark_results`):
 * - every (task, split, subset) row of the benchmark counts once for each of its languages; with a list view,
 *   only the listed languages are kept, with "all" every language the rows carry;
 * - a model's score for a language = the plain mean of main_score over those rows (missing scores are skipped,
 *   as polars' mean skips nulls); incomplete tasks are not nulled here, unlike the summary means;
 * - models without any language score are dropped; order: by the one language's score (descending) when there is
 *   one column, else by the Borda rank over languages (n_models − average rank per language, min-rank of the sums).
 * mteb's column order comes from a polars group_by and is not fixed; here it is the view's order, or sorted for "all".
 */
import { averageRankDescending, minRankDescending } from './ranks.js';

/** What the table reads of a leaderboard row: the rows behind each task score. */
export interface LanguageInput {
  model: string;
  revision: string;
  perTask: Record<string, { rows: readonly { main: number | null; languages: readonly string[] }[] } | undefined>;
}

export interface LanguageTable {
  languages: string[];
  rows: { model: string; revision: string; scores: Record<string, number | null> }[];
}

export function perLanguageTable(models: readonly LanguageInput[], tasks: readonly string[], view: readonly string[] | 'all'): LanguageTable {
  const wanted = view === 'all' ? undefined : new Set(view);
  const seen = new Set<string>();
  const all = models.map((r) => {
    const sums = new Map<string, { sum: number; n: number }>();
    for (const t of tasks) {
      for (const row of r.perTask[t]?.rows ?? []) {
        // no dedup: polars explode counts a row once per list entry (STS17 en-en lists eng-Latn twice)
        for (const lang of row.languages) {
          if (wanted && !wanted.has(lang)) continue;
          seen.add(lang);
          const acc = sums.get(lang) ?? { sum: 0, n: 0 };
          if (row.main !== null && Number.isFinite(row.main)) {
            acc.sum += row.main;
            acc.n++;
          }
          sums.set(lang, acc);
        }
      }
    }
    const scores: Record<string, number | null> = {};
    for (const [lang, a] of sums) scores[lang] = a.n ? a.sum / a.n : null;
    return { model: r.model, revision: r.revision, scores };
  });
  const languages = view === 'all' ? [...seen].sort() : view.filter((l) => seen.has(l));
  const rows = all.filter((r) => languages.some((l) => r.scores[l] !== null && r.scores[l] !== undefined));
  for (const r of rows) for (const l of languages) r.scores[l] ??= null;
  if (languages.length === 1) {
    const l = languages[0]!;
    rows.sort((a, b) => (b.scores[l] ?? -Infinity) - (a.scores[l] ?? -Infinity) || a.model.localeCompare(b.model));
  } else if (languages.length > 1) {
    const points = rows.map(() => 0);
    for (const l of languages) {
      const present = rows.map((r, i) => ({ i, s: r.scores[l] })).filter((x): x is { i: number; s: number } => x.s !== null && x.s !== undefined);
      const ranks = averageRankDescending(present.map((p) => p.s));
      present.forEach((p, k) => (points[p.i]! += rows.length - ranks[k]!));
    }
    const rank = minRankDescending(points);
    const order = rows
      .map((r, i) => ({ r, k: rank[i]! }))
      .sort((a, b) => a.k - b.k || a.r.model.localeCompare(b.r.model) || a.r.revision.localeCompare(b.r.revision));
    return { languages, rows: order.map((o) => o.r) };
  }
  return { languages, rows };
}
