import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Two hand-written models on two tasks of MTEB(eng, v2), with model_meta.json declaring size, weights and training data. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-lb-filters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function model(name: string, meta: Record<string, unknown>, scores: Record<string, number>): void {
  const d = path.join(dir, name.replace('/', '__'), 'r1');
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'model_meta.json'), JSON.stringify({ name, revision: 'r1', ...meta }));
  for (const [task, s] of Object.entries(scores)) {
    const row = { main_score: s, cosine_spearman: s, hf_subset: 'default', languages: ['eng-Latn'] };
    writeFileSync(
      path.join(d, `${task}.json`),
      JSON.stringify({ dataset_revision: 'x', task_name: task, mteb_version: '2.20.0', scores: { test: [row] }, evaluation_time: 1 }),
    );
  }
}
model(
  'me/trained',
  { n_parameters: 100_000_000, open_weights: true, training_datasets: ['STS12'], embed_dim: 768, max_tokens: 512 },
  { STS12: 0.8, STS13: 0.7 },
);
model('me/fresh', { n_parameters: 2_000_000_000, open_weights: false, training_datasets: [] }, { STS12: 0.6, STS13: 0.75 });
model('me/unknown', {}, { STS12: 0.5, STS13: 0.5 });

const lb = async (...extra: string[]) => {
  const r = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'json', ...extra]);
  return {
    ...r,
    rows: r.code === 0 ? (JSON.parse(r.stdout) as { rows: { model: string; zero_shot: number | null; rank_borda: number }[] }).rows : [],
  };
};

describe('leaderboard model columns and filters (CLI)', () => {
  it('zero-shot % over the task columns present (2 of 41 tasks ran): trained on 1 of 2 -> 50, none -> 100, unknown -> null', async () => {
    const r = await lb();
    expect(r.code).toBe(0);
    expect(Object.fromEntries(r.rows.map((x) => [x.model, x.zero_shot]))).toEqual({ 'me/trained': 50, 'me/fresh': 100, 'me/unknown': null });
  });

  it('means run over the task columns present, as mteb pivots them: 39 tasks nobody ran leave them alone', async () => {
    const r = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'json']);
    const rows = (JSON.parse(r.stdout) as { rows: { model: string; mean_task: number; mean_task_type: number; per_type: Record<string, number> }[] })
      .rows;
    const trained = rows.find((x) => x.model === 'me/trained')!;
    expect(trained.mean_task).toBeCloseTo(0.75, 12); // (0.8 + 0.7) / 2
    expect(trained.per_type).toEqual({ STS: trained.mean_task }); // no column for types without a present task
    expect(trained.mean_task_type).toBe(trained.mean_task);
  });

  it('--zero-shot, --max-params, --open-weights keep the models mteb keeps, ranked among themselves', async () => {
    expect((await lb('--zero-shot', 'remove_unknown')).rows.map((x) => x.model).sort()).toEqual(['me/fresh', 'me/trained']);
    const only = await lb('--zero-shot', 'only_zero_shot', '-v');
    expect(only.rows.map((x) => [x.model, x.rank_borda])).toEqual([['me/fresh', 1]]);
    expect(only.stderr).toMatch(
      /2 model\(s\) left out by the filters:\n {2}me\/trained: trained on some of the benchmark tasks\n {2}me\/unknown: training data unknown/,
    );
    expect((await lb('--max-params', '500M')).rows.map((x) => x.model)).toEqual(['me/trained']);
    expect((await lb('--max-params', '2B')).rows.map((x) => x.model).sort()).toEqual(['me/fresh', 'me/trained']);
    expect((await lb('--open-weights')).rows.map((x) => x.model)).toEqual(['me/trained']);
  });

  it('bad values exit 2 with a message; a filter that keeps nobody exits 2', async () => {
    const bad = await lb('--max-params', 'huge');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-params must be a parameter count/);
    const choice = await lb('--zero-shot', 'sometimes');
    expect(choice.code).toBe(2);
    const none = await lb('--open-weights', '--max-params', '1M');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no model passes the filters/);
  });

  it('--highlight preselects a model in the html report; an unknown model exits 2', async () => {
    const r = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'html', '--highlight', 'me/unknown']);
    expect(r.code).toBe(0);
    const data = JSON.parse(/const DATA = (.*);\n/.exec(r.stdout)![1]!) as { highlight: number; models: { full: string }[] };
    expect(data.models[data.highlight]!.full).toBe('me/unknown@r1');
    expect(r.stdout).toMatch(/<tr data-model="\d+" class="highlight"><td class="rank" data-value="\d+">\d+<\/td><td data-value="me\/unknown"/);
    const bad = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'html', '--highlight', 'me/nobody']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--highlight me\/nobody is not among the models/);
  });

  it('table and markdown show the model columns someone has a value for', async () => {
    const r = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'markdown']);
    expect(r.stdout).toMatch(
      /\| Rank \(Borda\) \| Model \| Revision \| Zero-shot \| Total Parameters \(B\) \| Embedding Dimensions \| Max Tokens \| Open Weights \| Mean \(Task\)/,
    );
    expect(r.stdout).toMatch(/\| me\/trained \| r1 \| 50% \| 0\.100 \| 768 \| 512 \| yes \|/);
    const t = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir]);
    expect(t.stdout).toMatch(/Rank +Model +Zero-shot +Params \(B\) +Dim +Max Tokens/);
  });
});

