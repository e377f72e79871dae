import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { listProviders, modelIdHelp } from '../../../models/registry.js';
import { DIFF_FORMATS, LEADERBOARD_FORMATS } from '../../../results/format.js';
import { addOptions, type CliOptions } from '../../../runners/cli-options.js';
import { COMMANDS } from '../../../runners/commands/index.js';
import { run as leaderboard } from '../../../runners/commands/leaderboard.js';
import { runCli } from '../../helpers/cli.js';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), stderrIsTTY: false }, out, err };
};

/** Parses argv with one option table, as runners/cli.ts wires it. */
function parse(specs: Parameters<typeof addOptions>[1], argv: string[]): Record<string, unknown> {
  const cmd = addOptions(new Command('x').exitOverride(), specs);
  let out: Record<string, unknown> = {};
  cmd.action((o: Record<string, unknown>) => void (out = o));
  cmd.parse(argv, { from: 'user' });
  return out;
}

describe('the typed option table', () => {
  interface Example {
    hfSubsets?: string[];
    batchSize: number;
    cache?: boolean;
    normalize?: boolean;
    mode: 'a' | 'b';
    name?: string;
  }
  const table: CliOptions<Example> = {
    hfSubsets: { argument: '<s...>', description: 'subsets', parse: (v, prev) => [...(prev ?? []), ...v.split(',')] },
    batchSize: { argument: '<n>', description: 'n', default: 32, parse: Number },
    cache: { description: 'no cache', negate: 'only' },
    normalize: { description: 'normalize', negate: 'also', negatedDescription: 'do not normalize' },
    mode: { argument: '<m>', description: 'mode', default: 'a', choices: ['a', 'b'] },
    name: { short: '-n', argument: '<text>', description: 'name' },
  };

  it('derives flags from the keys (kebab-case), with defaults, negations, choices and parsers', () => {
    expect(parse(table, [])).toEqual({ batchSize: 32, cache: true, mode: 'a' });
    expect(
      parse(table, ['--hf-subsets', 'x,y', '--hf-subsets', 'z', '--batch-size', '8', '--no-cache', '--no-normalize', '--mode', 'b', '-n', 'q']),
    ).toEqual({
      hfSubsets: ['x', 'y', 'z'],
      batchSize: 8,
      cache: false,
      normalize: false,
      mode: 'b',
      name: 'q',
    });
    expect(parse(table, ['--normalize']).normalize).toBe(true);
    expect(() => parse(table, ['--mode', 'c'])).toThrow(/Allowed choices are a, b/);
  });

  it('rejects rows that do not fit the options interface (checked by `npm run typecheck`)', () => {
    const rows: CliOptions<{ n: number; flag?: boolean; kind?: 'x' | 'y' }>[] = [
      // @ts-expect-error a number needs a parser
      { n: { argument: '<n>', description: '', default: 1 }, flag: { description: '' }, kind: { argument: '<k>', description: '', choices: ['x'] } },
      {
        // @ts-expect-error a required option needs a default
        n: { argument: '<n>', description: '', parse: Number },
        flag: { description: '' },
        kind: { argument: '<k>', description: '', choices: ['x'] },
      },
      // @ts-expect-error a literal union needs its choices
      { n: { argument: '<n>', description: '', default: 1, parse: Number }, flag: { description: '' }, kind: { argument: '<k>', description: '' } },
      {
        n: { argument: '<n>', description: '', default: 1, parse: Number },
        // @ts-expect-error a boolean takes no argument
        flag: { argument: '<f>', description: '' },
        kind: { argument: '<k>', description: '', choices: ['x'] },
      },
      // @ts-expect-error every option of the interface has a row
      { n: { argument: '<n>', description: '', default: 1, parse: Number }, flag: { description: '' } },
    ];
    expect(rows).toHaveLength(5);
  });
});

describe('the command table', () => {
  it('every command has -v/--verbose and lists its table in --help; formats and model ids come from their registries', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const h = await runCli([name, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('-v, --verbose');
    }
    const run = (await runCli(['run', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(run).toContain(`model id: ${modelIdHelp()}`);
    expect(modelIdHelp()).toMatch(/^hf:<repo>, owner\/name, openai:<model>, http:<url>, use, /);
    for (const p of listProviders()) expect(modelIdHelp()).toContain(p.id);
    const lb = (await runCli(['leaderboard', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(lb).toContain(`choices: ${LEADERBOARD_FORMATS.map((f) => `"${f}"`).join(', ')}`);
    expect(LEADERBOARD_FORMATS).toEqual(['table', 'markdown', 'csv', 'json', 'html']);
    const diff = (await runCli(['diff', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(diff).toContain(`choices: ${DIFF_FORMATS.map((f) => `"${f}"`).join(', ')}`);
    expect(DIFF_FORMATS).toEqual(['table', 'markdown', 'json', 'github']);
  });

  it('usage errors exit 2: unknown option, bad choice, bad number', async () => {
    expect((await runCli(['run', '--bogus'])).code).toBe(2);
    expect((await runCli(['leaderboard', '--format', 'xml'])).code).toBe(2);
    const bad = await runCli(['run', '-m', 'random', '-t', 'STS12', '--batch-size', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--batch-size must be a positive integer, got "0"/);
  });
});

describe('leaderboard/diff through the CLI', () => {
  it('diff: flags reach the command and drive the exit code', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-cli-diff-'));
    const side = (m: string, v: number) => {
      const d = path.join(root, m, 'r');
      mkdirSync(d, { recursive: true });
      writeFileSync(
        path.join(d, 'MyTask.json'),
        JSON.stringify({
          dataset_revision: 'x',
          task_name: 'MyTask',
          mteb_version: '2.0.0',
          scores: { test: [{ main_score: v, hf_subset: 'default', languages: [] }] },
        }),
      );
      return path.join(root, m);
    };
    const a = side('o__a', 0.5);
    const b = side('o__b', 0.49);
    const r = await runCli(['diff', a, b, '--threshold', '0.5', '--fail-on-regression', '--format', 'json', '--seed', '7']);
    expect(r.code).toBe(1); // -1.00 point drop > 0.5
    const report = JSON.parse(r.stdout);
    expect(report.aggregate.bootstrap.seed).toBe(7);
    expect(report.aggregate.bootstrap.samples).toBe(1000); // the default
    expect(report.threshold).toBe(0.5);
    expect((await runCli(['diff', a, b, '--threshold', '2', '--fail-on-regression'])).code).toBe(0);
    const neg = await runCli(['diff', a, b, '--threshold', '-1']);
    expect(neg.code).toBe(2);
    expect(neg.stderr).toMatch(/non-negative/);
    expect((await runCli(['diff', a, b, '--format', 'xml'])).code).toBe(2);
  });

  it('leaderboard: results that cannot be read are a usage error, with or without -b', async () => {
    const r = await runCli(['leaderboard', '--results', 'a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no readable result files under a/);
    const c = io();
    expect(await leaderboard({ benchmark: '', results: ['a'] }, c.io)).toBe(2);
  });
});
