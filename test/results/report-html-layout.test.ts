/**
 * The HTML report with 5 and 20 models (issue #11 item 5, issue #15): every chart keeps a usable plot area (no
 * per-chart legends eating it), one shared legend with short names and the full name on hover, missing tasks
 * collapsed, the filters (zero-shot, size, open weights) hide models and re-rank the kept ones exactly as the
 * library does, the field chart shows the chosen model against the others, and the per-language view appears
 * for a benchmark with a language view. Runs in headless Chromium as report-html.test.ts does.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateBenchmark, type BenchmarkSpec } from '../../results/aggregate.js';
import type { ModelRun } from '../../results/collect.js';
import { filterRuns, type ModelFilter } from '../../results/model-filter.js';
import type { NormalizedResult } from '../../results/read.js';
import { renderHtmlReport, shortLabels } from '../../results/report-html.js';
import type { TaskMetadata } from '../../tasks/metadata.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`skipping HTML layout browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`);

const TYPES: [TaskMetadata['type'], number][] = [
  ['Classification', 6],
  ['Clustering', 4],
  ['Retrieval', 6],
  ['STS', 5],
];
const LANGS = ['deu-Latn', 'eng-Latn', 'fra-Latn', 'jpn-Jpan'];

/** n models with long names, 40-hex revisions, varied sizes/weights/training data and a few missing tasks each. */
function fixture(n: number): { runs: ModelRun[]; spec: BenchmarkSpec } {
  const tasks = TYPES.flatMap(([type, k]) => Array.from({ length: k }, (_, j) => ({ name: `${type}Task${j}LongEnoughName`, type })));
  const meta = (name: string, type: TaskMetadata['type']): TaskMetadata => ({
    name,
    type,
    description: '',
    dataset: { path: name, revision: 'x' },
    evalSplits: ['test'],
    subsets: Object.fromEntries(LANGS.map((l) => [l.slice(0, 2), [l]])),
    mainScore: 'm',
  });
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const runs: ModelRun[] = [];
  for (let i = 0; i < n; i++) {
    const model = `some-organisation-${i % 3}/a-rather-long-embedding-model-name-${i}-base-v1.5`;
    const revision = (i * 2654435761).toString(16).padStart(40, 'a').slice(0, 40);
    const results = new Map<string, NormalizedResult>();
    tasks.forEach((t, ti) => {
      if (i % 4 === 1 && ti % 5 === i % 5) return; // some models lack some tasks
      const rows = LANGS.map((l) => ({ main_score: Math.round((0.3 + 0.6 * rnd()) * 1e6) / 1e6, hf_subset: l.slice(0, 2), languages: [l] }));
      results.set(t.name, {
        task_name: t.name,
        dataset_revision: 'x',
        mteb_version: '2.20.0',
        scores: { test: rows },
        evaluation_time: 1,
        kg_co2_emissions: null,
        date: null,
        evaluation_phases: null,
        format: 'v2',
        file: `${model}/${t.name}.json`,
        notes: [],
      });
    });
    const training = i % 3 === 0 ? null : i % 3 === 1 ? [] : [tasks[0]!.name];
    runs.push({
      model,
      revision,
      dir: '',
      results,
      meta: {
        name: model,
        revision,
        n_parameters: (i + 1) * 60e6,
        open_weights: i % 5 !== 2,
        training_datasets: training,
        embed_dim: 384 + 64 * i,
        max_tokens: 512,
      },
    });
  }
  const spec: BenchmarkSpec = {
    name: `synthetic-${n}`,
    tasks,
    metadata: new Map(tasks.map((t) => [t.name, meta(t.name, t.type)])),
    aggregates: {},
    languageView: 'all',
  };
  return { runs, spec };
}

