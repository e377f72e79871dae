/**
 * #12 item 5: a resume merges only rows computed with the same settings. Checkpoints and result files record them
 * (runner.settings); a checkpoint made with another --sklearn-version, other prompts or other model settings is
 * not merged (a warning says why) and its rows are computed again, so the final file equals an uninterrupted run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder } from '../../core/encoder.js';
import { parseSklearnVersion } from '../../core/sklearn-release.js';
import type { TaskResult } from '../../results/schema.js';
import { evaluate } from '../../runners/evaluate.js';
import { planTask, ResultStore } from '../../runners/result-store.js';
import { taskSettings } from '../../runners/run-settings.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tmp = tempDirs('mteb-settings-');

const WORDS = [
  ['cat', 'dog', 'fish'],
  ['rain', 'snow', 'sun'],
  ['bread', 'rice', 'soup'],
];
const rows = (tag: string, n: number, offset: number) =>
  Array.from({ length: n }, (_, i) => {
    const label = i % 3;
    return { text: `${tag} ${WORDS[label]![i % 3]} ${WORDS[label]![(i + offset) % 3]} item${i + offset}`, label };
  });
/** A two-subset classification task (sklearn logistic regression) whose rows ship inline. */
const task: TaskMetadata = {
  name: 'InlineClassification',
  type: 'Classification',
  description: 'test',
  dataset: { path: 'test/inline-classification', revision: 'r1' },
  evalSplits: ['test'],
  subsets: { aaa: ['eng-Latn'], bbb: ['eng-Latn'] },
  mainScore: 'accuracy',
  origin: 'custom',
  params: { samples_per_label: 4, n_experiments: 2 },
  inline: {
    aaa: { train: rows('A', 24, 0), test: rows('A', 12, 100) },
    bbb: { train: rows('B', 24, 0), test: rows('B', 12, 100) },
  },
};

function encoder(opts: { failOn?: string; identity?: string; prompt?: string } = {}): Encoder & { seen: string[] } {
  const seen: string[] = [];
  return {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    cacheIdentity: opts.identity,
    resolvePrompt: opts.prompt === undefined ? undefined : (_ctx: EncodeContext) => opts.prompt,
    seen,
    async encode(texts) {
      if (opts.failOn && texts.some((t) => t.startsWith(opts.failOn!))) throw new Error('simulated crash');
      seen.push(...texts);
      return hashEmbed(texts.map((t) => `${opts.prompt ?? ''}${t}`));
    },
  };
}
const folder = (o: string) => join(o, 'results', 'test__hash', 'v1');
const readFinal = (o: string): TaskResult => JSON.parse(readFileSync(join(folder(o), `${task.name}.json`), 'utf8'));

