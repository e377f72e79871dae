import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('mteb-ts list', () => {
  it('lists a benchmark with its task count as mteb counts it (an aggregate is one task)', async () => {
    const v2 = await runCli(['list', 'tasks', '-b', 'MTEB(eng, v2)', '--json']);
    expect(v2.code).toBe(0);
    const t2 = JSON.parse(v2.stdout) as { name: string }[];
    expect(t2.length).toBe(41);
    const v1 = JSON.parse((await runCli(['list', 'tasks', '-b', 'MTEB(eng, v1)', '--json'])).stdout) as {
      name: string;
      aggregate_of?: string[];
      eval_splits?: string[];
    }[];
    expect(v1.length).toBe(56);
    expect(v1.find((t) => t.name === 'CQADupstackRetrieval')?.aggregate_of?.length).toBe(12);
    expect(v1.find((t) => t.name === 'MSMARCO')?.eval_splits).toEqual(['dev']);
  });

  it('takes several benchmarks; the JSON names dataset, splits and kept subsets, and flags unsupported tasks', async () => {
    const r = await runCli(['list', 'tasks', '-b', 'MTEB(Law, v1)', '-b', 'LongEmbed', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      name: string;
      type: string;
      dataset: { path: string; revision: string };
      eval_splits: string[];
      eval_langs: Record<string, string[]>;
      main_score: string;
      not_supported?: string;
    }[];
    expect(rows).toHaveLength(8 + 6);
    const ps = rows.find((t) => t.name === 'LEMBPasskeyRetrieval')!;
    expect(ps.dataset.path).toBe('mteb/LEMBPasskeyRetrieval');
    expect(ps.dataset.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(ps.main_score).toBe('ndcg_at_1');
    expect(Object.keys(ps.eval_langs)).toEqual(['default']);
    const eu = JSON.parse((await runCli(['list', 'tasks', '-b', 'MTEB(Europe, v1)', '--json'])).stdout) as {
      name: string;
      eval_langs: Record<string, string[]>;
    }[];
    // MTEB(Europe, v1) keeps only subsets whose languages are all European (exclusive_language_filter).
    expect(Object.keys(eu.find((t) => t.name === 'STS17')!.eval_langs)).not.toContain('ko-ko');
    expect(Object.keys(eu.find((t) => t.name === 'STS17')!.eval_langs)).toContain('en-de');
    const mm = JSON.parse((await runCli(['list', 'tasks', '-b', 'MMTEB', '--json'])).stdout) as {
      name: string;
      type: string;
      not_supported?: string;
    }[];
    expect(mm).toHaveLength(131);
    expect(mm.find((t) => t.name === 'CEDRClassification')?.type).toBe('MultilabelClassification');
  });

  it('filters tasks by type, language and name', async () => {
    const sts = JSON.parse((await runCli(['list', 'tasks', '--task-types', 'STS', '-l', 'eng', '--json'])).stdout) as {
      name: string;
      type: string;
    }[];
    expect(sts.length).toBeGreaterThan(5);
    expect(sts.every((t) => t.type === 'STS')).toBe(true);
    // Superseded tasks are hidden unless asked for, as in mteb.
    expect(sts.some((t) => t.name === 'STSBenchmark')).toBe(false);
    const all = JSON.parse((await runCli(['list', 'tasks', '--task-types', 'STS', '--include-superseded', '--json'])).stdout) as { name: string }[];
    expect(all.some((t) => t.name === 'STSBenchmark')).toBe(true);
    const tat = JSON.parse((await runCli(['list', 'tasks', '--name', 'tatoeba', '-l', 'deu', '--json'])).stdout) as {
      name: string;
      eval_langs: Record<string, string[]>;
    }[];
    expect(tat.map((t) => t.name)).toEqual(['Tatoeba']);
    expect(Object.keys(tat[0]!.eval_langs)).toEqual(['deu-eng']);
  });

  it('lists benchmarks and models, and rejects unknown things with a hint', async () => {
    const b = await runCli(['list', 'benchmarks']);
    expect(b.stdout).toMatch(/MTEB\(eng, v2\)\s+41/);
    const m = await runCli(['list', 'models']);
    expect(m.stdout).toMatch(/precomputed:/);
    // The README's claim: the known models with their Xenova ONNX mirrors.
    expect(m.stdout).toMatch(/sentence-transformers\/all-MiniLM-L6-v2 .*Xenova\/all-MiniLM-L6-v2/);
    expect(m.stdout).toMatch(/BAAI\/bge-small-en-v1\.5 .*Xenova\/bge-small-en-v1\.5/);
    const bad = await runCli(['list', 'widgets']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot list "widgets"/);
    const tb = await runCli(['list', 'tasks', '-b', 'MTEB(eng,v2)']);
    expect(tb.code).toBe(2);
    expect(tb.stderr).toMatch(/did you mean MTEB\(eng, v2\)/);
  });
});
