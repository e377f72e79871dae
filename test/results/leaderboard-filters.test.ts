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
    writeFileSync(path.join(d, `${task}.json`), JSON.stringify({ dataset_revision: 'x', task_name: task, mteb_version: '2.20.0', scores: { test: [row] }, evaluation_time: 1 }));
  }
}
model('me/trained', { n_parameters: 100_000_000, open_weights: true, training_datasets: ['STS12'], embed_dim: 768, max_tokens: 512 }, { STS12: 0.8, STS13: 0.7 });
model('me/fresh', { n_parameters: 2_000_000_000, open_weights: false, training_datasets: [] }, { STS12: 0.6, STS13: 0.75 });
model('me/unknown', {}, { STS12: 0.5, STS13: 0.5 });

const lb = async (...extra: string[]) => {
  const r = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'json', ...extra]);
  return { ...r, rows: r.code === 0 ? (JSON.parse(r.stdout) as { rows: { model: string; zero_shot: number | null; rank_borda: number }[] }).rows : [] };
};

describe('leaderboard model columns and filters (CLI)', () => {
  it('zero-shot % over the task columns present (2 of 41 tasks ran): trained on 1 of 2 -> 50, none -> 100, unknown -> null', async () => {
    const r = await lb();
    expect(r.code).toBe(0);
    expect(Object.fromEntries(r.rows.map((x) => [x.model, x.zero_shot]))).toEqual({ 'me/trained': 50, 'me/fresh': 100, 'me/unknown': null });
  });

  it('--zero-shot, --max-params, --open-weights keep the models mteb keeps, ranked among themselves', async () => {
    expect((await lb('--zero-shot', 'remove_unknown')).rows.map((x) => x.model).sort()).toEqual(['me/fresh', 'me/trained']);
    const only = await lb('--zero-shot', 'only_zero_shot', '-v');
    expect(only.rows.map((x) => [x.model, x.rank_borda])).toEqual([['me/fresh', 1]]);
    expect(only.stderr).toMatch(/2 model\(s\) left out by the filters:\n {2}me\/trained: trained on some of the benchmark tasks\n {2}me\/unknown: training data unknown/);
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

  it('table and markdown show the model columns someone has a value for', async () => {
    const r = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir, '--format', 'markdown']);
    expect(r.stdout).toMatch(/\| Rank \(Borda\) \| Model \| Revision \| Zero-shot \| Total Parameters \(B\) \| Embedding Dimensions \| Max Tokens \| Open Weights \| Mean \(Task\)/);
    expect(r.stdout).toMatch(/\| me\/trained \| r1 \| 50% \| 0\.100 \| 768 \| 512 \| yes \|/);
    const t = await runCli(['leaderboard', '-b', 'MTEB(eng, v2)', '--results', dir]);
    expect(t.stdout).toMatch(/Rank +Model +Zero-shot +Params \(B\) +Dim +Max Tokens/);
  });
});
