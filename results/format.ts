/**
 * Output formats as renderer maps, in the style of vitest's `ReportersMap` (packages/vitest/src/node/reporters/index.ts):
 * the map is the only list of formats, so the format types, the CLI's `--format` choices and the help are derived
 * from it. Adding a format is one entry here.
 */
import { displayScore, type Leaderboard } from './aggregate.js';
import type { DiffReport, PerSampleBootstrap, TaskDiff } from './diff.js';
import { compactLeaderboard, formatBillions, formatZeroShot, leaderboardCells, leaderboardColumns, short } from './leaderboard-cells.js';
import { renderHtmlReport } from './report-html.js';

// ---------------------------------------------------------------- leaderboard

export interface LeaderboardRenderContext {
  /** Timestamp shown by formats that show one (html); omit for byte-identical output. */
  generated?: string;
  /** html: the model set against the field first. */
  highlight?: string;
}
export type LeaderboardRenderer = (lb: Leaderboard, ctx: LeaderboardRenderContext) => string;

export const LEADERBOARD_RENDERERS = {
  // Terminal: the summary columns only, then per-task scores transposed (tasks as rows) so it stays readable.
  table: (lb) => {
    const head = ['Rank', 'Model', 'Zero-shot', 'Params (B)', 'Dim', 'Max Tokens', 'Mean (Task)', 'Mean (TaskType)', ...lb.types];
    const full = lb.rows.map((r) => [
      String(r.bordaRank),
      `${r.model}@${short(r.revision)}`,
      formatZeroShot(r.zeroShot),
      dash(formatBillions(r.info.nParameters)),
      r.info.embedDim === null ? '-' : String(r.info.embedDim),
      r.info.maxTokens === null ? '-' : String(Math.trunc(r.info.maxTokens)),
      dash(displayScore(r.meanTask)),
      dash(displayScore(r.meanTaskType)),
      ...lb.types.map((t) => dash(displayScore(r.perType[t]))),
    ]);
    // model columns that no model has a value for are left out
    const keep = head.map((_, i) => i < 2 || i > 5 || full.some((row) => row[i] !== '-' && row[i] !== 'NA'));
    const summaryHead = head.filter((_, i) => keep[i]);
    const summary = full.map((row) => row.filter((_, i) => keep[i]));
    const taskHead = ['Task', 'Type', ...lb.rows.map((r) => `${r.model.split('/').pop()}@${short(r.revision)}`)];
    const taskRows = lb.tasks.map((t) => [t.name, t.type, ...lb.rows.map((r) => dash(displayScore(r.perTask[t.name]?.score)))]);
    const lang = languageSection(lb);
    const langPart = lang ? ['', 'Per language (mean main score over the rows of each language):', plainTable(lang.head, lang.rows)] : [];
    return [`${lb.benchmark}`, plainTable(summaryHead, summary), '', plainTable(taskHead, taskRows), ...langPart, missingSection(lb, 'table')]
      .join('\n')
      .trimEnd();
  },
  markdown: (lb) => {
    const { columns, cells } = compactLeaderboard(lb);
    const lang = languageSection(lb);
    const langPart = lang ? ['#### Per language', '', markdownTable(lang.head, lang.rows), ''] : [];
    return [
      `### ${lb.benchmark}`,
      '',
      markdownTable(
        columns,
        cells.map((r) => r.map((c, i) => (i >= 3 ? dash(c) : c))),
      ),
      '',
      ...langPart,
      missingSection(lb, 'markdown'),
    ]
      .join('\n')
      .trimEnd();
  },
  csv: (lb) => [leaderboardColumns(lb), ...leaderboardCells(lb)].map((r) => r.map(csvCell).join(',')).join('\n'),
  json: (lb) => JSON.stringify(leaderboardJson(lb), null, 2),
  html: (lb, ctx) => renderHtmlReport(lb, { generated: ctx.generated, highlight: ctx.highlight }),
} as const satisfies Record<string, LeaderboardRenderer>;

export type LeaderboardFormat = keyof typeof LEADERBOARD_RENDERERS;
export const LEADERBOARD_FORMATS = Object.keys(LEADERBOARD_RENDERERS) as LeaderboardFormat[];

export function formatLeaderboard(lb: Leaderboard, format: LeaderboardFormat, ctx: LeaderboardRenderContext = {}): string {
  return LEADERBOARD_RENDERERS[format](lb, ctx);
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
      zero_shot: r.zeroShot,
      model_info: {
        n_parameters: r.info.nParameters,
        n_active_parameters: r.info.nActiveParameters,
        embed_dim: r.info.embedDim,
        max_tokens: r.info.maxTokens,
        memory_usage_mb: r.info.memoryMb,
        license: r.info.license,
        open_weights: r.info.openWeights,
        release_date: r.info.releaseDate,
        sources: r.info.sources,
      },
      mean_task: r.meanTask,
      mean_task_type: r.meanTaskType,
      per_type: r.perType,
      per_task: Object.fromEntries(Object.entries(r.perTask).map(([k, v]) => [k, v.score])),
      missing: r.missing,
    })),
    ...(lb.perLanguage ? { per_language: lb.perLanguage } : {}),
  };
}

