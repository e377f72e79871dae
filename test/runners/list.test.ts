import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('mteb-ts list', () => {
  it('lists a benchmark with its task count as mteb counts it (an aggregate is one task)', async () => {
    const v2 = await runCli(['list', 'tasks', '-b', 'MTEB(eng, v2)', '--json']);
    expect(v2.code).toBe(0);
    const t2 = JSON.parse(v2.stdout) as { name: string }[];
    expect(t2.length).toBe(41);
    const v1 = JSON.parse((await runCli(['list', 'tasks', '-b', 'MTEB(eng, v1)', '--json'])).stdout) as { name: string; aggregate_of?: string[]; eval_splits?: string[] }[];
    expect(v1.length).toBe(56);
    expect(v1.find((t) => t.name === 'CQADupstackRetrieval')?.aggregate_of?.length).toBe(12);
    expect(v1.find((t) => t.name === 'MSMARCO')?.eval_splits).toEqual(['dev']);
  });

  it('filters tasks by type, language and name', async () => {
    const sts = JSON.parse((await runCli(['list', 'tasks', '--task-types', 'STS', '-l', 'eng', '--json'])).stdout) as { name: string; type: string }[];
    expect(sts.length).toBeGreaterThan(5);
    expect(sts.every((t) => t.type === 'STS')).toBe(true);
    // Superseded tasks are hidden unless asked for, as in mteb.
    expect(sts.some((t) => t.name === 'STSBenchmark')).toBe(false);
    const all = JSON.parse((await runCli(['list', 'tasks', '--task-types', 'STS', '--include-superseded', '--json'])).stdout) as { name: string }[];
    expect(all.some((t) => t.name === 'STSBenchmark')).toBe(true);
    const tat = JSON.parse((await runCli(['list', 'tasks', '--name', 'tatoeba', '-l', 'deu', '--json'])).stdout) as { name: string; eval_langs: Record<string, string[]> }[];
    expect(tat.map((t) => t.name)).toEqual(['Tatoeba']);
    expect(Object.keys(tat[0]!.eval_langs)).toEqual(['deu-eng']);
  });

  it('lists benchmarks and models, and rejects unknown things with a hint', async () => {
    const b = await runCli(['list', 'benchmarks']);
    expect(b.stdout).toMatch(/MTEB\(eng, v2\)\s+41/);
    const m = await runCli(['list', 'models']);
    expect(m.stdout).toMatch(/precomputed:/);
    const bad = await runCli(['list', 'widgets']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot list "widgets"/);
    const tb = await runCli(['list', 'tasks', '-b', 'MTEB(eng,v2)']);
    expect(tb.code).toBe(2);
    expect(tb.stderr).toMatch(/did you mean MTEB\(eng, v2\)/);
  });
});
