/**
 * One self-contained HTML report (no network when opened), laid out for 2 to 50 models:
 * - filters (zero-shot, size, open weights) that hide models everywhere and re-rank the kept ones by Borda, as
 *   mteb's leaderboard does after its model filters;
 * - one shared legend (short names, the full `org/name@revision` on hover; click to hide a model in the charts),
 *   so no chart spends its plot area on a legend;
 * - the sortable leaderboard table with the model columns; missing tasks collapsed under one line;
 * - "a model against the field": the chosen model's means per task type (and per language) against the range and
 *   median of the other shown models, and a ranking chart whose height grows with the number of models;
 * - the per-language table for benchmarks with a language view; one bar chart per task type; a model-vs-model
 *   delta chart.
 *
 * Charts use Chart.js 4 (MIT), inlined from node_modules at run time (`chart.js/dist/chart.umd.min.js`):
 * it is actively maintained, has no dependencies, renders grouped bar charts to <canvas> out of the box
 * and ships a single UMD file (~200 kB) that can be pasted into a <script> tag. uPlot is smaller but
 * built for time series, not categorical bars.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { displayScore, type Leaderboard } from './aggregate.js';
import type { DiffReport } from './diff.js';
import { FIRST_SCORE_COLUMN, leaderboardCells, leaderboardColumns, MODEL_COLUMNS, short } from './leaderboard-cells.js';
import { isZeroShot, registryModelInfo, trainingDatasetsWithSimilar } from './model-info.js';

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
  /** The model to set against the field first (default: the top-ranked one). */
  highlight?: string;
}

/** Size thresholds of the size filter (mteb's leaderboard has a slider in millions). */
const SIZE_STEPS = [50e6, 100e6, 250e6, 500e6, 1e9, 3e9, 10e9];

/**
 * Short chart labels: the name without its organisation, unless two models share it (then org/name), unless
 * revisions of one model are kept apart (then @revision as well).
 */
export function shortLabels(rows: readonly { model: string; revision: string }[]): string[] {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const base = rows.map((r) => r.model.split('/').pop() ?? r.model);
  const baseN = count(base);
  const mid = rows.map((r, i) => (baseN.get(base[i]!)! > 1 ? r.model : base[i]!));
  const midN = count(mid);
  return rows.map((r, i) => (midN.get(mid[i]!)! > 1 ? `${mid[i]}@${short(r.revision)}` : mid[i]!));
}

