import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LanguageInput, perLanguageTable } from '../../results/per-language.js';
import { getBenchmark } from '../../tasks/registry.js';

/** scripts/reference/per_language_reference.py: mteb's per-language table step by step in plain Python. */
const REF = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'per-language-reference.json'), 'utf8')) as {
  rows: { model: string; task: string; split: string; subset: string; languages: string[]; main: number | null }[];
  views: Record<string, string[] | 'all'>;
  expected: Record<string, { languages: string[]; rows: { model: string; scores: Record<string, number | null> }[] }>;
};

describe('per-language table (mteb _create_per_language_table_from_benchmark_results)', () => {
  const byModel = new Map<string, LanguageInput>();
  for (const r of REF.rows) {
    const m = byModel.get(r.model) ?? { model: r.model, revision: 'r', perTask: {} };
    const t = (m.perTask[r.task] ??= { rows: [] }) as { rows: { main: number | null; languages: string[] }[] };
    t.rows.push({ main: r.main, languages: r.languages });
    byModel.set(r.model, m);
  }
  const tasks = [...new Set(REF.rows.map((r) => r.task))];
  for (const [name, view] of Object.entries(REF.views)) {
    it(`view ${name}: languages, scores and order equal the Python reference`, () => {
      const got = perLanguageTable([...byModel.values()], tasks, view);
      const want = REF.expected[name]!;
      expect(got.languages).toEqual(want.languages);
      expect(got.rows.map((r) => r.model)).toEqual(want.rows.map((r) => r.model));
      for (const [i, row] of want.rows.entries()) {
        for (const l of want.languages) {
          const w = row.scores[l] ?? null;
          const g = got.rows[i]!.scores[l] ?? null;
          if (w === null) expect(g, `${row.model} ${l}`).toBeNull();
          else expect(g, `${row.model} ${l}`).toBeCloseTo(w, 12);
        }
      }
    });
  }

  it('the language views of mteb 2.20 benchmarks (benchmarks.py language_view)', () => {
    expect(getBenchmark('MTEB(Multilingual, v2)').languageView).toHaveLength(20);
    expect(getBenchmark('MTEB(Europe, v1)').languageView).toBe('all');
    expect(getBenchmark('MTEB(Scandinavian, v1)').languageView).toEqual(['dan-Latn', 'swe-Latn', 'nno-Latn', 'nob-Latn']);
    expect(getBenchmark('MTEB(eng, v2)').languageView).toBeUndefined();
  });
});
