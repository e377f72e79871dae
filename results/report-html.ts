/**
 * One self-contained HTML report (no network when opened): a sortable leaderboard table, one bar chart per
 * task type, a chart of the per-type means and a model-vs-model delta chart (pick any two models).
 *
 * Charts use Chart.js 4 (MIT), inlined from node_modules at run time (`chart.js/dist/chart.umd.min.js`):
 * it is actively maintained, has no dependencies, renders grouped bar charts to <canvas> out of the box
 * and ships a single UMD file (~200 kB) that can be pasted into a <script> tag. uPlot is smaller but
 * built for time series, not categorical bars.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Leaderboard } from './aggregate.js';
import type { DiffReport } from './diff.js';
import { FIRST_SCORE_COLUMN, leaderboardColumns, leaderboardCells, MODEL_COLUMNS, short } from './leaderboard-cells.js';

let chartJsSource: string | undefined;

/** The Chart.js UMD bundle text, read once from node_modules. */
export function chartJsBundle(): string {
  if (chartJsSource === undefined) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('chart.js'); // .../chart.js/dist/chart.cjs
    chartJsSource = readFileSync(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf8');
  }
  return chartJsSource;
}

export interface HtmlReportOptions {
  title?: string;
  /** A diff to chart instead of the default first-two-models comparison. */
  diff?: DiffReport;
  /** Timestamp text shown in the footer (omit for byte-identical reports). */
  generated?: string;
}

