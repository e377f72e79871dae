import { describe, expect, it } from 'vitest';
import { longFlags, underscoreAliases } from '../../runners/cli-options.js';
import { COMMANDS } from '../../runners/commands/index.js';
import { runCli } from '../helpers/cli.js';

describe("mteb's underscore spellings of the CLI flags", () => {
  it('rewrites --a_b and --a_b=v to the dashed flag when the command has it; leaves everything else', () => {
    const flags = longFlags(COMMANDS.run.options);
    expect(
      underscoreAliases(
        ['run', '--output_folder', 'x', '--batch_size=8', '--no_cache', '-t', 'my_task', '--unknown_flag', '--', '--eval_splits'],
        flags,
      ),
    ).toEqual(['run', '--output-folder', 'x', '--batch-size=8', '--no-cache', '-t', 'my_task', '--unknown_flag', '--', '--eval_splits']);
  });

  it('every underscore flag mteb 2.20 and 1.x accept on run and create-model-results is one of ours', () => {
    const run = longFlags(COMMANDS.run.options);
    for (const f of [
      '--output_folder',
      '--eval_splits',
      '--model_revision',
      '--batch_size',
      '--save_predictions',
      '--task_types',
      '--overwrite_strategy',
      '--prediction_folder',
    ]) {
      expect(run.has(f.replace(/_/g, '-')), f).toBe(true);
    }
    const card = longFlags(COMMANDS['create-model-results'].options);
    for (const f of ['--results_folder', '--output_path', '--from_existing', '--model_name']) expect(card.has(f.replace(/_/g, '-')), f).toBe(true);
  });

  it('the CLI accepts them: the run gets as far as the task name (exit 2 for the unknown task, not for the flags)', async () => {
    const r = await runCli([
      'run',
      '-m',
      'lexical',
      '-t',
      'NoSuchTaskAnywhere',
      '--output_folder',
      'never-written',
      '--batch_size',
      '8',
      '--model_revision',
      'x',
      '--eval_splits',
      'test',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/unknown option/);
    expect(r.stderr).toMatch(/NoSuchTaskAnywhere/);
    const bad = await runCli(['run', '-m', 'lexical', '--output_foldr', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--output_foldr'/);
  });
});
