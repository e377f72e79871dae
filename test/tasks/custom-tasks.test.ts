import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { loadTaskFile } from '../../tasks/custom-tasks.js';
import { createDatasetSource } from '../../tasks/data/source.js';
import { runCli } from '../helpers/cli.js';
import { writePrecomputed } from '../helpers/mirror.js';

const dir = mkdtempSync(join(tmpdir(), 'mteb-taskfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, 'data', 'my-sts'), { recursive: true });
writeFileSync(
  join(dir, 'data', 'my-sts', 'test.jsonl'),
  '{"sentence1":"a","sentence2":"b","score":1.5}\n{"sentence1":"c","sentence2":"d","score":4}\n',
);

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('loadTaskFile', () => {
  it('reads YAML tasks pointing at a local folder (relative to the file) and a hub repo', async () => {
    const f = write(
      'tasks.yaml',
      [
        'tasks:',
        '  - name: MyPrivateSTS',
        '    type: sts',
        '    dataset: { path: ./data/my-sts }',
        '    languages: [eng-Latn]',
        '  - name: MyHubRetrieval',
        '    type: Retrieval',
        '    dataset: { path: my-org/my-retrieval, revision: 0123456789abcdef0123456789abcdef01234567 }',
        '    eval_splits: [dev, test]',
        '    subsets: { en: [eng-Latn], de: [deu-Latn] }',
        '    prompt: { query: "Find it" }',
      ].join('\n'),
    );
    const [sts, retr] = loadTaskFile(f);
    expect(sts).toMatchObject({
      name: 'MyPrivateSTS',
      type: 'STS',
      dataset: { path: join(dir, 'data', 'my-sts'), revision: 'local' },
      evalSplits: ['test'],
      subsets: { default: ['eng-Latn'] },
      mainScore: 'cosine_spearman',
      origin: 'custom',
    });
    expect(retr).toMatchObject({
      type: 'Retrieval',
      dataset: { path: 'my-org/my-retrieval', revision: '0123456789abcdef0123456789abcdef01234567' },
      evalSplits: ['dev', 'test'],
      subsets: { en: ['eng-Latn'], de: ['deu-Latn'] },
      mainScore: 'ndcg_at_10',
      prompt: { query: 'Find it' },
    });
    // The local folder loads through the normal dataset source (HF default split patterns).
    const rows = await createDatasetSource({}).loadRows(sts!.dataset, 'default', 'test');
    expect(rows.rows).toEqual([
      { sentence1: 'a', sentence2: 'b', score: 1.5 },
      { sentence1: 'c', sentence2: 'd', score: 4 },
    ]);
  });

  it('reads a JSON list', () => {
    const f = write(
      'tasks.json',
      JSON.stringify([{ name: 'J1', type: 'PairClassification', dataset: { path: 'o/n', revision: 'main' }, main_score: 'max_f1' }]),
    );
    expect(loadTaskFile(f)).toMatchObject([
      { name: 'J1', type: 'PairClassification', mainScore: 'max_f1', dataset: { path: 'o/n', revision: 'main' } },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['not-a-list.yaml', 'name: x\n', /must hold a list of tasks/],
    ['empty.yaml', 'tasks: []\n', /defines no tasks/],
    ['syntax.json', '[{"name": ', /cannot parse task file/],
    ['no-type.yaml', '- name: A\n  dataset: { path: o/n, revision: main }\n', /tasks\[0\]\.type is required/],
    ['bad-type.yaml', '- name: A\n  type: Regression\n  dataset: { path: o/n, revision: main }\n', /tasks\[0\]\.type unknown task type "Regression"/],
    ['no-rev.yaml', '- name: A\n  type: STS\n  dataset: { path: o/n }\n', /tasks\[0\]\.dataset\.revision required for hub datasets/],
    [
      'missing-dir.yaml',
      '- name: A\n  type: STS\n  dataset: { path: ./nowhere }\n',
      /tasks\[0\]\.dataset\.path local dataset folder .*nowhere does not exist/,
    ],
    [
      'bad-lang.yaml',
      '- name: A\n  type: STS\n  dataset: { path: o/n, revision: main }\n  languages: [english]\n',
      /tasks\[0\]\.languages "english" is not an ISO 639-3/,
    ],
    ['typo.yaml', '- name: A\n  type: STS\n  dataset: { path: o/n, revision: main }\n  eval_split: [test]\n', /tasks\[0\]\.eval_split unknown field/],
    [
      'builtin.yaml',
      '- name: STSBenchmark\n  type: STS\n  dataset: { path: o/n, revision: main }\n',
      /tasks\[0\]\.name "STSBenchmark" is a built-in task/,
    ],
    [
      'dup.yaml',
      '- { name: A, type: STS, dataset: { path: o/n, revision: main } }\n- { name: A, type: STS, dataset: { path: o/n, revision: main } }\n',
      /tasks\[1\]\.name "A" is defined twice/,
    ],
    ['bad-path.yaml', '- name: A\n  type: STS\n  dataset: { path: "not a repo", revision: main }\n', /neither a hub repo id/],
    [
      'bad-evaluator.yaml',
      '- name: A\n  type: Clustering\n  evaluator: ClusteringFast\n  dataset: { path: o/n, revision: main }\n',
      /tasks\[0\]\.evaluator unknown Clustering evaluator "ClusteringFast" \(one of ClusteringLegacy\)/,
    ],
    [
      'param-type.yaml',
      '- name: A\n  type: STS\n  dataset: { path: o/n, revision: main }\n  params: { min_score: low }\n',
      /tasks\[0\]\.params\.min_score must be a number, got "low" \(task type STS\)/,
    ],
    [
      'param-unknown.yaml',
      '- name: A\n  type: Classification\n  dataset: { path: o/n, revision: main }\n  params: { samples_per_labels: 8 }\n',
      /tasks\[0\]\.params\.samples_per_labels unknown parameter \(known: samples_per_label, n_experiments, /,
    ],
    [
      'param-other-type.yaml',
      '- name: A\n  type: STS\n  dataset: { path: o/n, revision: main }\n  params: { samples_per_label: 8 }\n',
      /tasks\[0\]\.params\.samples_per_label unknown parameter \(known: min_score, max_score, data_hook/,
    ],
    [
      'param-nested.yaml',
      '- name: A\n  type: Clustering\n  dataset: { path: o/n, revision: main }\n  params: { subsample: { size: 100, method: random } }\n',
      /tasks\[0\]\.params\.subsample\.method must be one of "train_test_split", "stratified", got "random"/,
    ],
    [
      'param-int.yaml',
      '- name: A\n  type: Classification\n  dataset: { path: o/n, revision: main }\n  params: { n_experiments: 2.5 }\n',
      /tasks\[0\]\.params\.n_experiments must be a positive integer, got 2\.5/,
    ],
    [
      'no-variants.yaml',
      '- name: A\n  type: STS\n  evaluator: ClusteringLegacy\n  dataset: { path: o/n, revision: main }\n',
      /tasks\[0\]\.evaluator STS tasks have no evaluator variants/,
    ],
  ];
  it.each(bad)('%s -> ConfigError naming the file and field', (name, text, re) => {
    const f = write(name, text);
    let err: unknown;
    try {
      loadTaskFile(f);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(re);
    expect((err as ConfigError).context.file).toBe(f);
  });

  it('keeps valid params of the type and of the data hooks, nested objects and null included', () => {
    const f = write(
      'params-ok.yaml',
      [
        '- name: C1',
        '  type: Classification',
        '  dataset: { path: o/n, revision: main }',
        '  params: { samples_per_label: 16, stratified_subsampling: { n_samples: 256 }, hf_config: sub }',
        '- name: K1',
        '  type: Clustering',
        '  dataset: { path: o/n, revision: main }',
        '  params: { max_fraction_of_documents_to_embed: null, max_document_to_embed: 500, subsample: { size: 100, method: stratified } }',
      ].join('\n'),
    );
    expect(loadTaskFile(f).map((t) => t.params)).toEqual([
      { samples_per_label: 16, stratified_subsampling: { n_samples: 256 }, hf_config: 'sub' },
      { max_fraction_of_documents_to_embed: null, max_document_to_embed: 500, subsample: { size: 100, method: 'stratified' } },
    ]);
  });

  it('a missing file is a ConfigError', () => {
    expect(() => loadTaskFile(join(dir, 'nope.yaml'))).toThrow(ConfigError);
  });
});

describe('mteb-ts run --task-file', () => {
  it('evaluates a custom STS task on a local folder and writes its result', async () => {
    const data = join(dir, 'cli-sts');
    mkdirSync(data, { recursive: true });
    const rows = [
      { sentence1: 'A man plays a guitar.', sentence2: 'Someone plays the guitar.', score: 4.5 },
      { sentence1: 'A cat sleeps.', sentence2: 'Markets fell today.', score: 0.2 },
      { sentence1: 'Kids run outside.', sentence2: 'Children are running outdoors.', score: 4.0 },
      { sentence1: 'A woman cooks.', sentence2: 'A plane lands.', score: 0.5 },
    ];
    writeFileSync(join(data, 'test.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const f = write('cli-tasks.yaml', '- name: MyLocalSTS\n  type: STS\n  dataset: { path: ./cli-sts }\n');
    const vectors = writePrecomputed(
      join(dir, 'cli-vectors'),
      rows.flatMap((r) => [r.sentence1, r.sentence2]),
    );
    const out = join(dir, 'cli-out');
    const r = await runCli(['run', '-m', `precomputed:${vectors}`, '--task-file', f, '--output-folder', out, '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const found: string[] = [];
    const walk = (d: string): void => {
      if (!existsSync(d)) return;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name === 'MyLocalSTS.json') found.push(join(d, e.name));
      }
    };
    walk(out);
    expect(found).toHaveLength(1);
    const result = JSON.parse(readFileSync(found[0]!, 'utf8')) as {
      task_name: string;
      dataset_revision: string;
      scores: Record<string, { main_score: number }[]>;
    };
    expect(result.task_name).toBe('MyLocalSTS');
    expect(result.dataset_revision).toBe('local');
    expect(typeof result.scores.test?.[0]?.main_score).toBe('number');
  });
});
