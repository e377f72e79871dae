import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairedBootstrap, percentile } from '../../results/bootstrap.js';
import { savePredictions } from '../../results/predictions.js';
import { run as diff } from '../../runners/commands/diff.js';
import { captureIo as capture } from '../helpers/cli.js';
import { RESULTS_SAMPLES, SHARED_HUB } from '../helpers/shared.js';
import { DIFF_REFERENCE } from './fixtures/diff-reference.js';
import { engV1Lookup } from './fixtures/eng-v1.js';

const SAMPLES = RESULTS_SAMPLES;
const HAVE = existsSync(SAMPLES);
if (!HAVE) console.warn(`skipping diff tests on real results: ${SAMPLES} not found`);
const GLOVE = path.join(SAMPLES, 'sentence-transformers__average_word_embeddings_glove.6B.300d');
const KOMNINOS = path.join(SAMPLES, 'sentence-transformers__average_word_embeddings_komninos');

describe('bootstrap', () => {
  it('percentile matches numpy linear interpolation', () => {
    // numpy.percentile([1,2,3,4], [2.5, 50, 97.5]) -> [1.075, 2.5, 3.925]
    expect(percentile([1, 2, 3, 4], 2.5)).toBeCloseTo(1.075, 15);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 97.5)).toBeCloseTo(3.925, 15);
  });
  it('is reproducible with a seed and matches numpy RandomState resampling', () => {
    // /usr/bin/python3: rs=np.random.RandomState(7); m=[np.array([0.1,-0.2,0.3,0.05])[rs.randint(0,4,4)].mean() for _ in range(5)]
    //   -> m = [0.0625, 0.05, 0.0625, 0.125, 0.1875]; np.percentile(m,[2.5,97.5]) = [0.051250000000000004, 0.18125]
    const a = pairedBootstrap([0.1, -0.2, 0.3, 0.05], { seed: 7, samples: 5 })!;
    const b = pairedBootstrap([0.1, -0.2, 0.3, 0.05], { seed: 7, samples: 5 })!;
    expect(a).toEqual(b);
    expect(a.ci[0]).toBe(0.051250000000000004);
    expect(a.ci[1]).toBe(0.18125);
    expect(pairedBootstrap([])).toBeUndefined();
  });
});