describe('per-language table of a benchmark with a language view (CLI)', () => {
  const d2 = mkdtempSync(path.join(os.tmpdir(), 'mteb-lb-lang-'));
  afterAll(() => rmSync(d2, { recursive: true, force: true }));
  const write = (model: string, task: string, rows: { subset: string; langs: string[]; s: number }[]) => {
    const d = path.join(d2, model.replace('/', '__'), 'r1');
    mkdirSync(d, { recursive: true });
    const scores = { test: rows.map((r) => ({ main_score: r.s, accuracy: r.s, hf_subset: r.subset, languages: r.langs })) };
    writeFileSync(
      path.join(d, `${task}.json`),
      JSON.stringify({ dataset_revision: 'x', task_name: task, mteb_version: '2.20.0', scores, evaluation_time: 1 }),
    );
  };
  for (const [m, k] of [
    ['me/one', 0],
    ['me/two', 0.1],
  ] as const) {
    write(m, 'ScalaClassification', [
      { subset: 'Danish', langs: ['dan-Latn'], s: 0.5 + k },
      { subset: 'Norwegian_b', langs: ['nob-Latn'], s: 0.6 },
      { subset: 'Norwegian_n', langs: ['nno-Latn'], s: 0.7 - k },
      { subset: 'Swedish', langs: ['swe-Latn'], s: 0.8 },
    ]);
    // one row listing six languages (isl, fao are outside the view and dropped)
    write(m, 'NordicLangClassification', [
      { subset: 'default', langs: ['nob-Latn', 'nno-Latn', 'dan-Latn', 'swe-Latn', 'isl-Latn', 'fao-Latn'], s: 0.9 },
    ]);
  }

  it('means per view language over every row listing it; Borda order; json, markdown and table carry it', async () => {
    const r = await runCli(['leaderboard', '-b', 'MTEB(Scandinavian, v1)', '--results', d2, '--format', 'json']);
    expect(r.code).toBe(0);
    const pl = (JSON.parse(r.stdout) as { per_language: { languages: string[]; rows: { model: string; scores: Record<string, number> }[] } })
      .per_language;
    expect(pl.languages).toEqual(['dan-Latn', 'swe-Latn', 'nno-Latn', 'nob-Latn']);
    // by hand: me/two dan (0.6+0.9)/2 = 0.75, swe 0.85, nno (0.6+0.9)/2 = 0.75, nob 0.75; me/one dan 0.7, swe 0.85, nno 0.8, nob 0.75
    // Borda (2 models): dan two 1 pt; swe tie 0.5 each; nno one 1; nob tie 0.5 each -> 2 : 2, min rank 1 each, by name
    expect(pl.rows.map((x) => x.model)).toEqual(['me/one', 'me/two']);
    const two = pl.rows[1]!.scores;
    expect(two['dan-Latn']).toBeCloseTo(0.75, 12);
    expect(two['swe-Latn']).toBeCloseTo(0.85, 12);
    expect(two['nno-Latn']).toBeCloseTo(0.75, 12);
    expect(pl.rows[0]!.scores['nno-Latn']).toBeCloseTo(0.8, 12);
    const md = await runCli(['leaderboard', '-b', 'MTEB(Scandinavian, v1)', '--results', d2, '--format', 'markdown']);
    expect(md.stdout).toMatch(
      /#### Per language\n\n\| Language \| one@r1 \| two@r1 \|\n\| --- \| ---: \| ---: \|\n\| dan-Latn \| 70\.00 \| 75\.00 \|/,
    );
    const t = await runCli(['leaderboard', '-b', 'MTEB(Scandinavian, v1)', '--results', d2]);
    expect(t.stdout).toMatch(/Per language[^\n]*\nLanguage +one@r1 +two@r1/);
    // a benchmark without a language view has no per-language table
    const eng = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'json']);
    expect(JSON.parse(eng.stdout).per_language).toBeUndefined();
  });
});
