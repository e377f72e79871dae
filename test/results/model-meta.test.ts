import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelMeta } from '../../core/encoder.js';
import { collectResults } from '../../results/collect.js';
import { mtebModelMeta } from '../../results/model-meta.js';
import type { TaskResult } from '../../results/schema.js';
import { writeResult } from '../../results/write.js';
import { legacyResultFolder, ResultStore, resultFolder } from '../../runners/result-store.js';

// The schema pydantic writes for mteb 2.20's ModelMeta (scripts/reference/model_meta_schema.py).
const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'model-meta.schema.json'), 'utf8'));
const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validate = ajv.compile(SCHEMA);
const errorsOf = (v: unknown) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const tmp = mkdtempSync(join(tmpdir(), 'model-meta-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const METAS: [string, ModelMeta][] = [
  [
    'a transformers.js model with prompts and pooling',
    {
      name: 'intfloat/e5-small-v2',
      revision: 'abc',
      embedDim: 384,
      similarity: 'cosine',
      framework: ['transformers.js', 'ONNX'],
      prompts: { query: 'query: ' },
      extra: { pooling: 'mean', dtype: 'fp32', instructions_used: {} },
    },
  ],
  [
    'the lexical baseline (a framework mteb does not know)',
    { name: 'mteb-ts/lexical', revision: '1', embedDim: 4096, similarity: 'cosine', framework: ['mteb-ts'] },
  ],
  [
    'an API model with no revision',
    { name: 'openai/text-embedding-3-small', similarity: 'cosine', framework: ['API'], extra: { api_base: 'https://api.example.invalid/v1' } },
  ],
  [
    'a cross-encoder',
    {
      name: 'cross-encoder/ms-marco-MiniLM-L-6-v2',
      revision: 'r',
      framework: ['transformers.js', 'ONNX'],
      extra: { kind: 'cross-encoder', max_length: 512 },
    },
  ],
  [
    'registry metadata under mteb names',
    {
      name: 'a/b',
      revision: 'r',
      embedDim: 256,
      similarity: 'dot',
      framework: ['NumPy', 'safetensors'],
      extra: {
        n_parameters: 102000000,
        max_tokens: Number.POSITIVE_INFINITY,
        license: 'mit',
        open_weights: true,
        release_date: '2024-09-21',
        languages: ['eng-Latn'],
        reference: 'https://huggingface.co/a/b',
      },
    },
  ],
];

describe("model_meta.json validates as mteb's ModelMeta", () => {
  it('the schema is strict: every required field, no extra keys', () => {
    expect(SCHEMA.additionalProperties).toBe(false);
    const { modelMeta } = mtebModelMeta(METAS[0]![1], { name: 'mteb-ts', version: '0' });
    expect(errorsOf(modelMeta)).toEqual([]);
    expect(errorsOf({ ...modelMeta, runner: { name: 'mteb-ts' } })).toEqual([' must NOT have additional properties']);
    const { n_parameters: _, ...missing } = modelMeta;
    expect(errorsOf(missing)).toEqual([" must have required property 'n_parameters'"]);
    expect(errorsOf({ ...modelMeta, framework: ['transformers.js'] }).length).toBeGreaterThan(0);
  });

  for (const [what, meta] of METAS) {
    it(`${what}: written by ResultStore, valid, extras kept in .mteb-ts/model_meta.json`, () => {
      const out = join(tmp, what.replace(/\W+/g, '-'));
      const store = new ResultStore(out, meta.name, meta.revision);
      store.writeModelMeta(meta);
      const written = JSON.parse(readFileSync(join(store.folder, 'model_meta.json'), 'utf8'));
      expect(errorsOf(written)).toEqual([]);
      expect(written.name).toBe(meta.name);
      expect(written.revision).toBe(meta.revision ?? null);
      expect(written.embed_dim).toBe(meta.embedDim ?? null);
      const extras = JSON.parse(readFileSync(join(store.folder, '.mteb-ts', 'model_meta.json'), 'utf8'));
      expect(extras.runner.name).toBe('mteb-ts');
      expect(extras.framework).toEqual(meta.framework);
      // Nothing we record is lost: each extra is in one of the two files.
      for (const [k, v] of Object.entries(meta.extra ?? {})) {
        if (k in written) expect(written[k]).toEqual(v === Number.POSITIVE_INFINITY ? null : v);
        else expect(extras[k]).toEqual(v);
      }
      // The extras file is not a result file for our readers either.
      expect(collectResults([out]).issues).toEqual([]);
    });
  }

  it('unknown is null, as mteb writes it; known kinds map to model_type', () => {
    const { modelMeta } = mtebModelMeta(METAS[3]![1], { name: 'mteb-ts', version: '0' });
    expect(modelMeta).toMatchObject({
      n_parameters: null,
      license: null,
      open_weights: null,
      model_type: ['cross-encoder'],
      is_cross_encoder: true,
      loader: null,
      framework: ['ONNX'],
    });
    expect(mtebModelMeta(METAS[0]![1], { name: 'x', version: '0' }).modelMeta.use_instructions).toBe(true);
    expect(mtebModelMeta(METAS[4]![1], { name: 'x', version: '0' }).modelMeta).toMatchObject({
      n_parameters: 102000000,
      max_tokens: null,
      license: 'mit',
    });
  });
});

describe("the result layout mteb's ResultCache reads", () => {
  it('writes <output>/results/<model>/<revision>/, reads the older <output>/<model>/<revision>/ as cached results', () => {
    expect(resultFolder('/o', 'org/name', 'rev')).toBe('/o/results/org__name/rev');
    expect(legacyResultFolder('/o', 'org/name', undefined)).toBe('/o/org__name/no_revision_available');
    const out = join(tmp, 'legacy');
    const r: TaskResult = {
      dataset_revision: 'x',
      task_name: 'STS12',
      mteb_version: '2.20.0',
      scores: { test: [{ main_score: 0.5, hf_subset: 'default', languages: ['eng-Latn'] }] },
      evaluation_time: 1,
      kg_co2_emissions: null,
      date: null,
      evaluation_phases: null,
    };
    writeResult(join(legacyResultFolder(out, 'org/m', 'r'), 'STS12.json'), r);
    const store = new ResultStore(out, 'org/m', 'r');
    expect(store.folder).toBe(join(out, 'results', 'org__m', 'r'));
    // An earlier run's file in the old layout counts as cached (only-missing does not recompute it) ...
    expect(store.readFinal('STS12')).toEqual(r);
    // ... and readers find both layouts.
    store.writeFinal({ ...r, task_name: 'STS13' });
    expect(existsSync(join(store.folder, 'STS13.json'))).toBe(true);
    expect(collectResults([out]).runs.map((x) => [x.model, x.revision, [...x.results.keys()].sort()])).toEqual([['org/m', 'r', ['STS12', 'STS13']]]);
    expect(readdirSync(out).sort()).toEqual(['org__m', 'results']);
  });
});
