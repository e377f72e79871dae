import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { run as diff } from '../../../runners/commands/diff.js';
import { run as leaderboard } from '../../../runners/commands/leaderboard.js';
import { DIFF_OPTIONS, diffArgs, LEADERBOARD_OPTIONS, leaderboardArgs, type ResultsOptSpec } from '../../../runners/commands/results-options.js';

/** Same wiring as runners/cli.ts addOptions. */
function parse(specs: ResultsOptSpec[], argv: string[], args: string[] = []): { o: Record<string, unknown>; positional: string[] } {
  const cmd = new Command('x').exitOverride();
  for (const a of args) cmd.argument(a);
  for (const s of specs) {
    const o = new Option(s.flags, s.description);
    if (s.choices) o.choices(s.choices);
    if (s.parse) o.argParser(s.parse as (v: string, p: unknown) => unknown);
    if (s.default !== undefined) o.default(s.default);
    cmd.addOption(o);
  }
  let out: { o: Record<string, unknown>; positional: string[] } = { o: {}, positional: [] };
  cmd.action((...xs: unknown[]) => {
    out = { positional: xs.slice(0, args.length) as string[], o: xs[args.length] as Record<string, unknown> };
  });
  cmd.parse(argv, { from: 'user' });
  return out;
}

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), stderrIsTTY: false }, out, err };
};

describe('leaderboard/diff option tables', () => {
  it('diff: flags parse into DiffArgs and drive the exit code', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-cli-diff-'));
    const side = (m: string, v: number) => {
      const d = path.join(root, m, 'r');
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'MyTask.json'), JSON.stringify({ dataset_revision: 'x', task_name: 'MyTask', mteb_version: '2.0.0', scores: { test: [{ main_score: v, hf_subset: 'default', languages: [] }] } }));
      return path.join(root, m);
    };
    const a = side('o__a', 0.5);
    const b = side('o__b', 0.49);
    const p = parse(DIFF_OPTIONS, [a, b, '--threshold', '0.5', '--fail-on-regression', '--format', 'json', '--seed', '7'], ['<base>', '<new>']);
    const args = diffArgs(p.positional[0]!, p.positional[1]!, p.o);
    expect(args).toMatchObject({ base: a, new: b, threshold: 0.5, failOnRegression: true, format: 'json', seed: 7, bootstrapSamples: 1000 });
    const c = io();
    expect(await diff(args, c.io)).toBe(1); // -1.00 point drop > 0.5
    expect(JSON.parse(c.out.join('\n')).aggregate.bootstrap.seed).toBe(7);
    const lenient = parse(DIFF_OPTIONS, [a, b, '--threshold', '2', '--fail-on-regression'], ['<base>', '<new>']);
    expect(await diff(diffArgs(lenient.positional[0]!, lenient.positional[1]!, lenient.o), io().io)).toBe(0);
    expect(() => parse(DIFF_OPTIONS, [a, b, '--threshold', '-1'], ['<base>', '<new>'])).toThrow(/non-negative/);
    expect(() => parse(DIFF_OPTIONS, [a, b, '--format', 'xml'], ['<base>', '<new>'])).toThrow();
  });
  it('leaderboard: flags parse into LeaderboardArgs; a missing benchmark is a usage error', async () => {
    const p = parse(LEADERBOARD_OPTIONS, ['-b', 'MTEB(eng, v2)', '--results', 'a', 'b', '--format', 'csv', '-o', 'x.csv']);
    expect(leaderboardArgs(p.o)).toMatchObject({ benchmark: 'MTEB(eng, v2)', results: ['a', 'b'], format: 'csv', output: 'x.csv', revisions: false });
    const c = io();
    expect(await leaderboard(leaderboardArgs(parse(LEADERBOARD_OPTIONS, ['--results', 'a']).o), c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/-b\/--benchmark/);
  });
});