describe.skipIf(!HAVE)('diff GloVe -> komninos (real files)', () => {
  it('per-task deltas, aggregate and bootstrap interval equal the independent python/numpy computation', async () => {
    const cap = capture();
    const code = await diff({ base: GLOVE, new: KOMNINOS, format: 'json', lookup: engV1Lookup, seed: 42, bootstrapSamples: 1000 }, cap.io);
    expect(code).toBe(0);
    const rep = JSON.parse(cap.out.join('\n'));
    const ref = DIFF_REFERENCE;
    const byTask = new Map<string, { base: number | null; new: number | null; delta: number | null; status: string }>(
      rep.tasks.map((t: { task: string }) => [t.task, t]),
    );
    expect([...byTask.keys()].sort()).toEqual(Object.keys(ref.tasks).sort());
    for (const [task, v] of Object.entries(ref.tasks)) {
      const got = byTask.get(task)!;
      if (v === null) {
        expect(got.status, task).toBe('unscored');
        continue;
      }
      expect(got.status, task).toBe('both');
      expect(got.base, task).toBeCloseTo(v.base, 14);
      expect(got.new, task).toBeCloseTo(v.new, 14);
      expect(got.delta, task).toBeCloseTo(v.delta, 14);
    }
    expect(rep.aggregate.tasks).toBe(ref.n);
    expect(rep.aggregate.base).toBeCloseTo(ref.base_mean, 14);
    expect(rep.aggregate.new).toBeCloseTo(ref.new_mean, 14);
    expect(rep.aggregate.bootstrap.ci[0]).toBeCloseTo(ref.ci[0], 14);
    expect(rep.aggregate.bootstrap.ci[1]).toBeCloseTo(ref.ci[1], 14);
    expect(rep.aggregate.bootstrap.p).toBe(ref.p);
    expect([...rep.regressions].sort()).toEqual([...ref['regressions_0.5']].sort());
    expect(rep.added).toEqual(ref.added);
    expect(rep.missing).toEqual(ref.missing);
    // per-metric deltas: STS12 cosine_spearman read from raw test.cos_sim.spearman of both files
    const sts = rep.tasks.find((t: { task: string }) => t.task === 'STS12');
    const m = sts.metrics.find((x: { metric: string }) => x.metric === 'cosine_spearman');
    expect(m.base).toBe(0.5463983809943868);
    expect(m.delta).toBeCloseTo(m.new - m.base, 15);
    // same seed -> identical interval; different seed -> different one
    const again = capture();
    await diff({ base: GLOVE, new: KOMNINOS, format: 'json', lookup: engV1Lookup, seed: 42 }, again.io);
    expect(JSON.parse(again.out.join('\n')).aggregate.bootstrap).toEqual(rep.aggregate.bootstrap);
    const other = capture();
    await diff({ base: GLOVE, new: KOMNINOS, format: 'json', lookup: engV1Lookup, seed: 1 }, other.io);
    expect(JSON.parse(other.out.join('\n')).aggregate.bootstrap.ci).not.toEqual(rep.aggregate.bootstrap.ci);
  });

  it('exit codes: 1 with --fail-on-regression, 0 without or with a lenient threshold, 2 on bad input', async () => {
    expect(await diff({ base: GLOVE, new: KOMNINOS, failOnRegression: true, lookup: engV1Lookup }, capture().io)).toBe(1);
    expect(await diff({ base: GLOVE, new: KOMNINOS, lookup: engV1Lookup }, capture().io)).toBe(0);
    // the largest drop (AmazonCounterfactualClassification, 56.91 -> 24.58 = -32.33 points) is within a 50-point threshold
    expect(await diff({ base: GLOVE, new: KOMNINOS, failOnRegression: true, threshold: 50, lookup: engV1Lookup }, capture().io)).toBe(0);
    // reversed direction: komninos -> glove regresses on other tasks
    expect(await diff({ base: KOMNINOS, new: GLOVE, failOnRegression: true, lookup: engV1Lookup }, capture().io)).toBe(1);
    const bad = capture();
    expect(await diff({ base: GLOVE, new: '/nonexistent', lookup: engV1Lookup }, bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/does not exist/);
    expect(await diff({ base: GLOVE, new: KOMNINOS, format: 'xml' as never }, capture().io)).toBe(2);
    expect(await diff({ base: GLOVE, new: KOMNINOS, threshold: -1 }, capture().io)).toBe(2);
    const two = capture();
    expect(await diff({ base: SAMPLES, new: KOMNINOS, lookup: engV1Lookup }, two.io)).toBe(2);
    expect(two.err.join('\n')).toMatch(/holds results of \d+ models/);
  });

  it('--format github appends markdown to $GITHUB_STEP_SUMMARY; single files work', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-'));
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '# existing\n');
    const cap = capture();
    const reportFile = path.join(dir, 'diff.html');
    const code = await diff(
      { base: GLOVE, new: KOMNINOS, format: 'github', lookup: engV1Lookup, env: { GITHUB_STEP_SUMMARY: summary }, report: reportFile },
      cap.io,
    );
    expect(code).toBe(0);
    const html = readFileSync(reportFile, 'utf8');
    expect(html).toContain('<canvas id="delta"');
    expect(html).toContain(
      'average_word_embeddings_komninos@no_revision_available − sentence-transformers/average_word_embeddings_glove.6B.300d@no_revision_available',
    );
    expect(html).not.toMatch(/(src|href)=["']https?:/i);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# existing\n')).toBe(true);
    expect(md).toContain('### mteb-ts diff:');
    expect(md).toMatch(/❌ Regression beyond 0.5 points: .*AmazonCounterfactualClassification/);
    expect(md).toMatch(/\| STS12 \| STS \| 54\.64 \|/);
    const file = capture();
    expect(
      await diff(
        {
          base: path.join(GLOVE, 'no_revision_available/STS12.json'),
          new: path.join(KOMNINOS, 'no_revision_available/STS12.json'),
          lookup: engV1Lookup,
        },
        file.io,
      ),
    ).toBe(0);
    expect(file.out.join('\n')).toMatch(/STS12/);
  });
});

describe('diff on hand-written files: added/missing, revision and version flags, per-query bootstrap', () => {
  const mk = (root: string, model: string, files: Record<string, unknown>) => {
    const dir = path.join(root, model, 'rev1');
    mkdirSync(dir, { recursive: true });
    for (const [n, v] of Object.entries(files)) writeFileSync(path.join(dir, `${n}.json`), JSON.stringify(v));
    return path.join(root, model);
  };
  const v2 = (task: string, main: number, rev = 'd1', ver = '2.3.0', extra: Record<string, number> = {}) => ({
    dataset_revision: rev,
    task_name: task,
    mteb_version: ver,
    scores: { test: [{ main_score: main, ndcg_at_10: main, ...extra, hf_subset: 'default', languages: ['eng-Latn'], mteb_version: ver }] },
    evaluation_time: 1,
    kg_co2_emissions: null,
    date: null,
    evaluation_phases: null,
  });
  it('flags mismatches and reports added/missing tasks and a truncated file', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-hand-'));
    const a = mk(root, 'org__a', { SciFact: v2('SciFact', 0.6), NFCorpus: v2('NFCorpus', 0.3), Old: v2('Old', 0.1) });
    const b = mk(root, 'org__b', { SciFact: v2('SciFact', 0.65, 'd2', '2.4.0'), NFCorpus: v2('NFCorpus', 0.3), New: v2('New', 0.2) });
    writeFileSync(path.join(b, 'rev1', 'Broken.json'), '{"task_name": "Broken", "scores": {"te');
    const cap = capture();
    expect(await diff({ base: a, new: b, format: 'json', lookup: () => undefined }, cap.io)).toBe(0);
    const rep = JSON.parse(cap.out.join('\n'));
    expect(rep.added).toEqual(['New']);
    expect(rep.missing).toEqual(['Old']);
    const sf = rep.tasks.find((t: { task: string }) => t.task === 'SciFact');
    expect(sf.delta).toBeCloseTo(0.05, 15);
    expect(sf.improvement).toBe(true);
    expect(sf.flags).toEqual(['dataset revision differs: d1 vs d2', 'mteb version differs: 2.3.0 vs 2.4.0']);
    expect(cap.err.join('\n')).toMatch(/invalid result JSON.*Broken\.json/s);
    const table = capture();
    await diff({ base: a, new: b, lookup: () => undefined }, table.io);
    expect(table.out.join('\n')).toMatch(/Added tasks: New/);
    expect(table.out.join('\n')).toMatch(/Missing tasks \(in base, not in new\): Old/);
  });
  it('per-query paired bootstrap from saved per-query values and from runs + qrels', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-pq-'));
    const a = mk(root, 'org__a', { SciFact: v2('SciFact', 0.5) });
    const b = mk(root, 'org__b', { SciFact: v2('SciFact', 0.6) });
    const qa = { q1: 0.2, q2: 0.5, q3: 0.8 };
    const qb = { q1: 0.4, q2: 0.5, q3: 0.9 };
    savePredictions(path.join(a, 'rev1', 'predictions'), {
      task: 'SciFact',
      model: 'org/a',
      split: 'test',
      subset: 'default',
      predictions: {},
      perQuery: { metric: 'ndcg_at_10', values: qa },
    });
    savePredictions(path.join(b, 'rev1', 'predictions'), {
      task: 'SciFact',
      model: 'org/b',
      split: 'test',
      subset: 'default',
      predictions: {},
      perQuery: { metric: 'ndcg_at_10', values: qb },
    });
    const cap = capture();
    await diff(
      {
        base: a,
        new: b,
        format: 'json',
        seed: 3,
        bootstrapSamples: 200,
        lookup: () => ({
          name: 'SciFact',
          type: 'Retrieval',
          description: '',
          dataset: { path: '', revision: '' },
          evalSplits: ['test'],
          subsets: { default: [] },
          mainScore: 'ndcg_at_10',
        }),
      },
      cap.io,
    );
    const pq = JSON.parse(cap.out.join('\n')).tasks[0].perQuery;
    expect(pq.queries).toBe(3);
    expect(pq.mean).toBeCloseTo((0.2 + 0 + 0.1) / 3, 15);
    expect(pq).toMatchObject(pairedBootstrap([0.2 / 1, 0, 0.09999999999999998], { seed: 3, samples: 200 })!);

    // runs + qrels: q1 relevant doc d1 ranked 2nd by base (ndcg@10 = 1/log2(3)), 1st by new (1.0)
    const c = mk(root, 'org__c', { SciFact: v2('SciFact', 0.5) });
    const d = mk(root, 'org__d', { SciFact: v2('SciFact', 0.6) });
    savePredictions(path.join(c, 'rev1', 'predictions'), {
      task: 'SciFact',
      model: 'org/c',
      split: 'test',
      subset: 'default',
      predictions: { q1: { d0: 0.9, d1: 0.8 } },
    });
    savePredictions(path.join(d, 'rev1', 'predictions'), {
      task: 'SciFact',
      model: 'org/d',
      split: 'test',
      subset: 'default',
      predictions: { q1: { d0: 0.7, d1: 0.8 } },
    });
    const qrels = new Map([['q1', new Map([['d1', 1]])]]);
    const cap2 = capture();
    await diff({ base: c, new: d, format: 'json', lookup: () => undefined, qrels: () => qrels }, cap2.io);
    const pq2 = JSON.parse(cap2.out.join('\n')).tasks[0].perQuery;
    expect(pq2.queries).toBe(1);
    expect(pq2.mean).toBeCloseTo(1 - 1 / Math.log2(3), 15);
  });
});

