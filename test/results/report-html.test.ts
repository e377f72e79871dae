import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregateBenchmark, type BenchmarkSpec } from '../../results/aggregate.js';
import { collectResults, joinRevisions, type ModelRun } from '../../results/collect.js';
import { diffRuns } from '../../results/diff.js';
import type { NormalizedResult } from '../../results/read.js';
import { renderHtmlReport } from '../../results/report-html.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { RESULTS_SAMPLE_FOLDERS as FOLDERS, RESULTS_SAMPLES } from '../helpers/shared.js';
import { ENG_V1_SPEC, engV1Lookup } from './fixtures/eng-v1.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`skipping HTML report browser test: ${CHROMIUM} not found (apt-get install -y chromium)`);
const SAMPLES = RESULTS_SAMPLES;
const HAVE = existsSync(SAMPLES);
if (!HAVE) console.warn(`HTML report test: ${SAMPLES} not found, using a small hand-made leaderboard instead`);

/** Hand-made fallback (CI has no results-samples): 3 models, 4 tasks of 2 types, one missing task. */
function syntheticRuns(): { runs: ModelRun[]; spec: BenchmarkSpec } {
  const tasks: [string, TaskMetadata['type']][] = [
    ['STSA', 'STS'],
    ['STSB', 'STS'],
    ['RetA', 'Retrieval'],
    ['RetB', 'Retrieval'],
  ];
  const meta = (n: string, type: TaskMetadata['type']): TaskMetadata => ({
    name: n,
    type,
    description: '',
    dataset: { path: n, revision: 'x' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'm',
  });
  const scores: Record<string, (number | null)[]> = {
    'org/alpha': [0.8, 0.7, 0.5, 0.45],
    'org/beta': [0.75, 0.72, 0.3, null],
    'org/gamma': [0.6, 0.5, 0.35, 0.2],
  };
  const runs = Object.entries(scores).map(([model, vals]) => {
    const results = new Map<string, NormalizedResult>();
    tasks.forEach(([t], i) => {
      const v = vals[i];
      if (v === null || v === undefined) return;
      results.set(t, {
        task_name: t,
        dataset_revision: 'x',
        mteb_version: '2.0.0',
        scores: { test: [{ main_score: v, hf_subset: 'default', languages: [] }] },
        evaluation_time: 1,
        kg_co2_emissions: null,
        date: null,
        evaluation_phases: null,
        format: 'v2',
        file: '',
        notes: [],
      });
    });
    return { model, revision: 'r1', dir: '', results };
  });
  return {
    runs,
    spec: {
      name: 'synthetic',
      tasks: tasks.map(([name, type]) => ({ name, type })),
      metadata: new Map(tasks.map(([n, ty]) => [n, meta(n, ty)])),
      aggregates: {},
    },
  };
}
describe('HTML report', () => {
  const synthetic = syntheticRuns();
  const runs = HAVE ? joinRevisions(collectResults(FOLDERS, { lookup: engV1Lookup }).runs) : synthetic.runs;
  const lb = aggregateBenchmark(runs, HAVE ? ENG_V1_SPEC : synthetic.spec);
  // a task column to sort by, and the models in ascending / descending order of it
  const sortTask = HAVE ? 'ArguAna' : 'RetA';
  const byTask = [...lb.rows].sort((a, b) => a.perTask[sortTask]!.score! - b.perTask[sortTask]!.score!).map((r) => r.model);

  it('is self-contained: no external URLs, Chart.js inlined, table rows present', () => {
    const html = renderHtmlReport(lb);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(src|href)=["']https?:/i);
    expect(html).toContain('Chart.js v4');
    expect(html.match(/<tr data-model="\d+"/g)!.length).toBe(lb.rows.length); // no language view: the leaderboard's rows only
    expect(renderHtmlReport(lb)).toBe(html); // deterministic without a timestamp
  });

  it.skipIf(!HAVE_CHROMIUM)('renders in headless Chromium: charts drawn, rows present, sortable, no network requests', async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-report-'));
    const file = path.join(dir, 'report.html');
    const glove = runs[1]!;
    const kom = runs[2]!;
    writeFileSync(file, renderHtmlReport(lb, { generated: 'test' }));
    const fileWithDiff = path.join(dir, 'report-diff.html');
    writeFileSync(fileWithDiff, renderHtmlReport(lb, { diff: diffRuns(glove, kom, { lookup: engV1Lookup }) }));
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mteb-chromium-profile-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      viewport: { width: 1400, height: 1000 },
    });
    const network: string[] = [];
    context.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:')) network.push(u);
    });
    const errors: string[] = [];
    try {
      for (const f of [file, fileWithDiff]) {
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(f).href);
        await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, null, { timeout: 30_000 });
        // every canvas has drawn pixels
        const painted = await page.evaluate(() =>
          Array.from(document.querySelectorAll('canvas')).map((c) => {
            const ctx = c.getContext('2d')!;
            const data = ctx.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
            return { id: c.id, w: c.width, h: c.height, painted: n };
          }),
        );
        expect(painted.length).toBe(4 + lb.types.length); // field, ranking, types-mean, one per type, delta
        for (const c of painted) expect(c.painted, c.id).toBeGreaterThan(500);
        const rows = await page.locator('#leaderboard tbody tr').count();
        expect(rows).toBe(lb.rows.length);
        const firstModel = () => page.locator('#leaderboard tbody tr:first-child td:nth-child(2)').innerText();
        expect(await firstModel()).toBe(lb.rows[0]!.model);
        // sort by one task column, ascending then descending
        const header = page.locator('#leaderboard th', { hasText: new RegExp(`^${sortTask}$`) });
        await header.click();
        expect(await firstModel()).toBe(byTask[0]);
        await header.click();
        expect(await firstModel()).toBe(byTask[byTask.length - 1]);
        expect(await page.locator('td.missing').count()).toBeGreaterThan(0);
        const shot = path.join(dir, `${path.basename(f, '.html')}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(10_000);
        await page.close();
      }
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
  });
});
