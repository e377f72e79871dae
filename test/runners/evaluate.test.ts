import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../runners/evaluate.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { seenHashEncoder as encoder } from '../helpers/hash-encoder.js';
import { twoSubsetBitextTask } from '../helpers/inline-bitext.js';
import { tempDirs } from '../helpers/temp-dirs.js';

/** A two-subset bitext task whose rows ship inline. */
const task = twoSubsetBitextTask('InlineBitext', 'test/inline-bitext');

const out = tempDirs('mteb-eval-');
const folder = (o: string) => join(o, 'results', 'test__hash', 'v1');

describe('evaluate(): checkpoints, resume and overwrite strategies', () => {
  it('refuses a task marked unsupported with "not yet supported", writes nothing for it and runs the others', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mteb-unsup-'));
    try {
      const bad: TaskMetadata = { ...task, name: 'NotPorted', unsupported: 'load_data of mteb/tasks/x.py not ported' };
      const enc = encoder();
      const report = await evaluate(enc, [bad, task], { outputFolder: out });
      expect(report.failures.map((f) => f.task)).toEqual(['NotPorted']);
      expect(report.failures[0]!.error.message).toMatch(/not yet supported: load_data of mteb\/tasks\/x.py not ported/);
      expect(report.results.map((r) => r.task_name)).toEqual(['InlineBitext']);
      expect(existsSync(join(out, 'results', 'test__hash', 'v1', 'NotPorted.json'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('an interrupted task leaves no result file, only a checkpoint, and the rerun computes only what is missing', async () => {
    const o = out();
    const first = await evaluate(encoder('B '), [task], { outputFolder: o });
    expect(first.failures.map((f) => f.task)).toEqual(['InlineBitext']);
    expect(first.failures[0]!.error.message).toMatch(/simulated crash.*task InlineBitext.*split test.*subset bbb-eng/s);
    expect(existsSync(join(folder(o), 'InlineBitext.json'))).toBe(false);
    const partial = JSON.parse(readFileSync(join(folder(o), '.partial', 'InlineBitext.json'), 'utf8'));
    expect(partial.scores.test.map((r: { hf_subset: string }) => r.hf_subset)).toEqual(['aaa-eng']);

    const enc = encoder();
    const second = await evaluate(enc, [task], { outputFolder: o });
    expect(second.failures).toEqual([]);
    expect(enc.seen.every((t) => !t.startsWith('A '))).toBe(true); // aaa-eng came from the checkpoint
    const final = JSON.parse(readFileSync(join(folder(o), 'InlineBitext.json'), 'utf8'));
    expect(final.scores.test.map((r: { hf_subset: string }) => r.hf_subset)).toEqual(['aaa-eng', 'bbb-eng']);
    expect(final.scores.test[0]).toEqual(partial.scores.test[0]);
    expect(existsSync(join(folder(o), '.partial'))).toBe(false);

    // Same result as an uninterrupted run.
    const clean = await evaluate(encoder(), [task], { outputFolder: out() });
    expect(clean.results[0]!.scores.test!.map((r) => r.main_score)).toEqual(final.scores.test.map((r: { main_score: number }) => r.main_score));
  });

  it('only-missing returns a complete file untouched; always recomputes', async () => {
    const o = out();
    await evaluate(encoder(), [task], { outputFolder: o });
    const before = readFileSync(join(folder(o), 'InlineBitext.json'), 'utf8');
    const enc = encoder();
    const again = await evaluate(enc, [task], { outputFolder: o });
    expect(enc.seen).toEqual([]);
    expect(readFileSync(join(folder(o), 'InlineBitext.json'), 'utf8')).toBe(before);
    expect(again.results[0]!.task_name).toBe('InlineBitext');
    const enc2 = encoder();
    await evaluate(enc2, [task], { outputFolder: o, overwriteStrategy: 'always' });
    expect(enc2.seen.length).toBe(16);
  });

  it('only-missing adds a newly requested subset to an existing file', async () => {
    const o = out();
    await evaluate(encoder(), [{ ...task, subsets: { 'aaa-eng': task.subsets['aaa-eng']! } }], { outputFolder: o });
    const enc = encoder();
    await evaluate(enc, [task], { outputFolder: o });
    expect(enc.seen.every((t) => !t.startsWith('A '))).toBe(true);
    const final = JSON.parse(readFileSync(join(folder(o), 'InlineBitext.json'), 'utf8'));
    expect(final.scores.test.map((r: { hf_subset: string }) => r.hf_subset)).toEqual(['aaa-eng', 'bbb-eng']);
  });

  it('a checkpoint from another dataset revision is not merged', async () => {
    const o = out();
    await evaluate(encoder('B '), [task], { outputFolder: o });
    const enc = encoder();
    await evaluate(enc, [{ ...task, dataset: { ...task.dataset, revision: 'r2' } }], { outputFolder: o });
    expect(enc.seen.some((t) => t.startsWith('A '))).toBe(true);
  });

  it('never refuses partial results; only-cache never runs', async () => {
    const o = out();
    await evaluate(encoder('B '), [task], { outputFolder: o });
    const never = await evaluate(encoder(), [task], { outputFolder: o, overwriteStrategy: 'never' });
    expect(never.failures[0]!.error.message).toMatch(/partial result exists.*"never"/);
    const enc = encoder();
    const cache = await evaluate(enc, [task], { outputFolder: out(), overwriteStrategy: 'only-cache' });
    expect(cache.failures[0]!.error.message).toMatch(/no complete cached result/);
    expect(enc.seen).toEqual([]);
  });

  it('an unreadable result file is recomputed, and files are written atomically (no temp files left)', async () => {
    const o = out();
    await evaluate(encoder(), [task], { outputFolder: o });
    writeFileSync(join(folder(o), 'InlineBitext.json'), '{"truncated": ');
    const enc = encoder();
    const r = await evaluate(enc, [task], { outputFolder: o });
    expect(r.failures).toEqual([]);
    expect(enc.seen.length).toBe(16);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(folder(o)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a model that does not serve the task type', async () => {
    const enc = { ...encoder(), kind: 'retriever' as const };
    const r = await evaluate(enc, [task], { outputFolder: null });
    expect(r.failures[0]!.error.message).toMatch(/does not support BitextMining tasks \(it serves InstructionReranking, Reranking, Retrieval\)/);
  });

  it('records the sklearn release it was given for clustering, without touching process.env', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ sentences: `topic ${i % 4} text ${i}`, labels: `c${i % 4}` }));
    const clusteringTask: TaskMetadata = {
      name: 'InlineClustering',
      type: 'Clustering',
      description: 'test',
      dataset: { path: 'test/inline-clustering', revision: 'r1' },
      evalSplits: ['test'],
      subsets: { default: ['eng-Latn'] },
      mainScore: 'v_measure',
      origin: 'custom',
      params: { max_fraction_of_documents_to_embed: null },
      inline: { default: { test: rows } },
    };
    const envBefore = { ...process.env };
    const old = await evaluate(encoder(), [clusteringTask], { outputFolder: null, sklearnVersion: '1.2.1', raiseError: true });
    const now = await evaluate(encoder(), [clusteringTask], { outputFolder: null, raiseError: true });
    expect(process.env).toEqual(envBefore);
    expect(old.results[0]!.runner?.sklearn_version).toBe('1.2.1');
    expect(now.results[0]!.runner?.sklearn_version).toBe('1.9.1');
    // bitext mining does not depend on sklearn: nothing recorded
    const bitext = await evaluate(encoder(), [task], { outputFolder: null, sklearnVersion: '1.2.1' });
    expect(bitext.results[0]!.runner?.sklearn_version).toBeUndefined();
  });

  it('rejects a malformed sklearn release before running anything', async () => {
    await expect(evaluate(encoder(), [task], { outputFolder: null, sklearnVersion: 'latest' })).rejects.toThrow(
      /not a scikit-learn version: "latest"/,
    );
  });
});