const HUB = SHARED_HUB;
const HAVE_SCIFACT = existsSync(path.join(HUB, 'datasets/mteb/scifact/qrels/test.jsonl.gz'));
if (!HAVE_SCIFACT) console.warn(`skipping per-query bootstrap from the SciFact mirror: ${HUB} not found`);

describe.skipIf(!HAVE_SCIFACT)('per-query bootstrap with qrels loaded from the dataset mirror (SciFact)', () => {
  it('computes per-query nDCG@10 from saved runs: a relevant doc moved from rank 2 to rank 1', async () => {
    const { gunzipSync } = await import('node:zlib');
    const { registryLookup } = await import('../../results/read.js');
    const meta = registryLookup('SciFact');
    if (!meta) return void console.warn('SciFact not in the catalog yet; skipping');
    // 20 test queries with exactly one relevant doc, read straight from the mirror's qrels file
    const lines = gunzipSync(readFileSync(path.join(HUB, 'datasets/mteb/scifact/qrels/test.jsonl.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    const rel = new Map<string, string[]>();
    for (const l of lines) {
      const r = JSON.parse(l) as { 'query-id': string; 'corpus-id': string; score: number };
      if (r.score >= 1) rel.set(String(r['query-id']), [...(rel.get(String(r['query-id'])) ?? []), String(r['corpus-id'])]);
    }
    const qs = [...rel.entries()].filter(([, d]) => d.length === 1).slice(0, 20);
    expect(qs).toHaveLength(20);
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-diff-qrels-'));
    const side = (model: string, first: 'rel' | 'other') => {
      const dir = path.join(root, model, 'rev1');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, 'SciFact.json'),
        JSON.stringify({
          dataset_revision: meta.dataset.revision,
          task_name: 'SciFact',
          mteb_version: '2.3.0',
          scores: { test: [{ main_score: first === 'rel' ? 0.6 : 0.5, hf_subset: 'default', languages: ['eng-Latn'] }] },
          evaluation_time: 1,
          kg_co2_emissions: null,
        }),
      );
      const run = Object.fromEntries(
        qs.map(([q, [d]]) => [q, first === 'rel' ? { [d!]: 0.9, 'not-a-judged-doc': 0.8 } : { 'not-a-judged-doc': 0.9, [d!]: 0.8 }]),
      );
      savePredictions(path.join(dir, 'predictions'), { task: 'SciFact', model, split: 'test', subset: 'default', predictions: run });
      return path.join(root, model);
    };
    const base = side('org__base', 'other');
    const next = side('org__new', 'rel');
    const cap = capture();
    const code = await diff({ base, new: next, format: 'json', qrelsFromData: true, hubMirror: HUB, seed: 42, bootstrapSamples: 200 }, cap.io);
    expect(code).toBe(0);
    const pq = JSON.parse(cap.out.join('\n')).tasks[0].perQuery;
    expect(pq.metric).toBe('ndcg_at_10');
    expect(pq.queries).toBe(20);
    // textbook nDCG@10 with one relevant doc: rank 1 -> 1, rank 2 -> 1/log2(3); every query gains the same
    expect(pq.mean).toBeCloseTo(1 - 1 / Math.log2(3), 12);
    expect(pq.ci[0]).toBeCloseTo(1 - 1 / Math.log2(3), 12);
    expect(pq.ci[1]).toBeCloseTo(1 - 1 / Math.log2(3), 12);
    expect(pq.p).toBe(0);
  });
});

describe.skipIf(!HAVE)('diff with a benchmark (-b MTEB(eng, v1))', () => {
  it('aggregate line over benchmark-level tasks equals the python/numpy reference', async () => {
    const { ENG_V1_SPEC } = await import('./fixtures/eng-v1.js');
    const cap = capture();
    expect(await diff({ base: GLOVE, new: KOMNINOS, format: 'json', lookup: engV1Lookup, benchmarkSpec: ENG_V1_SPEC }, cap.io)).toBe(0);
    const rep = JSON.parse(cap.out.join('\n'));
    const ref = DIFF_REFERENCE.benchmark;
    expect(rep.aggregate.over).toBe('benchmark');
    expect(rep.aggregate.tasks).toBe(ref.n);
    expect(rep.aggregate.base).toBeCloseTo(ref.base_mean, 13);
    expect(rep.aggregate.new).toBeCloseTo(ref.new_mean, 13);
    expect(rep.aggregate.bootstrap.ci[0]).toBeCloseTo(ref.ci[0], 13);
    expect(rep.aggregate.bootstrap.ci[1]).toBeCloseTo(ref.ci[1], 13);
    expect(rep.aggregate.bootstrap.p).toBe(ref.p);
    expect(rep.aggregate.benchmark).toEqual({ name: 'MTEB(eng, v1)', base: null, new: null }); // reranking missing -> no Mean (Task)
    // per-task rows cover the benchmark's tasks (CQADupstack members listed individually), not BUCC etc.
    expect(rep.tasks.some((t: { task: string }) => t.task === 'CQADupstackGamingRetrieval')).toBe(true);
    expect(rep.tasks.some((t: { task: string }) => t.task === 'BUCC')).toBe(false);
    const table = capture();
    await diff({ base: GLOVE, new: KOMNINOS, lookup: engV1Lookup, benchmarkSpec: ENG_V1_SPEC }, table.io);
    expect(table.out.join('\n')).toMatch(/MTEB\(eng, v1\) Mean \(Task\): n\/a \(missing tasks\)/);
  });
});
