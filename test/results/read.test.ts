import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectResults } from '../../results/collect.js';
import { parseLenientJson, stringifyPythonJson } from '../../results/json-lenient.js';
import { parseResultText, ResultFileError, readModelMeta, readResultFile } from '../../results/read.js';
import { compareVersions } from '../../results/version.js';
import { RESULTS_SAMPLES } from '../helpers/shared.js';
import { engV1Lookup } from './fixtures/eng-v1.js';

const SAMPLES = RESULTS_SAMPLES;
const HAVE = existsSync(SAMPLES);
if (!HAVE) console.warn(`skipping results-samples tests: ${SAMPLES} not found`);
const GLOVE = path.join(SAMPLES, 'sentence-transformers__average_word_embeddings_glove.6B.300d/no_revision_available');
const MINILM = path.join(SAMPLES, 'sentence-transformers__all-MiniLM-L6-v2/8b3219a92973c328a8e22fadcfa821b5dc75636a');

describe('parseLenientJson', () => {
  it('parses NaN / Infinity / -Infinity literals without touching strings', () => {
    const v = parseLenientJson('{"a": NaN, "b": [Infinity, -Infinity, 1], "s": "NaN Infinity \\" NaN", "n": -1.5e-3}') as Record<string, unknown>;
    expect(Number.isNaN(v.a)).toBe(true);
    expect(v.b).toEqual([Infinity, -Infinity, 1]);
    expect(v.s).toBe('NaN Infinity " NaN');
    expect(v.n).toBe(-0.0015);
  });
  it('rejects truncated JSON with a position', () => {
    expect(() => parseLenientJson('{"a": NaN, "b": [1, 2')).toThrow(/JSON/);
  });
  it('round-trips with the Python-style writer', () => {
    const obj = { a: Number.NaN, b: [Infinity, -Infinity], c: 'x' };
    const text = stringifyPythonJson(obj);
    expect(text).toContain('"a": NaN');
    expect(text).toContain('-Infinity');
    const back = parseLenientJson(text) as typeof obj;
    expect(Number.isNaN(back.a)).toBe(true);
    expect(back.b).toEqual([Infinity, -Infinity]);
  });
});

describe('compareVersions', () => {
  it('orders mteb versions like packaging.Version', () => {
    expect(compareVersions('1.0.3.dev0', '1.0.3')).toBeLessThan(0);
    expect(compareVersions('1.0.3.dev0', '1.11.0')).toBeLessThan(0);
    expect(compareVersions('1.12.41', '1.12.48')).toBeLessThan(0);
    expect(compareVersions('2.1.17', '1.39.1')).toBeGreaterThan(0);
    expect(compareVersions('0.0.2', '0.0.2')).toBe(0);
  });
});