describe('resume and settings (#12 item 5)', () => {
  it('a checkpoint made with another --sklearn-version is not merged: the final equals an uninterrupted run', async () => {
    const o = tmp();
    const first = await evaluate(encoder({ failOn: 'B ' }), [task], { outputFolder: o, sklearnVersion: '1.2.1', warn: () => {} });
    expect(first.failures).toHaveLength(1);
    const partial = JSON.parse(readFileSync(join(folder(o), '.partial', `${task.name}.json`), 'utf8')) as TaskResult;
    expect(partial.runner?.settings?.sklearn_version).toBe('1.2.1');

    const warnings: string[] = [];
    const enc = encoder();
    const second = await evaluate(enc, [task], { outputFolder: o, sklearnVersion: '1.9.1', warn: (m) => warnings.push(m) });
    expect(second.failures).toEqual([]);
    expect(warnings.join('\n')).toMatch(
      /not resuming from .*\.partial.*InlineClassification\.json: it was computed with other settings \(sklearn_version 1\.2\.1 -> 1\.9\.1\)/,
    );
    expect(enc.seen.some((t) => t.startsWith('A '))).toBe(true); // subset aaa computed again
    const resumed = readFinal(o);
    expect(resumed.runner?.sklearn_version).toBe('1.9.1');

    const clean = tmp();
    await evaluate(encoder(), [task], { outputFolder: clean, sklearnVersion: '1.9.1' });
    expect(resumed.scores).toEqual(readFinal(clean).scores);
  });

  it('the same settings resume from the checkpoint (nothing computed twice)', async () => {
    const o = tmp();
    await evaluate(encoder({ failOn: 'B ', identity: 'dtype=fp32' }), [task], { outputFolder: o, warn: () => {} });
    const warnings: string[] = [];
    const enc = encoder({ identity: 'dtype=fp32' });
    await evaluate(enc, [task], { outputFolder: o, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(enc.seen.some((t) => t.startsWith('A '))).toBe(false);
  });

  it('other model settings (dtype) or other prompts are not merged', async () => {
    for (const [before, after, key] of [
      [{ identity: 'dtype=fp32' }, { identity: 'dtype=fp16' }, 'model_settings'],
      [{ prompt: 'query: ' }, { prompt: 'passage: ' }, 'prompts'],
    ] as const) {
      const o = tmp();
      await evaluate(encoder({ failOn: 'B ', ...before }), [task], { outputFolder: o, warn: () => {} });
      const warnings: string[] = [];
      const enc = encoder(after);
      await evaluate(enc, [task], { outputFolder: o, warn: (m) => warnings.push(m) });
      expect(warnings.join('\n')).toContain(`other settings (${key})`);
      expect(enc.seen.some((t) => t.startsWith('A '))).toBe(true);
    }
  });

  it('a checkpoint that records no settings (older mteb-ts) is computed again; a complete result is kept with a warning', async () => {
    const o = tmp();
    await evaluate(encoder({ failOn: 'B ' }), [task], { outputFolder: o, warn: () => {} });
    const file = join(folder(o), '.partial', `${task.name}.json`);
    const partial = JSON.parse(readFileSync(file, 'utf8')) as TaskResult;
    delete partial.runner!.settings;
    writeFileSync(file, JSON.stringify(partial));
    const warnings: string[] = [];
    await evaluate(encoder(), [task], { outputFolder: o, warn: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/not resuming from .*: it was computed with settings it does not record/);

    // Complete now; rerun with another release: mteb's only-missing keeps it, and we say it differs.
    const again: string[] = [];
    const enc = encoder();
    const report = await evaluate(enc, [task], { outputFolder: o, sklearnVersion: '1.2.1', warn: (m) => again.push(m) });
    expect(enc.seen).toEqual([]);
    expect(report.results[0]!.runner?.sklearn_version).not.toBe('1.2.1');
    expect(again.join('\n')).toMatch(
      /keeping .*InlineClassification\.json, which is complete but was computed with other settings \(sklearn_version 1\.9\.1 -> 1\.2\.1\)/,
    );
  });

  it('settings cover the sklearn release only where sklearn is used, and task parameters and first stage by digest', () => {
    const sk = parseSklearnVersion('1.2.1');
    const s = taskSettings(task, encoder({ identity: 'x' }), sk, { first_stage: 'bm25@10' });
    expect(Object.keys(s).sort()).toEqual(['first_stage', 'model_settings', 'sklearn_version', 'task_params']);
    expect(s.sklearn_version).toBe('1.2.1');
    expect(s.first_stage).toMatch(/^sha256:[0-9a-f]{16}$/);
    const bitext: TaskMetadata = { ...task, type: 'BitextMining', params: undefined } as TaskMetadata;
    expect(taskSettings(bitext, encoder(), sk)).toEqual({});
    // Parameter order does not matter; values do.
    const a = taskSettings({ ...task, params: { samples_per_label: 4, n_experiments: 2 } } as TaskMetadata, encoder(), sk);
    const b = taskSettings({ ...task, params: { n_experiments: 2, samples_per_label: 4 } } as TaskMetadata, encoder(), sk);
    const c = taskSettings({ ...task, params: { n_experiments: 3, samples_per_label: 4 } } as TaskMetadata, encoder(), sk);
    expect(a.task_params).toBe(b.task_params);
    expect(a.task_params).not.toBe(c.task_params);
  });

  it('a file whose runner.settings is malformed is ignored with a warning naming it', () => {
    const o = tmp();
    mkdirSync(join(folder(o), '.partial'), { recursive: true });
    const bad = {
      task_name: task.name,
      dataset_revision: 'r1',
      mteb_version: '2.20.0',
      scores: { test: [] },
      runner: { name: 'mteb-ts', version: '0', settings: { sklearn_version: 1 } },
    };
    writeFileSync(join(folder(o), '.partial', `${task.name}.json`), JSON.stringify(bad));
    const warnings: string[] = [];
    const store = new ResultStore(o, 'test/hash', 'v1', { warn: (m) => warnings.push(m) });
    const plan = planTask(task, store, 'only-missing', {});
    expect(plan.todo).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(
      /ignoring .*\.partial.*InlineClassification\.json: it has "runner\.settings" that is not an object of strings/,
    );
  });
});
