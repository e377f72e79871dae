/** Text renderers for leaderboards and diffs: table (terminal), markdown, csv, json, github (markdown summary). */
import { displayScore, type Leaderboard } from './aggregate.js';
import type { DiffReport, TaskDiff } from './diff.js';

export type LeaderboardFormat = 'table' | 'markdown' | 'csv' | 'json';
export type DiffFormat = 'table' | 'markdown' | 'json' | 'github';

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

export function formatLeaderboard(lb: Leaderboard, format: LeaderboardFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(leaderboardJson(lb), null, 2);
    case 'csv':
      return [leaderboardColumns(lb), ...leaderboardCells(lb)].map((r) => r.map(csvCell).join(',')).join('\n');
    case 'markdown':
      return [`### ${lb.benchmark}`, '', markdownTable(leaderboardColumns(lb), leaderboardCells(lb).map((r) => r.map((c, i) => (i >= 3 ? dash(c) : c)))), '', missingSection(lb, 'markdown')].join('\n').trimEnd();
    case 'table': {
      // Terminal: the summary columns only, then per-task scores transposed (tasks as rows) so it stays readable.
      const summaryHead = ['Rank', 'Model', 'Mean (Task)', 'Mean (TaskType)', ...lb.types];
      const summary = lb.rows.map((r) => [String(r.bordaRank), `${r.model}@${short(r.revision)}`, dash(displayScore(r.meanTask)), dash(displayScore(r.meanTaskType)), ...lb.types.map((t) => dash(displayScore(r.perType[t])))]);
      const taskHead = ['Task', 'Type', ...lb.rows.map((r) => `${r.model.split('/').pop()}@${short(r.revision)}`)];
      const taskRows = lb.tasks.map((t) => [t.name, t.type, ...lb.rows.map((r) => dash(displayScore(r.perTask[t.name]?.score)))]);
      return [`${lb.benchmark}`, plainTable(summaryHead, summary), '', plainTable(taskHead, taskRows), missingSection(lb, 'table')].join('\n').trimEnd();
    }
  }
}

export function leaderboardJson(lb: Leaderboard): unknown {
  return {
    benchmark: lb.benchmark,
    tasks: lb.tasks,
    rows: lb.rows.map((r) => ({
      rank_borda: r.bordaRank,
      borda_points: r.bordaPoints,
      model: r.model,
      revision: r.revision,
      mean_task: r.meanTask,
      mean_task_type: r.meanTaskType,
      per_type: r.perType,
      per_task: Object.fromEntries(Object.entries(r.perTask).map(([k, v]) => [k, v.score])),
      missing: r.missing,
    })),
  };
}

function missingSection(lb: Leaderboard, style: 'markdown' | 'table'): string {
  const lines: string[] = [];
  for (const r of lb.rows) {
    if (!r.missing.length) continue;
    lines.push(`${style === 'markdown' ? '**' : ''}${r.model}@${short(r.revision)}${style === 'markdown' ? '**' : ''}: ${r.missing.length} of ${lb.tasks.length} tasks missing`);
    for (const m of r.missing) lines.push(`${style === 'markdown' ? '- ' : '  - '}${m.task}: ${m.reason}`);
  }
  return lines.length ? `\nMissing tasks (means over a benchmark with missing tasks are left empty, as in mteb):\n${lines.join('\n')}` : '';
}


// ---------------------------------------------------------------- diff