/** Languages as rows, models as columns (a multilingual view can have dozens of languages). */
function languageSection(lb: Leaderboard): { head: string[]; rows: string[][] } | undefined {
  const t = lb.perLanguage;
  if (!t?.languages.length) return undefined;
  const head = ['Language', ...t.rows.map((r) => `${r.model.split('/').pop()}@${short(r.revision)}`)];
  return { head, rows: t.languages.map((l) => [l, ...t.rows.map((r) => dash(displayScore(r.scores[l])))]) };
}

function missingSection(lb: Leaderboard, style: 'markdown' | 'table'): string {
  const lines: string[] = [];
  for (const r of lb.rows) {
    if (!r.missing.length) continue;
    lines.push(
      `${style === 'markdown' ? '**' : ''}${r.model}@${short(r.revision)}${style === 'markdown' ? '**' : ''}: ${r.missing.length} of ${lb.tasks.length} tasks missing`,
    );
    for (const m of r.missing) lines.push(`${style === 'markdown' ? '- ' : '  - '}${m.task}: ${m.reason}`);
  }
  return lines.length ? `\nMissing tasks (means over a benchmark with missing tasks are left empty, as in mteb):\n${lines.join('\n')}` : '';
}

// ---------------------------------------------------------------- diff

export interface DiffRenderContext {
  /** Also list every metric's delta (table/markdown; github always includes them, folded). */
  metrics?: boolean;
  /** Missing results fail the diff (`--fail-on-missing`): the verdict says so. */
  failOnMissing?: boolean;
}
export type DiffRenderer = (d: DiffReport, ctx: DiffRenderContext) => string;

export const DIFF_RENDERERS = {
  table: (d, ctx) => {
    const p = diffParts(d, ctx);
    return [
      p.title,
      plainTable(TASK_HEAD, p.rows),
      '',
      ...(p.benchLine ? [p.benchLine] : []),
      p.aggLine,
      ...p.pqLines,
      ...p.extra,
      p.verdict,
      ...(p.missingVerdict ? [p.missingVerdict] : []),
      ...(p.metricRows.length ? ['', plainTable(METRIC_HEAD, p.metricRows)] : []),
    ].join('\n');
  },
  markdown: (d, ctx) => diffMarkdown(diffParts(d, ctx), false),
  json: (d) => JSON.stringify(d, null, 2),
  // Markdown for a GitHub step summary (the command appends it to $GITHUB_STEP_SUMMARY), all metrics folded in.
  github: (d, ctx) => diffMarkdown(diffParts(d, ctx), true),
} as const satisfies Record<string, DiffRenderer>;

export type DiffFormat = keyof typeof DIFF_RENDERERS;
export const DIFF_FORMATS = Object.keys(DIFF_RENDERERS) as DiffFormat[];

export function formatDiff(d: DiffReport, format: DiffFormat, ctx: DiffRenderContext = {}): string {
  return DIFF_RENDERERS[format](d, ctx);
}