export function renderHtmlReport(lb: Leaderboard, opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? `mteb-ts leaderboard: ${lb.benchmark}`;
  const columns = leaderboardColumns(lb);
  const cells = leaderboardCells(lb);
  const labels = shortLabels(lb.rows);
  const infos = new Map(lb.rows.map((r) => [r.model, r.info]));
  const resolve = (name: string) => infos.get(name) ?? registryModelInfo(name);
  const taskNames = lb.tasks.map((t) => t.name);
  const highlight =
    opts.highlight === undefined
      ? 0
      : Math.max(
          0,
          lb.rows.findIndex((r) => r.model === opts.highlight || `${r.model}@${r.revision}` === opts.highlight),
        );
  const data = {
    benchmark: lb.benchmark,
    types: lb.types,
    tasks: lb.tasks,
    highlight,
    sizeSteps: SIZE_STEPS,
    models: lb.rows.map((r, i) => ({
      label: `${r.model}@${short(r.revision)}`,
      full: `${r.model}@${r.revision}`,
      short: labels[i]!,
      perTask: Object.fromEntries(lb.tasks.map((t) => [t.name, r.perTask[t.name]?.score ?? null])),
      perType: lb.types.map((t) => r.perType[t] ?? null),
      meanTask: r.meanTask,
      meanTaskType: r.meanTaskType,
      rank: r.bordaRank,
      // the filters' inputs (mteb _filter_models): zero-shot over all benchmark tasks, size, open weights
      zeroShot: isZeroShot(trainingDatasetsWithSimilar(r.info, resolve), taskNames),
      nParameters: r.info.nParameters,
      openWeights: r.info.openWeights,
    })),
    languages: lb.perLanguage
      ? {
          languages: lb.perLanguage.languages,
          scores: lb.rows.map((r) => lb.perLanguage!.rows.find((x) => x.model === r.model && x.revision === r.revision)?.scores ?? null),
        }
      : null,
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
  const headHtml = columns
    .map((c, i) => `<th data-col="${i}" data-numeric="${textual.has(i) ? 0 : 1}" title="sort by ${esc(c)}">${esc(c)}</th>`)
    .join('');
  const bodyHtml = cells
    .map((row, ri) => {
      const r = lb.rows[ri]!;
      const tds = row.map((c, i) => {
        if (i >= nFixed && c === '') {
          const task = lb.tasks[i - nFixed]!.name;
          const why = missingTitle.get(`${r.model}\u0000${r.revision}\u0000${task}`) ?? 'missing';
          return `<td class="missing" data-value="" title="${esc(why)}">–</td>`;
        }
        if (c === '' && i >= FIRST_SCORE_COLUMN)
          return `<td class="missing" data-value="" title="missing: some task of this group has no score">–</td>`;
        if (i === 0) return `<td class="rank" data-value="${esc(c)}">${esc(c)}</td>`;
        if (i === 1) return `<td data-value="${esc(c)}" title="${esc(`${r.model}@${r.revision}`)}">${esc(c)}</td>`;
        if (i === zeroShotCol)
          return `<td data-value="${r.zeroShot ?? ''}" title="${r.zeroShot === null ? 'training data not declared' : 'share of the benchmark tasks the model was not trained on'}">${esc(c)}</td>`;
        return `<td data-value="${esc(c)}">${esc(c)}</td>`;
      });
      return `<tr data-model="${ri}"${ri === highlight ? ' class="highlight"' : ''}>${tds.join('')}</tr>`;
    })
    .join('\n');
  const nMissing = lb.rows.reduce((a, r) => a + r.missing.length, 0);
  const missingList = lb.rows
    .filter((r) => r.missing.length)
    .map(
      (r) =>
        `<li><b title="${esc(`${r.model}@${r.revision}`)}">${esc(r.model)}@${esc(short(r.revision))}</b>: ${r.missing.length} of ${lb.tasks.length} missing<ul>${r.missing.map((m) => `<li>${esc(m.task)}: ${esc(m.reason)}</li>`).join('')}</ul></li>`,
    )
    .join('');
  const typeCharts = lb.types
    .map(
      (t, i) =>
        `<div class="chart"><h3>${esc(t)}</h3><div class="cbox"><canvas id="type-${i}" role="img" aria-label="${esc(t)} scores"></canvas></div></div>`,
    )
    .join('\n');
  const many = lb.rows.length > 8;
  const langTable = lb.perLanguage?.languages.length
    ? `<h2>Per language</h2>
<p>Mean main score over the benchmark's rows of each language (a row counts for every language it lists), as mteb's per-language table; models in Borda order over the languages.</p>
<div class="scroll"><table id="languages"><thead><tr><th>Model</th>${lb.perLanguage.languages.map((l) => `<th>${esc(l)}</th>`).join('')}</tr></thead><tbody>
${lb.perLanguage.rows
  .map((x) => {
    const i = lb.rows.findIndex((r) => r.model === x.model && r.revision === x.revision);
    return `<tr data-model="${i}"><td title="${esc(`${x.model}@${x.revision}`)}">${esc(labels[i] ?? x.model)}</td>${lb.perLanguage!.languages.map((l) => `<td>${esc(displayScore(x.scores[l]) || '–')}</td>`).join('')}</tr>`;
  })
  .join('\n')}
</tbody></table></div>
<h3>Per language: the chosen model against the field</h3>
<div class="chart wide"><div class="cbox"><canvas id="lang-field" role="img" aria-label="per-language scores of the chosen model against the other models"></canvas></div></div>`
    : '';
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
#leaderboard td:nth-child(2),#leaderboard td:nth-child(3),#leaderboard th:nth-child(2),#leaderboard th:nth-child(3),#languages td:first-child{text-align:left}
td.missing{color:#9a6700;background:#fff8c5;text-align:center}
tr.highlight td{font-weight:600}
tr.filtered{display:none}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(${many ? 900 : 560}px,100%),1fr));gap:1rem}
.chart{border:1px solid #d0d7de;border-radius:6px;padding:.5rem}
.wide{max-width:1100px;margin-bottom:1rem}
.cbox{position:relative;width:100%}
#filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .75rem;font-size:.85rem}
#legend{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.8rem;margin:.75rem 0;max-height:9rem;overflow-y:auto}
#legend button{border:0;background:none;cursor:pointer;padding:0;font:inherit;display:inline-flex;align-items:center;gap:.3rem;color:inherit}
#legend button.off{opacity:.35;text-decoration:line-through}
#legend .swatch{width:.8rem;height:.8rem;border-radius:2px;display:inline-block}
details#missing-tasks{margin:.75rem 0;font-size:.85rem} details#missing-tasks summary{cursor:pointer;color:#9a6700}
footer{margin-top:2rem;color:#656d76;font-size:.75rem}
</style></head>
<body>
<h1>${esc(title)}</h1>
<p>Scores are main scores ×100 (2 decimals), aggregated as in mteb's leaderboard: per-task mean over the benchmark's splits/subsets, Mean (Task), per-type means, Mean (TaskType), Borda rank. Missing tasks are marked <span class="missing">–</span> and leave the means empty. Click a column header to sort.</p>
<div id="filters">
<label>Zero-shot <select id="f-zero-shot"><option value="allow_all">allow all</option><option value="remove_unknown">remove unknown</option><option value="only_zero_shot">only zero-shot</option></select></label>
<label>Size <select id="f-size"><option value="">any</option>${SIZE_STEPS.map((s) => `<option value="${s}">≤ ${s >= 1e9 ? `${s / 1e9} B` : `${s / 1e6} M`}</option>`).join('')}</select></label>
<label><input type="checkbox" id="f-open"> open weights only</label>
<span id="f-status"></span>
</div>
<div id="legend" aria-label="models (click to hide in the charts)"></div>
<h2>Leaderboard</h2>
<div class="scroll"><table id="leaderboard"><thead><tr>${headHtml}</tr></thead><tbody>
${bodyHtml}
</tbody></table></div>
${missingList ? `<details id="missing-tasks"><summary>Missing tasks: ${nMissing} task result${nMissing === 1 ? '' : 's'} missing across ${lb.rows.filter((r) => r.missing.length).length} model(s) (show)</summary><ul id="missing">${missingList}</ul></details>` : ''}
<h2>A model against the field</h2>
<p><label>model <select id="field-model"></select></label> <label>ranking by <select id="rank-metric"></select></label> <span id="rank-note"></span></p>
<div class="chart wide"><h3>Means: the chosen model, the median and the range of the other models</h3><div class="cbox"><canvas id="field" role="img" aria-label="the chosen model's means against the other models"></canvas></div></div>
<div class="chart wide"><h3>Ranking</h3><div id="ranking-box" class="cbox"><canvas id="ranking" role="img" aria-label="models ranked by the chosen mean"></canvas></div></div>
${langTable}
<h2>Mean per task type</h2>
<div class="chart wide"><div class="cbox"><canvas id="types-mean" role="img" aria-label="mean per task type"></canvas></div></div>
<h2>Per task type</h2>
<div class="charts">
${typeCharts}
</div>
<h2>Model vs model</h2>
<p id="delta-controls">${data.models.length >= 2 || data.diff ? `<label>base <select id="delta-base"></select></label> <label>new <select id="delta-new"></select></label>` : 'Needs two models.'}</p>
<div class="chart wide"><div class="cbox"><canvas id="delta" role="img" aria-label="per-task delta between two models"></canvas></div></div>
<footer>Generated by mteb-ts${opts.generated ? ` on ${esc(opts.generated)}` : ''}. Charts: Chart.js (MIT licence), inlined.</footer>
<script>${chartJsBundle().replace(/<\/script/gi, '<\\/script')}</script>
<script>
const DATA = ${JSON.stringify(data).replace(/</g, '\\u003c')};
${CLIENT_SCRIPT}
</script>
</body></html>
`;
}

/** Browser-side code: filters, Borda re-ranking, legend, table sorting and the charts. No network access. */
const CLIENT_SCRIPT = String.raw`
(function () {
  Chart.defaults.animation = false;
  const M = DATA.models;
  const palette = ['#0969da','#cf222e','#1a7f37','#8250df','#bf8700','#0550ae','#a40e26','#116329','#6639ba','#953800'];
  const color = (i) => (M.length <= palette.length ? palette[i] : 'hsl(' + Math.round((i * 137.508) % 360) + ',62%,' + (i % 2 ? 40 : 52) + '%)');
  const pct = (v) => (v === null || v === undefined || Number.isNaN(v) ? null : Math.round(v * 10000) / 100);
  const charts = {};
  window.__charts = charts;
  const shown = M.map(() => true);    // passes the filters
  const visible = M.map(() => true);  // not switched off in the legend
  const inCharts = (i) => shown[i] && visible[i];
  const tooltipTitle = (items) => items.map((it) => it.dataset.fullLabel || it.label);
  const bar = (id, labels, datasets, yTitle, extra) => {
    const el = document.getElementById(id);
    if (!el) return;
    if (charts[id]) charts[id].destroy();
    const options = Object.assign({ responsive: true, animation: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: tooltipTitle } } },
      scales: { y: { title: { display: true, text: yTitle } }, x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 0 } } } }, extra || {});
    charts[id] = new Chart(el, { type: 'bar', data: { labels, datasets }, options });
  };
  // --- Borda among the kept models (aggregate.ts bordaPoints/minRankDescending, mteb _borda_rank_from_long)
  const rerank = () => {
    const idx = M.map((_, i) => i).filter((i) => shown[i]);
    const tasks = DATA.tasks.map((t) => t.name);
    const nModels = idx.filter((i) => tasks.some((t) => M[i].perTask[t] !== null)).length;
    const pts = {};
    idx.forEach((i) => (pts[i] = 0));
    for (const t of tasks) {
      const present = idx.filter((i) => M[i].perTask[t] !== null).map((i) => ({ i, s: M[i].perTask[t] }));
      const order = present.map((_, k) => k).sort((a, b) => present[b].s - present[a].s);
      for (let a = 0; a < order.length; ) {
        let b = a;
        while (b + 1 < order.length && present[order[b + 1]].s === present[order[a]].s) b++;
        const avg = (a + b + 2) / 2;
        for (let k = a; k <= b; k++) pts[present[order[k]].i] += nModels - avg;
        a = b + 1;
      }
    }
    const rank = {};
    idx.forEach((i) => (rank[i] = 1 + idx.filter((j) => pts[j] > pts[i]).length));
    return rank;
  };
  // --- table: sorting, filter visibility, ranks
  const table = document.getElementById('leaderboard');
  const body = table.tBodies[0];
  let sortState = null;
  const sortBy = (col, numeric, asc) => {
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = a.cells[col].dataset.value, y = b.cells[col].dataset.value;
      if (x === '' && y !== '') return 1; if (y === '' && x !== '') return -1;
      const c = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y));
      // ties as the library orders them: by model name, then revision
      return (asc ? c : -c) || a.cells[1].textContent.localeCompare(b.cells[1].textContent) || a.cells[2].textContent.localeCompare(b.cells[2].textContent);
    });
    rows.forEach((r) => body.appendChild(r));
  };
  table.querySelectorAll('th').forEach((th) => th.addEventListener('click', () => {
    const col = Number(th.dataset.col), numeric = th.dataset.numeric === '1';
    const asc = !th.classList.contains('sorted-asc');
    table.querySelectorAll('th').forEach((h) => h.classList.remove('sorted-asc', 'sorted-desc'));
    th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
    sortState = { col, numeric, asc };
    sortBy(col, numeric, asc);
  }));
  // --- shared legend
  const legend = document.getElementById('legend');
  M.forEach((m, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.model = String(i);
    b.title = m.full + ' (click to hide or show in the charts)';
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = color(i);
    b.appendChild(sw);
    b.appendChild(document.createTextNode(m.short));
    b.addEventListener('click', () => { visible[i] = !visible[i]; b.classList.toggle('off', !visible[i]); drawAll(); });
    legend.appendChild(b);
  });
  // --- "a model against the field"
  const selModel = document.getElementById('field-model');
  const selMetric = document.getElementById('rank-metric');
  M.forEach((m, i) => selModel.add(new Option(m.short, String(i))));
  selModel.value = String(DATA.highlight);
  const metrics = [{ name: 'Mean (Task)', get: (m) => m.meanTask }, { name: 'Mean (TaskType)', get: (m) => m.meanTaskType }]
    .concat(DATA.types.map((t, ti) => ({ name: t, get: (m) => m.perType[ti] })));
  metrics.forEach((x, k) => selMetric.add(new Option(x.name, String(k))));
  selMetric.value = M.some((m) => m.meanTask !== null) ? '0' : '1';
  const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : null; };
  const fieldChart = (id, labels, valueOf) => {
    const me = Number(selModel.value);
    const others = M.map((_, i) => i).filter((i) => inCharts(i) && i !== me);
    const ranges = [], medians = [], mine = [];
    labels.forEach((_, k) => {
      const vals = others.map((i) => valueOf(i, k)).filter((v) => v !== null && v !== undefined);
      ranges.push(vals.length ? [pct(Math.min(...vals)), pct(Math.max(...vals))] : null);
      medians.push(vals.length ? pct(median(vals)) : null);
      const v = valueOf(me, k);
      mine.push(v === null || v === undefined ? null : pct(v));
    });
    bar(id, labels, [
      { label: 'range of the other models', data: ranges, backgroundColor: 'rgba(140,149,159,0.35)', borderColor: '#8c959f', borderWidth: 1, order: 3 },
      { type: 'line', label: 'median of the other models', data: medians, showLine: false, pointStyle: 'line', pointRadius: 14, pointBorderWidth: 3, borderColor: '#1f2328', backgroundColor: '#1f2328', order: 2 },
      { type: 'line', label: M[me].short, fullLabel: M[me].full, data: mine, showLine: false, pointStyle: 'rectRot', pointRadius: 7, backgroundColor: '#cf222e', borderColor: '#cf222e', order: 1 },
    ], 'score ×100', { aspectRatio: 2.4, plugins: { legend: { display: true }, tooltip: {} },
      // not from zero: the spread between models is what this chart is for
      scales: { y: { beginAtZero: false, grace: '5%', title: { display: true, text: 'score ×100' } }, x: { ticks: { autoSkip: false } } } });
  };
  const drawField = () => {
    fieldChart('field', ['Mean (Task)', 'Mean (TaskType)'].concat(DATA.types), (i, k) => (k === 0 ? M[i].meanTask : k === 1 ? M[i].meanTaskType : M[i].perType[k - 2]));
    if (DATA.languages) fieldChart('lang-field', DATA.languages.languages, (i, k) => (DATA.languages.scores[i] ? DATA.languages.scores[i][DATA.languages.languages[k]] : null));
    const metric = metrics[Number(selMetric.value)];
    const me = Number(selModel.value);
    const idx = M.map((_, i) => i).filter((i) => inCharts(i) && metric.get(M[i]) !== null).sort((a, b) => metric.get(M[b]) - metric.get(M[a]));
    const lacking = M.filter((m, i) => inCharts(i) && metric.get(m) === null).length;
    document.getElementById('rank-note').textContent = lacking ? lacking + ' model(s) have no ' + metric.name + ' (missing tasks)' : '';
    // one bar row per model: the box grows with the models instead of squeezing the bars
    document.getElementById('ranking-box').style.height = Math.max(220, 22 * idx.length + 70) + 'px';
    bar('ranking', idx.map((i) => M[i].short), [{ label: metric.name, data: idx.map((i) => pct(metric.get(M[i]))),
      backgroundColor: idx.map((i) => (i === me ? '#cf222e' : '#8c959f')) }], metric.name,
      { indexAxis: 'y', maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => items.map((it) => M[idx[it.dataIndex]].full) } } },
        scales: { x: { title: { display: true, text: metric.name + ' ×100' } }, y: { ticks: { autoSkip: false } } } });
  };
  const modelSets = () => M.map((m, i) => ({ m, i })).filter((x) => inCharts(x.i));
  const drawTypes = () => {
    const ms = modelSets();
    bar('types-mean', DATA.types, ms.map(({ m, i }) => ({ label: m.short, fullLabel: m.full, data: m.perType.map(pct), backgroundColor: color(i) })), 'score ×100');
    DATA.types.forEach((t, ti) => {
      const tasks = DATA.tasks.filter((x) => x.type === t).map((x) => x.name);
      bar('type-' + ti, tasks, ms.map(({ m, i }) => ({ label: m.short, fullLabel: m.full, data: tasks.map((n) => pct(m.perTask[n])), backgroundColor: color(i) })), 'score ×100');
    });
  };
  // --- model-vs-model delta
  const selBase = document.getElementById('delta-base'), selNew = document.getElementById('delta-new');
  const drawDelta = (labels, deltas, label) => {
    bar('delta', labels, [{ label, data: deltas, backgroundColor: deltas.map((d) => (d !== null && d < 0 ? '#cf222e' : '#1a7f37')) }], 'Δ score ×100');
  };
  const updateDelta = () => {
    const a = M[Number(selBase.value)], b = M[Number(selNew.value)];
    const names = DATA.tasks.map((t) => t.name).filter((n) => a.perTask[n] !== null && b.perTask[n] !== null);
    drawDelta(names, names.map((n) => pct(b.perTask[n] - a.perTask[n])), b.short + ' − ' + a.short);
  };
  if (DATA.diff) {
    if (selBase) document.getElementById('delta-controls').textContent = DATA.diff.label;
    drawDelta(DATA.diff.tasks.map((t) => t.task), DATA.diff.tasks.map((t) => pct(t.delta)), DATA.diff.label);
  } else if (selBase && M.length >= 2) {
    M.forEach((m, i) => { selBase.add(new Option(m.short, String(i))); selNew.add(new Option(m.short, String(i))); });
    selBase.value = '1'; selNew.value = '0';
    selBase.addEventListener('change', updateDelta); selNew.addEventListener('change', updateDelta);
    updateDelta();
  }
  const drawAll = () => { drawField(); drawTypes(); };
  // --- filters (mteb _filter_models): zero-shot setting, largest size, open weights
  const fZero = document.getElementById('f-zero-shot'), fSize = document.getElementById('f-size'), fOpen = document.getElementById('f-open');
  const applyFilters = () => {
    const z = fZero.value, maxSize = fSize.value === '' ? null : Number(fSize.value), open = fOpen.checked;
    M.forEach((m, i) => {
      let ok = true;
      if (open && m.openWeights !== true) ok = false;
      if (maxSize !== null && (m.nParameters === null || m.nParameters > maxSize)) ok = false;
      if (z !== 'allow_all' && m.zeroShot === null) ok = false;
      if (z === 'only_zero_shot' && m.zeroShot === false) ok = false;
      shown[i] = ok;
    });
    const rank = rerank();
    for (const tr of Array.from(body.rows)) {
      const i = Number(tr.dataset.model);
      tr.classList.toggle('filtered', !shown[i]);
      const cell = tr.querySelector('td.rank');
      const r = shown[i] ? String(rank[i]) : '';
      cell.textContent = r; cell.dataset.value = r;
    }
    const lt = document.getElementById('languages');
    if (lt) for (const tr of Array.from(lt.tBodies[0].rows)) tr.classList.toggle('filtered', !shown[Number(tr.dataset.model)]);
    for (const b of Array.from(legend.children)) b.hidden = !shown[Number(b.dataset.model)];
    if (sortState) sortBy(sortState.col, sortState.numeric, sortState.asc); else sortBy(0, true, true);
    const n = shown.filter(Boolean).length;
    document.getElementById('f-status').textContent = n + ' of ' + M.length + ' models shown';
    drawAll();
  };
  [fZero, fSize, fOpen].forEach((el) => el.addEventListener('change', applyFilters));
  selModel.addEventListener('change', drawField); selMetric.addEventListener('change', drawField);
  applyFilters();
  window.__reportReady = true;
})();
`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