describe('historic formats (hand-written files)', () => {
  it('pre-1.11: split keys, cos_sim nesting, no main_score -> filled from metadata', () => {
    const r = parseResultText(
      JSON.stringify({
        test: { cos_sim: { pearson: 0.7, spearman: 0.6 }, euclidean: { pearson: 0.5, spearman: 0.4 }, evaluation_time: 1.5 },
        mteb_version: '0.0.2',
        mteb_dataset_name: 'STS12',
        dataset_revision: 'abc',
      }),
      'x.json',
      { lookup: engV1Lookup },
    );
    expect(r.format).toBe('pre-1.11');
    expect(r.evaluation_time).toBe(1.5);
    expect(r.scores.test).toHaveLength(1);
    const row = r.scores.test![0]!;
    expect(row).toMatchObject({
      hf_subset: 'default',
      cosine_pearson: 0.7,
      cosine_spearman: 0.6,
      euclidean_spearman: 0.4,
      main_score: 0.6,
      mteb_version: '0.0.2',
    });
  });
  it('pre-1.11 with subsets and a missing main-score key (left null, as mteb does)', () => {
    const r = parseResultText(
      JSON.stringify({
        test: { en: { accuracy: 0.5 }, de: { accuracy: 0.25 }, evaluation_time: 3 },
        mteb_dataset_name: 'AmazonCounterfactualClassification',
      }),
      '',
      { lookup: engV1Lookup },
    );
    expect(r.scores.test!.map((x) => [x.hf_subset, x.main_score])).toEqual([
      ['en', 0.5],
      ['de', 0.25],
    ]);
    const rr = parseResultText(JSON.stringify({ test: { map: 0.5, mrr: 0.6 }, mteb_dataset_name: 'SciDocsRR', mteb_version: '0.0.2' }), '', {
      lookup: engV1Lookup,
    });
    expect(rr.scores.test![0]!.main_score).toBeNull();
    expect(rr.notes.join(' ')).toMatch(/map_at_1000 not found/);
  });
  it('1.12.x: STS [statistic, pvalue] arrays and nested pair-classification dicts are normalized', () => {
    const r = parseResultText(
      JSON.stringify({
        dataset_revision: 'r',
        task_name: 'SprintDuplicateQuestions',
        mteb_version: '1.12.41',
        scores: {
          test: [
            { cos_sim: { ap: 0.8, f1: 0.7 }, max: { ap: 0.9 }, pearson: [0.5, 1e-9], hf_subset: 'default', languages: ['eng-Latn'], main_score: 0.9 },
          ],
        },
        evaluation_time: 1,
        kg_co2_emissions: null,
      }),
      '',
      { lookup: engV1Lookup },
    );
    expect(r.format).toBe('v1');
    expect(r.scores.test![0]).toMatchObject({ cosine_ap: 0.8, cosine_f1: 0.7, max_ap: 0.9, pearson: 0.5, main_score: 0.9 });
  });
  it('v2: per-row mteb_version kept, top-level one back-filled', () => {
    const r = parseResultText(
      JSON.stringify({
        dataset_revision: 'r',
        task_name: 'STS12',
        mteb_version: '2.12.40',
        scores: {
          test: [{ main_score: 0.5, hf_subset: 'default', languages: [], mteb_version: '2.12.39' }],
          dev: [{ main_score: 0.4, hf_subset: 'default', languages: [] }],
        },
        evaluation_time: 1,
        kg_co2_emissions: null,
        date: 1,
        evaluation_phases: null,
      }),
    );
    expect(r.format).toBe('v2');
    expect(r.scores.test![0]!.mteb_version).toBe('2.12.39');
    expect(r.scores.dev![0]!.mteb_version).toBe('2.12.40');
  });
  it('bad input: truncated JSON, unknown task without main_score', () => {
    expect(() => parseResultText('{"task_name": "STS12", "scores": {"test": [', 'cut.json')).toThrow(ResultFileError);
    expect(() => parseResultText('{"task_name": "STS12", "scores": {"test": [', 'cut.json')).toThrow(/cut\.json/);
    expect(() =>
      parseResultText(JSON.stringify({ test: { accuracy: 1 }, mteb_dataset_name: 'NoSuchTask' }), 'u.json', { lookup: () => undefined }),
    ).toThrow(/no main_score and its task is unknown.*NoSuchTask.*u\.json/s);
    // an unknown task that carries main_score is still readable
    const ok = parseResultText(
      JSON.stringify({
        task_name: 'NoSuchTask',
        mteb_version: '1.20.0',
        scores: { test: [{ main_score: 0.1, hf_subset: 'default', languages: [] }] },
      }),
      '',
      { lookup: () => undefined },
    );
    expect(ok.scores.test![0]!.main_score).toBe(0.1);
  });
});