const pts = (x: number | null) => (x === null ? '' : (x * 100).toFixed(2));
const signed = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`);
const TASK_HEAD = ['Task', 'Type', 'Base', 'New', 'Δ', 'Flags'];
const METRIC_HEAD = ['Task', 'Split/Subset', 'Metric', 'Base', 'New', 'Δ'];

/** The lines every text format of a diff shows. */
function diffParts(d: DiffReport, ctx: DiffRenderContext) {
  const rows = d.tasks.map((t) => [t.task, t.type ?? '', pts(t.base), pts(t.new), statusCell(t), t.flags.join('; ')]);
  const agg = d.aggregate;
  const ci = agg.bootstrap ? `[${signed(agg.bootstrap.ci[0])}, ${signed(agg.bootstrap.ci[1])}]` : '';
  const over = agg.over === 'benchmark' ? `${agg.tasks} ${agg.benchmark?.name ?? 'benchmark'} tasks both scored` : `${agg.tasks} common tasks`;
  const benchLine = agg.benchmark
    ? `${agg.benchmark.name} Mean (Task): ${pts(agg.benchmark.base) || 'n/a (missing tasks)'} -> ${pts(agg.benchmark.new) || 'n/a (missing tasks)'}`
    : '';
  const aggLine = `Mean over ${over}: ${pts(agg.base)} -> ${pts(agg.new)} (Δ ${signed(agg.delta)}${agg.bootstrap ? `, ${Math.round(agg.bootstrap.level * 100)}% CI ${ci}, p=${agg.bootstrap.p.toFixed(3)}, paired bootstrap over tasks, ${agg.bootstrap.samples} samples, seed ${agg.bootstrap.seed}` : ''})`;
  const verdict =
    d.regressions.length || agg.regression
      ? `Regression beyond ${d.threshold} points${d.significance ? ' (95% interval below zero, or no interval)' : ''}: ${[...d.regressions, ...(agg.regression ? ['(mean)'] : [])].join(', ')}`
      : `No regression beyond ${d.threshold} points${d.significance ? ' with a 95% interval below zero' : ''}.`;
  const lacking = [...d.missing, ...d.incomplete];
  const missingVerdict = ctx.failOnMissing && lacking.length ? `Missing from the new run: ${lacking.join(', ')}` : '';
  const title = `${d.base.model}@${short(d.base.revision)} -> ${d.new.model}@${short(d.new.revision)}`;
  const extra: string[] = [];
  if (d.added.length) extra.push(`Added tasks: ${d.added.join(', ')}`);
  if (d.missing.length) extra.push(`Missing tasks (in base, not in new): ${d.missing.join(', ')}`);
  if (d.incomplete.length) extra.push(`Incomplete tasks (splits/subsets in base, not in new): ${d.incomplete.join(', ')}`);
  if (d.notSignificant.length) extra.push(`Not counted as regressions (the 95% bootstrap interval includes zero): ${d.notSignificant.join(', ')}`);
  if (d.thresholdOnly.length) extra.push(`Judged by the threshold alone (no per-sample bootstrap): ${d.thresholdOnly.join(', ')}`);
  const pqLines = d.tasks.flatMap((t) => (t.perSample ? [perSampleLine(t.task, t.perSample)] : []));
  const without = d.tasks.filter((t) => t.perSampleMissing);
  if (without.length) {
    const shown = without.slice(0, 10).map((t) => `${t.task} (${t.perSampleMissing})`);
    pqLines.push(
      `No per-sample bootstrap for ${without.length} task(s), covered only by the across-task bootstrap: ${shown.join('; ')}${without.length > 10 ? `; ... ${without.length - 10} more` : ''}`,
    );
  }
  const allMetricRows = () =>
    d.tasks.flatMap((t) =>
      t.metrics.map((m) => [
        t.task,
        `${m.split}/${m.subset}`,
        m.metric,
        num(m.base),
        num(m.new),
        m.delta === null ? '' : `${m.delta >= 0 ? '+' : ''}${m.delta.toFixed(6)}`,
      ]),
    );
  const metricRows = ctx.metrics ? allMetricRows() : [];
  return { rows, benchLine, aggLine, verdict, missingVerdict, title, extra, pqLines, metricRows, allMetricRows };
}

function perSampleLine(task: string, b: PerSampleBootstrap): string {
  const stat = b.statistic === 'mean' ? `per-${b.unit} ${b.metric}` : `${b.metric} (${b.statistic} recomputed on resampled ${b.unit}s)`;
  const dropped = b.dropped ? `, ${b.dropped} resamples undefined` : '';
  const note = b.note ? `; ${b.note}` : '';
  return `${task}: ${stat} Δ ${signed(b.mean)} over ${b.n} ${b.unit}s, ${Math.round(b.level * 100)}% CI [${signed(b.ci[0])}, ${signed(b.ci[1])}], p=${b.p.toFixed(3)}${dropped} (from ${b.source}${note})`;
}

function diffMarkdown(p: ReturnType<typeof diffParts>, github: boolean): string {
  const md = [
    `### mteb-ts diff: ${p.title}`,
    '',
    p.verdict.startsWith('No') ? `✅ ${p.verdict}` : `❌ ${p.verdict}`,
    ...(p.missingVerdict ? ['', `❌ ${p.missingVerdict}`] : []),
    '',
    ...(p.benchLine ? [`**${p.benchLine}**`, ''] : []),
    `**${p.aggLine}**`,
    '',
    markdownTable(TASK_HEAD, p.rows),
    ...(p.pqLines.length ? ['', ...p.pqLines.map((l) => `- ${l}`)] : []),
    ...(p.extra.length ? ['', ...p.extra.map((l) => `- ${l}`)] : []),
  ];
  if (p.metricRows.length || github) {
    const all = p.metricRows.length ? p.metricRows : p.allMetricRows();
    if (all.length) md.push('', '<details><summary>All metrics</summary>', '', markdownTable(METRIC_HEAD, all), '', '</details>');
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
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export function markdownTable(head: string[], rows: string[][], cell: (s: string) => string = (s) => s): string {
  const esc = (s: string) => cell(s).replace(/\|/g, '\\|');
  const align = head.map((_, i) =>
    rows.every((r) => r[i] === undefined || r[i] === '' || /^[-+]?\d/.test(r[i]!) || r[i] === '-') && i > 0 ? '---:' : '---',
  );
  return [`| ${head.map(esc).join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
export function plainTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = head.map((_, i) => i > 0 && rows.every((r) => !r[i] || r[i] === '-' || /^[-+]?\d/.test(r[i]!)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