export function renderHtmlReport(lb: Leaderboard, opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? `mteb-ts leaderboard: ${lb.benchmark}`;
  const columns = leaderboardColumns(lb);
  const cells = leaderboardCells(lb);
  const data = {
    benchmark: lb.benchmark,
    types: lb.types,
    tasks: lb.tasks,
    models: lb.rows.map((r) => ({
      label: `${r.model}@${short(r.revision)}`,
      perTask: Object.fromEntries(lb.tasks.map((t) => [t.name, r.perTask[t.name]?.score ?? null])),
      perType: lb.types.map((t) => r.perType[t] ?? null),
    })),
    diff: opts.diff
      ? {
          label: `${opts.diff.new.model}@${short(opts.diff.new.revision)} − ${opts.diff.base.model}@${short(opts.diff.base.revision)}`,
          tasks: opts.diff.tasks.filter((t) => t.delta !== null).map((t) => ({ task: t.task, delta: t.delta })),
        }
      : null,
  };
  const missingTitle = new Map<string, string>();
  for (const r of lb.rows) for (const m of r.missing) missingTitle.set(`${r.model}\u0000${r.revision}\u0000${m.task}`, m.reason);
  const nFixed = FIRST_SCORE_COLUMN + 2 + lb.types.length;
  const textual = new Set([1, 2, 3 + MODEL_COLUMNS.indexOf('License'), 3 + MODEL_COLUMNS.indexOf('Open Weights')]);
  const zeroShotCol = 3 + MODEL_COLUMNS.indexOf('Zero-shot');
  const headHtml = columns.map((c, i) => `<th data-col="${i}" data-numeric="${textual.has(i) ? 0 : 1}" title="sort by ${esc(c)}">${esc(c)}</th>`).join('');
  const bodyHtml = cells
    .map((row, ri) => {
      const r = lb.rows[ri]!;
      const tds = row.map((c, i) => {
        if (i >= nFixed && c === '') {
          const task = lb.tasks[i - nFixed]!.name;
          const why = missingTitle.get(`${r.model}\u0000${r.revision}\u0000${task}`) ?? 'missing';
          return `<td class="missing" data-value="" title="${esc(why)}">–</td>`;
        }
        if (c === '' && i >= FIRST_SCORE_COLUMN) return `<td class="missing" data-value="" title="missing: some task of this group has no score">–</td>`;
        if (i === zeroShotCol) return `<td data-value="${r.zeroShot ?? ''}" title="${r.zeroShot === null ? 'training data not declared' : 'share of the benchmark tasks the model was not trained on'}">${esc(c)}</td>`;
        return `<td data-value="${esc(c)}">${esc(c)}</td>`;
      });
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('\n');
  const missingList = lb.rows
    .filter((r) => r.missing.length)
    .map((r) => `<li><b>${esc(r.model)}@${esc(short(r.revision))}</b>: ${r.missing.length} of ${lb.tasks.length} missing<ul>${r.missing.map((m) => `<li>${esc(m.task)}: ${esc(m.reason)}</li>`).join('')}</ul></li>`)
    .join('');
  const typeCharts = lb.types.map((t, i) => `<div class="chart"><h3>${esc(t)}</h3><canvas id="type-${i}" role="img" aria-label="${esc(t)} scores"></canvas></div>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#1f2328}
h1{font-size:1.4rem} h2{font-size:1.15rem;margin-top:2rem} h3{font-size:1rem;margin:.5rem 0}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.8rem;white-space:nowrap}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:right}
th{background:#f6f8fa;cursor:pointer;position:sticky;top:0}
th.sorted-asc::after{content:" ▲"} th.sorted-desc::after{content:" ▼"}
td:nth-child(2),td:nth-child(3),th:nth-child(2),th:nth-child(3){text-align:left}
td.missing{color:#9a6700;background:#fff8c5;text-align:center}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1rem}
.chart{border:1px solid #d0d7de;border-radius:6px;padding:.5rem}
.wide{max-width:1100px}
footer{margin-top:2rem;color:#656d76;font-size:.75rem}
</style></head>
<body>
<h1>${esc(title)}</h1>
<p>Scores are main scores ×100 (2 decimals), aggregated as in mteb's leaderboard: per-task mean over the benchmark's splits/subsets, Mean (Task), per-type means, Mean (TaskType), Borda rank. Missing tasks are marked <span class="missing">–</span> and leave the means empty. Click a column header to sort.</p>
<h2>Leaderboard</h2>
<div class="scroll"><table id="leaderboard"><thead><tr>${headHtml}</tr></thead><tbody>
${bodyHtml}
</tbody></table></div>
${missingList ? `<h2>Missing tasks</h2><ul id="missing">${missingList}</ul>` : ''}
<h2>Mean per task type</h2>
<div class="chart wide"><canvas id="types-mean" role="img" aria-label="mean per task type"></canvas></div>
<h2>Per task type</h2>
<div class="charts">
${typeCharts}
</div>
<h2>Model vs model</h2>
<p id="delta-controls">${data.models.length >= 2 || data.diff ? `<label>base <select id="delta-base"></select></label> <label>new <select id="delta-new"></select></label>` : 'Needs two models.'}</p>
<div class="chart wide"><canvas id="delta" role="img" aria-label="per-task delta between two models"></canvas></div>
<footer>Generated by mteb-ts${opts.generated ? ` on ${esc(opts.generated)}` : ''}. Charts: Chart.js (MIT licence), inlined.</footer>
<script>${chartJsBundle().replace(/<\/script/gi, '<\\/script')}</script>
<script>
const DATA = ${JSON.stringify(data).replace(/</g, '\\u003c')};
${CLIENT_SCRIPT}
</script>
</body></html>
`;
}

/** Browser-side code: table sorting and the charts. Kept free of any network access. */
const CLIENT_SCRIPT = String.raw`
(function () {
  Chart.defaults.animation = false;
  const palette = ['#0969da','#cf222e','#1a7f37','#8250df','#bf8700','#0550ae','#a40e26','#116329','#6639ba','#953800'];
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 10000) / 100);
  const charts = {};
  // sortable table
  const table = document.getElementById('leaderboard');
  table.querySelectorAll('th').forEach((th) => th.addEventListener('click', () => {
    const col = Number(th.dataset.col), numeric = th.dataset.numeric === '1';
    const asc = !th.classList.contains('sorted-asc');
    table.querySelectorAll('th').forEach((h) => h.classList.remove('sorted-asc', 'sorted-desc'));
    th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = a.cells[col].dataset.value, y = b.cells[col].dataset.value;
      if (x === '' && y !== '') return 1; if (y === '' && x !== '') return -1;
      const c = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y));
      return asc ? c : -c;
    });
    rows.forEach((r) => body.appendChild(r));
  }));
  const bar = (id, labels, datasets, yTitle) => {
    const el = document.getElementById(id);
    if (!el) return;
    charts[id] = new Chart(el, {
      type: 'bar',
      data: { labels, datasets },
      options: { responsive: true, animation: false, plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { title: { display: true, text: yTitle } }, x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 30 } } } },
    });
  };
  bar('types-mean', DATA.types, DATA.models.map((m, i) => ({ label: m.label, data: m.perType.map(pct), backgroundColor: palette[i % palette.length] })), 'score ×100');
  DATA.types.forEach((t, ti) => {
    const tasks = DATA.tasks.filter((x) => x.type === t).map((x) => x.name);
    bar('type-' + ti, tasks, DATA.models.map((m, i) => ({ label: m.label, data: tasks.map((n) => pct(m.perTask[n])), backgroundColor: palette[i % palette.length] })), 'score ×100');
  });
  // model-vs-model delta
  const selBase = document.getElementById('delta-base'), selNew = document.getElementById('delta-new');
  const drawDelta = (labels, deltas, label) => {
    if (charts.delta) charts.delta.destroy();
    bar('delta', labels, [{ label, data: deltas, backgroundColor: deltas.map((d) => (d !== null && d < 0 ? '#cf222e' : '#1a7f37')) }], 'Δ score ×100');
  };
  if (DATA.diff) {
    if (selBase) document.getElementById('delta-controls').textContent = DATA.diff.label;
    drawDelta(DATA.diff.tasks.map((t) => t.task), DATA.diff.tasks.map((t) => pct(t.delta)), DATA.diff.label);
  } else if (selBase && DATA.models.length >= 2) {
    DATA.models.forEach((m, i) => { selBase.add(new Option(m.label, String(i))); selNew.add(new Option(m.label, String(i))); });
    selBase.value = '1'; selNew.value = '0';
    const update = () => {
      const a = DATA.models[Number(selBase.value)], b = DATA.models[Number(selNew.value)];
      const names = DATA.tasks.map((t) => t.name).filter((n) => a.perTask[n] !== null && b.perTask[n] !== null);
      drawDelta(names, names.map((n) => pct(b.perTask[n] - a.perTask[n])), b.label + ' − ' + a.label);
    };
    selBase.addEventListener('change', update); selNew.addEventListener('change', update);
    update();
  }
  window.__reportReady = true;
})();
`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

