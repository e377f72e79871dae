import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeMirrorRepo, writePrecomputed } from '../helpers/mirror.js';
import { SHARED_HUB } from '../helpers/shared.js';

const HUB = SHARED_HUB;
const hasHub = existsSync(HUB);
if (!hasHub) console.warn(`SKIPPED: ${HUB} is absent; end-to-end tests on the real mirror do not run`);

const tmp = mkdtempSync(join(tmpdir(), 'mteb-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STSB_REV = 'b0fddb56ed78048fa8b90373c8a3cfc37b684831';
const BIOSSES_REV = 'd3fb88f8f02e40887cd149695127462bbcf29b4a';
const good = [
  { sentence1: 'A man is playing a guitar.', sentence2: 'A man plays the guitar.', score: 4.8 },
  { sentence1: 'A woman is slicing an onion.', sentence2: 'Someone cuts an onion.', score: 4.0 },
  { sentence1: 'The cat sleeps on the sofa.', sentence2: 'Stock markets fell sharply today.', score: 0.2 },
  { sentence1: 'Two dogs run in the park.', sentence2: 'Dogs are running outside.', score: 3.6 },
];
const allTexts = (rows: { sentence1: string; sentence2?: string }[]) => rows.flatMap((r) => [r.sentence1, r.sentence2 ?? '']);

/** A mirror with a good BIOSSES and an STSBenchmark whose row 2 is broken by `breakRow`. */
function brokenMirror(name: string, breakRow: (r: Record<string, unknown>) => Record<string, unknown>): { mirror: string; file: string } {
  const mirror = join(tmp, name);
  writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, { test: good });
  const rows = good.map((r, i) => (i === 2 ? breakRow({ ...r }) : r));
  const dir = writeMirrorRepo(mirror, 'mteb/stsbenchmark-sts', STSB_REV, { test: rows });
  return { mirror, file: join(dir, 'data', 'test.jsonl') };
}

async function runBoth(mirror: string, model: string, out: string) {
  return runCli(['run', '-m', model, '-t', 'STSBenchmark', 'BIOSSES', '--hub-mirror', mirror, '--output-folder', out, '--no-cache']);
}

function resultFiles(out: string): string[] {
  if (!existsSync(out)) return [];
  const files: string[] = [];
  const walk = (d: string) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() && !e.name.startsWith('.') ? walk(join(d, e.name)) : e.isFile() && files.push(e.name),
    );
  walk(out);
  return files.sort();
}

