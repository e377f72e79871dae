import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregateBenchmark } from '../../results/aggregate.js';
import { collectResults, joinRevisions } from '../../results/collect.js';
import { diffRuns } from '../../results/diff.js';
import { renderHtmlReport } from '../../results/report-html.js';
import { ENG_V1_SPEC, engV1Lookup } from './fixtures/eng-v1.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`skipping HTML report browser test: ${CHROMIUM} not found (apt-get install -y chromium)`);
const SAMPLES = path.resolve(process.cwd(), '../shared/results-samples');
const HAVE = existsSync(SAMPLES);
if (!HAVE) console.warn(`skipping HTML report test on real results: ${SAMPLES} not found`);
const FOLDERS = ['sentence-transformers__all-MiniLM-L6-v2', 'sentence-transformers__average_word_embeddings_glove.6B.300d', 'sentence-transformers__average_word_embeddings_komninos'].map((f) => path.join(SAMPLES, f));

describe.skipIf(!HAVE)('HTML report', () => {
  const runs = joinRevisions(collectResults(FOLDERS, { lookup: engV1Lookup }).runs);
  const lb = aggregateBenchmark(runs, ENG_V1_SPEC);

  it('is self-contained: no external URLs, Chart.js inlined, table rows present', () => {
    const html = renderHtmlReport(lb);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(src|href)=["']https?:/i);
    expect(html).toContain('Chart.js v4');
    expect(html.match(/<tr>/g)!.length).toBe(1 + lb.rows.length);
    expect(renderHtmlReport(lb)).toBe(html); // deterministic without a timestamp
  });

  it.skipIf(!HAVE_CHROMIUM)('renders in headless Chromium: charts drawn, rows present, sortable, no network requests', async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-report-'));
    const file = path.join(dir, 'report.html');
    const glove = runs.find((r) => r.model.includes('glove'))!;
    const kom = runs.find((r) => r.model.includes('komninos'))!;
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
        expect(painted.length).toBe(2 + lb.types.length); // types-mean, one per type, delta
        for (const c of painted) expect(c.painted, c.id).toBeGreaterThan(500);
        const rows = await page.locator('#leaderboard tbody tr').count();
        expect(rows).toBe(lb.rows.length);
        const firstModel = () => page.locator('#leaderboard tbody tr:first-child td:nth-child(2)').innerText();
        expect(await firstModel()).toBe('sentence-transformers/all-MiniLM-L6-v2');
        // sort by the ArguAna column, ascending then descending
        await page.locator('#leaderboard th', { hasText: /^ArguAna$/ }).click();
        expect(await firstModel()).toBe('sentence-transformers/average_word_embeddings_komninos'); // 30.96 lowest
        await page.locator('#leaderboard th', { hasText: /^ArguAna$/ }).click();
        expect(await firstModel()).toBe('sentence-transformers/all-MiniLM-L6-v2');
        expect(await page.locator('td.missing').count()).toBeGreaterThan(0);
        const shot = path.join(dir, `${path.basename(f, '.html')}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(20_000);
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