describe('short labels', () => {
  it('drop the organisation unless two models share a name; add the revision only when one model has several', () => {
    expect(
      shortLabels([
        { model: 'a/x', revision: 'r' },
        { model: 'b/y', revision: 'r' },
      ]),
    ).toEqual(['x', 'y']);
    expect(
      shortLabels([
        { model: 'a/x', revision: 'r' },
        { model: 'b/x', revision: 'r' },
      ]),
    ).toEqual(['a/x', 'b/x']);
    expect(
      shortLabels([
        { model: 'a/x', revision: '1'.repeat(40) },
        { model: 'a/x', revision: 'v2' },
      ]),
    ).toEqual(['a/x@11111111', 'a/x@v2']);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('HTML report layout in headless Chromium', () => {
  let context: import('playwright-core').BrowserContext;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-report-layout-'));
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mteb-chromium-profile-'));
  const network: string[] = [];
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      viewport: { width: 1400, height: 1000 },
    });
    context.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:')) network.push(u);
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    expect(network).toEqual([]);
  });

  for (const n of [5, 20]) {
    it(`${n} models: usable plot areas, one shared legend, collapsed missing tasks, filters re-rank like the library`, async () => {
      const { runs, spec } = fixture(n);
      const lb = aggregateBenchmark(runs, spec);
      const highlight = lb.rows[n - 1]!.model;
      const file = path.join(dir, `report-${n}.html`);
      writeFileSync(file, renderHtmlReport(lb, { highlight }));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, null, { timeout: 60_000 });

      // every chart: drawn, no own legend (except the three-entry field charts), a plot area of usable size
      const charts = await page.evaluate(() => {
        const cs = (window as unknown as { __charts: Record<string, any> }).__charts;
        return Object.entries(cs).map(([id, c]) => {
          const a = c.chartArea;
          const canvas = c.canvas as HTMLCanvasElement;
          const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) painted++;
          return {
            id,
            legend: c.options.plugins.legend.display,
            w: a.right - a.left,
            h: a.bottom - a.top,
            cssH: canvas.clientHeight,
            bars: c.data.labels.length,
            painted,
          };
        });
      });
      const ids = charts.map((c) => c.id).sort();
      expect(ids).toEqual(['delta', 'field', 'lang-field', 'ranking', 'types-mean', ...TYPES.map((_, i) => `type-${i}`)].sort());
      for (const c of charts) {
        expect(c.painted, c.id).toBeGreaterThan(500);
        expect(c.w, `${c.id} plot width`).toBeGreaterThanOrEqual(300);
        expect(c.h, `${c.id} plot height`).toBeGreaterThanOrEqual(120);
        expect(c.h / c.cssH, `${c.id} plot share of the canvas height`).toBeGreaterThanOrEqual(0.45);
        if (!['field', 'lang-field'].includes(c.id)) expect(c.legend, c.id).toBe(false);
      }
      const ranking = charts.find((c) => c.id === 'ranking')!;
      expect(ranking.h / ranking.bars, 'ranking: px per model').toBeGreaterThanOrEqual(14);

      // one shared legend: a chip per model, short text, the full org/name@revision on hover
      const chips = await page
        .locator('#legend button')
        .evaluateAll((bs) => bs.map((b) => ({ text: b.textContent ?? '', title: b.getAttribute('title') ?? '' })));
      expect(chips).toHaveLength(n);
      chips.forEach((c, i) => {
        expect(c.text.length, c.text).toBeLessThanOrEqual(60);
        expect(c.text).not.toContain('@');
        expect(c.title).toContain(`${lb.rows[i]!.model}@${lb.rows[i]!.revision}`);
      });

      // missing tasks collapsed to one line
      const missing = page.locator('details#missing-tasks');
      expect(await missing.getAttribute('open')).toBeNull();
      expect((await missing.boundingBox())!.height).toBeLessThan(60);
      const tableBottom = (await page.locator('#leaderboard').boundingBox())!;
      const fieldTop = (await page.locator('#field').boundingBox())!.y;
      expect(fieldTop - (tableBottom.y + tableBottom.height)).toBeLessThan(400);

      // the field chart: the highlighted model, and the range/median of the others
      const field = await page.evaluate(() =>
        (window as unknown as { __charts: Record<string, any> }).__charts.field.data.datasets.map((d: any) => d.data),
      );
      const me = lb.rows.find((r) => r.model === highlight)!;
      const pct = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);
      expect(field[2][0]).toBe(pct(me.meanTask));
      expect(field[2].slice(2)).toEqual(lb.types.map((t) => pct(me.perType[t] ?? null)));
      const othersType0 = lb.rows
        .filter((r) => r !== me)
        .map((r) => r.perType[lb.types[0]!])
        .filter((v): v is number => v !== null && v !== undefined);
      expect(field[0][2]).toEqual([pct(Math.min(...othersType0)), pct(Math.max(...othersType0))]);

      // per-language view: every language, one row per model
      expect(await page.locator('#languages thead th').allInnerTexts()).toEqual(['Model', ...LANGS]);
      expect(await page.locator('#languages tbody tr').count()).toBe(n);

      // no filter: the browser's Borda ranks are the library's
      const ranks = async () =>
        page
          .locator('#leaderboard tbody tr:not(.filtered)')
          .evaluateAll((trs) => trs.map((tr) => [tr.children[1]!.textContent, Number(tr.children[0]!.textContent)] as [string, number]));
      expect(await ranks()).toEqual(lb.rows.map((r) => [r.model, r.bordaRank]));
      // each filter: the kept models and their ranks equal aggregateBenchmark over filterRuns
      const expectFiltered = async (f: ModelFilter) => {
        const kept = aggregateBenchmark(filterRuns(runs, spec, f).runs, spec);
        expect(await ranks(), JSON.stringify(f)).toEqual(kept.rows.map((r) => [r.model, r.bordaRank]));
        expect(await page.locator('#f-status').innerText()).toBe(`${kept.rows.length} of ${n} models shown`);
        expect(await page.locator('#legend button:not([hidden])').count()).toBe(kept.rows.length);
        expect(await page.locator('#languages tbody tr:not(.filtered)').count()).toBe(kept.rows.length);
      };
      await page.locator('#f-open').check();
      await expectFiltered({ openWeights: true });
      await page.locator('#f-open').uncheck();
      await page.locator('#f-zero-shot').selectOption('remove_unknown');
      await expectFiltered({ zeroShot: 'remove_unknown' });
      await page.locator('#f-zero-shot').selectOption('only_zero_shot');
      await expectFiltered({ zeroShot: 'only_zero_shot' });
      await page.locator('#f-zero-shot').selectOption('allow_all');
      await page.locator('#f-size').selectOption(String(250e6));
      await expectFiltered({ maxParameters: 250e6 });
      await page.locator('#f-size').selectOption('');
      await expectFiltered({});

      // a legend click hides the model in the charts, not in the table
      await page.locator('#legend button').first().click();
      const typeSets = await page.evaluate(
        () => (window as unknown as { __charts: Record<string, any> }).__charts['types-mean'].data.datasets.length,
      );
      expect(typeSets).toBe(n - 1);
      expect(await page.locator('#leaderboard tbody tr:not(.filtered)').count()).toBe(n);
      await page.screenshot({ path: path.join(dir, `report-${n}.png`), fullPage: true });
      await page.close();
      expect(errors).toEqual([]);
    }, 120_000);
  }
});