describe('bad input ends the affected task with a clear error; the other tasks still complete', () => {
  const vectors = writePrecomputed(join(tmp, 'vectors'), allTexts(good));

  it('a mirror row missing sentence2', async () => {
    const { mirror, file } = brokenMirror('missing-col', ({ sentence2: _drop, ...r }) => r);
    const out = join(tmp, 'out-missing');
    const r = await runBoth(mirror, `precomputed:${vectors}`, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sentence2/);
    expect(r.stderr).toContain('task STSBenchmark');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/row 2/);
    expect(r.stderr).toContain(`model precomputed/vectors`);
    expect(resultFiles(out)).toEqual(['BIOSSES.json', 'model_meta.json']);
  });

  it('a non-numeric gold score', async () => {
    const { mirror, file } = brokenMirror('bad-score', (r) => ({ ...r, score: 'high' }));
    const out = join(tmp, 'out-score');
    const r = await runBoth(mirror, `precomputed:${vectors}`, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/score/);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/row 2/);
    expect(resultFiles(out)).toEqual(['BIOSSES.json', 'model_meta.json']);
  });

  it('a text missing from the precomputed folder', async () => {
    const mirror = join(tmp, 'ok-mirror');
    writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, { test: good });
    writeMirrorRepo(mirror, 'mteb/stsbenchmark-sts', STSB_REV, {
      test: [...good, { sentence1: 'An unseen sentence.', sentence2: 'A man plays the guitar.', score: 1 }],
    });
    const out = join(tmp, 'out-missing-text');
    const r = await runBoth(mirror, `precomputed:${vectors}`, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not in the precomputed embeddings: "An unseen sentence\."/);
    expect(r.stderr).toContain(join(vectors, 'texts.jsonl'));
    expect(r.stderr).toContain('task STSBenchmark');
    expect(resultFiles(out)).toEqual(['BIOSSES.json', 'model_meta.json']);
  });

  it('a NaN in an embedding', async () => {
    const mirror = join(tmp, 'ok-mirror2');
    writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, { test: good.slice(0, 2).concat(good.slice(3)) });
    writeMirrorRepo(mirror, 'mteb/stsbenchmark-sts', STSB_REV, { test: good });
    const texts = [...new Set(allTexts(good))];
    const nanText = 'The cat sleeps on the sofa.';
    const nanVecs = writePrecomputed(join(tmp, 'nan-vectors'), texts, (d, cols) => (d[texts.indexOf(nanText) * cols + 5] = NaN));
    const out = join(tmp, 'out-nan');
    const r = await runBoth(mirror, `precomputed:${nanVecs}`, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STSBenchmark: FAILED: .*embedding of text #2 contains NaN at dimension 5: "The cat sleeps on the sofa\."/);
    expect(r.stderr).toContain('FAILED: STSBenchmark (errors above)');
    expect(r.stderr).toContain('model precomputed/nan-vectors');
    expect(resultFiles(out)).toEqual(['BIOSSES.json', 'model_meta.json']);
  });

  it('a matrix of the wrong dimension', async () => {
    const bad = writePrecomputed(join(tmp, 'bad-shape'), allTexts(good));
    // texts.jsonl gains a line that embeddings.npy has no row for.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(bad, 'texts.jsonl'), '"one more"\n');
    const r = await runCli([
      'run',
      '-m',
      `precomputed:${bad}`,
      '-t',
      'BIOSSES',
      '--hub-mirror',
      join(tmp, 'ok-mirror'),
      '--output-folder',
      join(tmp, 'out-shape'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/embeddings\.npy has 8 rows but texts\.jsonl has 9 lines/);
    expect(r.stderr).toContain(join(bad, 'embeddings.npy'));
  });

  it('an unknown task or model, with the closest names', async () => {
    const t = await runCli(['run', '-m', 'random', '-t', 'STSBenchmrk']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/unknown task "STSBenchmrk"[\s\S]*did you mean STSBenchmark/);
    const m = await runCli(['run', '-m', 'randon', '-t', 'STS12']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/unknown model "randon"[\s\S]*did you mean random/);
  });
});

describe.skipIf(!hasHub)('end to end on the real mirror', () => {
  it('precomputed: on STSBenchmark writes an mteb v2 result file equal to the scipy reference', async () => {
    const REF = JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/mirror-parity.json'), 'utf8')) as Record<
      string,
      Record<string, number>
    >;
    const rows = readFileSync(join(HUB, 'datasets/mteb/stsbenchmark-sts/data/test.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { sentence1: string; sentence2: string });
    const vecs = writePrecomputed(join(tmp, 'stsb-vectors'), allTexts(rows));
    const out = join(tmp, 'out-stsb');
    const r = await runCli(['run', '-m', `precomputed:${vecs}`, '-t', 'STSBenchmark', '--hub-mirror', HUB, '--output-folder', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(out, 'results', 'precomputed__stsb-vectors', 'no_revision_available', 'STSBenchmark.json');
    const res = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(res)).toEqual([
      'dataset_revision',
      'task_name',
      'mteb_version',
      'scores',
      'evaluation_time',
      'kg_co2_emissions',
      'date',
      'evaluation_phases',
      'runner',
    ]);
    expect(res.dataset_revision).toBe(STSB_REV);
    const row = res.scores.test[0];
    expect(row.hf_subset).toBe('default');
    expect(row.languages).toEqual(['eng-Latn']);
    // The parity bound (see test/tasks/types/parity.test.ts for the per-key differences).
    for (const [k, v] of Object.entries(REF.STSBenchmark!)) expect(Math.abs(row[k] - v), k).toBeLessThan(1e-4);
    expect(row.main_score).toBe(row.cosine_spearman);
    expect(existsSync(join(out, 'results', 'precomputed__stsb-vectors', 'no_revision_available', 'model_meta.json'))).toBe(true);
  });
});