describe.skipIf(!HAVE)('real files in ../shared/results-samples', () => {
  // Expected values read independently with python from the raw JSON, e.g.
  //   python3 -c "import json; j=json.load(open(g+'STS12.json')); print(j['test']['cos_sim']['spearman'])"
  it('pre-1.11 GloVe files', () => {
    const sts = readResultFile(path.join(GLOVE, 'STS12.json'), { lookup: engV1Lookup });
    expect(sts.format).toBe('pre-1.11');
    expect(sts.task_name).toBe('STS12');
    expect(sts.scores.test![0]!.main_score).toBe(0.5463983809943868); // raw test.cos_sim.spearman
    expect(sts.scores.test![0]!.euclidean_pearson).toBe(0.6100593336586577); // raw test.euclidean.pearson
    expect(sts.evaluation_time).toBe(1.88);
    const sprint = readResultFile(path.join(GLOVE, 'SprintDuplicateQuestions.json'), { lookup: engV1Lookup });
    expect(sprint.scores.test![0]!.main_score).toBe(0.8696278773063988); // raw test.max.ap
    expect(sprint.scores.test![0]!.cosine_f1_threshold).toBe(0.8210363388061523); // raw test.cos_sim.f1_threshold
    const acf = readResultFile(path.join(GLOVE, 'AmazonCounterfactualClassification.json'), { lookup: engV1Lookup });
    expect(acf.scores.test!.map((r) => [r.hf_subset, r.main_score])).toEqual([['en', 0.5691044776119403]]); // raw test.en.accuracy
    const ask = readResultFile(path.join(GLOVE, 'AskUbuntuDupQuestions.json'), { lookup: engV1Lookup });
    expect(ask.scores.test![0]!.main_score).toBeNull(); // raw has only map 0.4957211733829243 / mrr, no map_at_1000
    expect(ask.scores.test![0]!.map).toBe(0.4957211733829243);
  });
  it('1.x files: [stat, p] arrays, nested pair classification, NaN, 1.0.3.dev0 files', () => {
    const sts22 = readResultFile(path.join(MINILM, 'STS22.json'), { lookup: engV1Lookup });
    const en = sts22.scores.test!.find((r) => r.hf_subset === 'en')!;
    expect(en.pearson).toBe(0.6765862104730025); // raw pearson == [0.6765862104730025, 1.014963618511513e-27]
    expect(en.spearman).toBe(0.6771118263513062);
    expect(en.main_score).toBe(0.6771118263513062);
    const afqmc = readResultFile(path.join(MINILM, 'AFQMC.json'), { lookup: () => undefined });
    expect(Number.isNaN(afqmc.scores.test![0]!.main_score)).toBe(true); // raw "main_score": NaN
    const legal = readResultFile(path.join(MINILM, 'LegalBenchPC.json'), { lookup: () => undefined });
    expect(legal.mteb_version).toBe('1.12.41');
    expect(legal.scores.test![0]).toMatchObject({ cosine_ap: 0.7415812346797708, max_ap: 0.7415812346797708, main_score: 0.66845703125 });
    const dk = readResultFile(path.join(SAMPLES, 'sentence-transformers__all-MiniLM-L6-v2/no_revision_available/DKHateClassification.json'), {
      lookup: () => undefined,
    });
    expect(dk.format).toBe('pre-1.11');
    expect(dk.scores.test![0]!.main_score).toBe(0.5504559270516718);
    expect(dk.evaluation_time).toBe(8.1);
  });
  it('v2 files with per-row mteb_version and null-version imports', () => {
    const q = readResultFile(path.join(MINILM, 'QASPER.json'), { lookup: () => undefined });
    expect(q.format).toBe('v2');
    expect(q.scores.test![0]!.mteb_version).toBe('2.3.0');
    expect(q.scores.test![0]!.main_score).toBe(0.42091);
    const use = readResultFile(path.join(SAMPLES, 'vprelovac__universal-sentence-encoder-4/external/STS12.json'), { lookup: engV1Lookup });
    expect(use.mteb_version).toBeNull();
    expect(use.scores.test![0]!.main_score).toBe(0.6705792005966953);
    expect(use.scores.test![0]!.cosine_spearman).toBe(0.6705792005966953);
  });
  it('model_meta.json incl. an Infinity literal', () => {
    const m = readModelMeta(path.join(SAMPLES, 'minishlab__M2V_base_glove/38ebd7f10f71e67fa8db898290f92b82e9cfff2b/model_meta.json'));
    expect(m.name).toBe('minishlab/M2V_base_glove');
    expect(m.revision).toBe('38ebd7f10f71e67fa8db898290f92b82e9cfff2b');
    expect(m.max_tokens).toBe(Infinity);
    expect(m.n_parameters).toBe(102000000);
  });
  it('every file: counts and main-score sums equal an independent python digest', () => {
    // Values printed by `python3 scripts/reference/results_samples_digest.py` (plain json module; see the script).
    const expected: Record<string, { files: number; failed: number; rows: number; nan: number; null: number; sum: number }> = {
      'minishlab__M2V_base_glove/38ebd7f10f71e67fa8db898290f92b82e9cfff2b': {
        failed: 0,
        files: 255,
        nan: 0,
        null: 0,
        rows: 6421,
        sum: 510.55477199999916,
      },
      'minishlab__M2V_base_glove/external': { failed: 0, files: 61, nan: 0, null: 0, rows: 72, sum: 26.590561040691004 },
      'sentence-transformers__all-MiniLM-L6-v2/8b3219a92973c328a8e22fadcfa821b5dc75636a': {
        failed: 0,
        files: 759,
        nan: 1,
        null: 0,
        rows: 7993,
        sum: 79902.10723627736,
      },
      'sentence-transformers__all-MiniLM-L6-v2/no_revision_available': { failed: 0, files: 6, nan: 0, null: 0, rows: 7, sum: 3.1959928856599165 },
      'sentence-transformers__average_word_embeddings_glove.6B.300d/no_revision_available': {
        failed: 1,
        files: 68,
        nan: 0,
        null: 4,
        rows: 69,
        sum: 23.414956763221713,
      },
      'sentence-transformers__average_word_embeddings_komninos/no_revision_available': {
        failed: 6,
        files: 68,
        nan: 0,
        null: 7,
        rows: 103,
        sum: 31.361248061119895,
      },
      'vprelovac__universal-sentence-encoder-4/external': { failed: 0, files: 37, nan: 0, null: 0, rows: 37, sum: 21.45472115114112 },
    };
    const c = collectResults([SAMPLES], { lookup: engV1Lookup });
    const got: Record<string, { files: number; failed: number; rows: number; nan: number; null: number; sum: number }> = {};
    for (const run of c.runs) {
      const key = path.relative(SAMPLES, run.dir);
      const d = (got[key] ??= { files: 0, failed: 0, rows: 0, nan: 0, null: 0, sum: 0 });
      for (const res of [...run.results.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
        d.files++;
        for (const rows of Object.values(res.scores)) {
          for (const r of rows) {
            d.rows++;
            if (r.main_score === null) d.null++;
            else if (Number.isNaN(r.main_score)) d.nan++;
            else d.sum += r.main_score;
          }
        }
      }
    }
    for (const i of c.issues.filter((x) => x.level === 'error')) {
      const key = path.relative(SAMPLES, path.dirname(i.file));
      (got[key] ??= { files: 0, failed: 0, rows: 0, nan: 0, null: 0, sum: 0 }).failed++;
      expect(i.message).toMatch(/no main_score and its task is unknown/);
      expect(i.message).toContain(i.file);
    }
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) {
      const g = got[k]!;
      expect({ ...g, sum: 0 }, k).toEqual({ ...e, sum: 0 });
      expect(g.sum, k).toBeCloseTo(e.sum, 6);
    }
    // every JSON file (but model_meta.json) was either read or reported
    let total = 0;
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f.endsWith('.json') && f !== 'model_meta.json') total++;
      }
    };
    walk(SAMPLES);
    expect(Object.values(got).reduce((a, g) => a + g.files + g.failed, 0)).toBe(total);
  });
});