const pts = (x: number | null) => (x === null ? '' : (x * 100).toFixed(2));
const signed = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`);

export function formatDiff(d: DiffReport, format: DiffFormat, opts: { metrics?: boolean } = {}): string {
  if (format === 'json') return JSON.stringify(d, null, 2);
  const head = ['Task', 'Type', 'Base', 'New', 'Δ', 'Flags'];
  const rows = d.tasks.map((t) => [t.task, t.type ?? '', pts(t.base), pts(t.new), statusCell(t), t.flags.join('; ')]);
  const agg = d.aggregate;
  const ci = agg.bootstrap ? `[${signed(agg.bootstrap.ci[0])}, ${signed(agg.bootstrap.ci[1])}]` : '';
  const over = agg.over === 'benchmark' ? `${agg.tasks} ${agg.benchmark?.name ?? 'benchmark'} tasks both scored` : `${agg.tasks} common tasks`;
  const benchLine = agg.benchmark ? `${agg.benchmark.name} Mean (Task): ${pts(agg.benchmark.base) || 'n/a (missing tasks)'} -> ${pts(agg.benchmark.new) || 'n/a (missing tasks)'}` : '';
  const aggLine = `Mean over ${over}: ${pts(agg.base)} -> ${pts(agg.new)} (Δ ${signed(agg.delta)}${agg.bootstrap ? `, ${Math.round(agg.bootstrap.level * 100)}% CI ${ci}, p=${agg.bootstrap.p.toFixed(3)}, paired bootstrap over tasks, ${agg.bootstrap.samples} samples, seed ${agg.bootstrap.seed}` : ''})`;
  const verdict = d.regressions.length || agg.regression
    ? `Regression beyond ${d.threshold} points: ${[...d.regressions, ...(agg.regression ? ['(mean)'] : [])].join(', ')}`
    : `No regression beyond ${d.threshold} points.`;
  const title = `${d.base.model}@${short(d.base.revision)} -> ${d.new.model}@${short(d.new.revision)}`;
  const extra: string[] = [];
  if (d.added.length) extra.push(`Added tasks: ${d.added.join(', ')}`);
  if (d.missing.length) extra.push(`Missing tasks (in base, not in new): ${d.missing.join(', ')}`);
  const pq = d.tasks.filter((t) => t.perQuery);
  const pqLines = pq.map((t) => `${t.task}: per-query ${t.perQuery!.metric} Δ ${signed(t.perQuery!.mean)} over ${t.perQuery!.queries} queries, CI [${signed(t.perQuery!.ci[0])}, ${signed(t.perQuery!.ci[1])}], p=${t.perQuery!.p.toFixed(3)}`);
  const metricRows = opts.metrics
    ? d.tasks.flatMap((t) => t.metrics.map((m) => [t.task, `${m.split}/${m.subset}`, m.metric, num(m.base), num(m.new), m.delta === null ? '' : `${m.delta >= 0 ? '+' : ''}${m.delta.toFixed(6)}`]))
    : [];
  const metricHead = ['Task', 'Split/Subset', 'Metric', 'Base', 'New', 'Δ'];
  if (format === 'table') {
    return [title, plainTable(head, rows), '', ...(benchLine ? [benchLine] : []), aggLine, ...pqLines, ...extra, verdict, ...(metricRows.length ? ['', plainTable(metricHead, metricRows)] : [])].join('\n');
  }
  const md = [
    `### mteb-ts diff: ${title}`,
    '',
    verdict.startsWith('No') ? `✅ ${verdict}` : `❌ ${verdict}`,
    '',
    ...(benchLine ? [`**${benchLine}**`, ''] : []),
    `**${aggLine}**`,
    '',
    markdownTable(head, rows),
    ...(pqLines.length ? ['', ...pqLines.map((l) => `- ${l}`)] : []),
    ...(extra.length ? ['', ...extra.map((l) => `- ${l}`)] : []),
  ];
  if (metricRows.length || format === 'github') {
    const all = metricRows.length ? metricRows : d.tasks.flatMap((t) => t.metrics.map((m) => [t.task, `${m.split}/${m.subset}`, m.metric, num(m.base), num(m.new), m.delta === null ? '' : `${m.delta >= 0 ? '+' : ''}${m.delta.toFixed(6)}`]));
    if (all.length) md.push('', '<details><summary>All metrics</summary>', '', markdownTable(metricHead, all), '', '</details>');
  }
  return md.join('\n');
}

function statusCell(t: TaskDiff): string {
  if (t.status === 'added') return 'added';
  if (t.status === 'missing') return 'missing';
  if (t.status === 'unscored') return 'no score';
  return `${signed(t.delta)}${t.regression ? ' ▼' : t.improvement ? ' ▲' : ''}`;
}

// ---------------------------------------------------------------- helpers

function num(x: number | null): string {
  return x === null ? '' : String(x);
}
function dash(s: string): string {
  return s === '' ? '-' : s;
}
export function short(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 8) : rev;
}
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export function markdownTable(head: string[], rows: string[][], cell: (s: string) => string = (s) => s): string {
  const esc = (s: string) => cell(s).replace(/\|/g, '\\|');
  const align = head.map((_, i) => (rows.every((r) => r[i] === undefined || r[i] === '' || /^[-+]?\d/.test(r[i]!) || r[i] === '-') && i > 0 ? '---:' : '---'));
  return [`| ${head.map(esc).join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
export function plainTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = head.map((_, i) => i > 0 && rows.every((r) => !r[i] || r[i] === '-' || /^[-+]?\d/.test(r[i]!)));
  const fmt = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