describe('files written by mteb-ts itself (results/write.ts)', () => {
  it('round-trips: NaN written as null reads back as a missing main score, other values exact', async () => {
    const { serializeResult } = await import('../../results/write.js');
    const text = serializeResult({
      dataset_revision: 'rev',
      task_name: 'Unlisted',
      mteb_version: '2.20.0',
      scores: {
        test: [
          { main_score: Number.NaN, ap: Number.NaN, accuracy: 0.1234567891, hf_subset: 'default', languages: ['eng-Latn'], mteb_version: '2.20.0' },
        ],
      },
      evaluation_time: 1,
      kg_co2_emissions: null,
      date: null,
      evaluation_phases: null,
    });
    const r = parseResultText(text, 'mine.json', { lookup: () => undefined });
    expect(r.format).toBe('v2');
    expect(r.scores.test![0]!.main_score).toBeNull();
    expect(r.scores.test![0]!.accuracy).toBe(0.123457); // rounded to 6 decimals on write, as mteb does
  });
});

describe('renamed and removed tasks', () => {
  it('maps mteb renamed_tasks and fills main scores of removed Scala* tasks from their dummy metadata', () => {
    const r = parseResultText(
      JSON.stringify({ test: { accuracy: 0.42 }, mteb_dataset_name: 'ScalaDaClassification', mteb_version: '1.0.3.dev0' }),
      '',
      { lookup: () => undefined },
    );
    expect(r.scores.test![0]!.main_score).toBe(0.42);
    expect(r.scores.test![0]!.languages).toEqual(['dan-Latn']);
    const n = parseResultText(
      JSON.stringify({
        task_name: 'NorwegianParliament',
        mteb_version: '1.12.0',
        scores: { test: [{ main_score: 0.5, hf_subset: 'default', languages: [] }] },
      }),
      '',
      { lookup: () => undefined },
    );
    expect(n.task_name).toBe('NorwegianParliamentClassification');
  });
});
