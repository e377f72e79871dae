/**
 * #11 item 3: `mteb-ts texts` lists exactly the texts (with prompt type) a run asks for, `embed -m <model> -t <Task>`
 * embeds them, and `precomputed:` then scores the tasks first time, equal to running the model directly.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../models/npy.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-texts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeJsonl(file: string, rows: unknown[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

// A local STS set and a local retrieval set (mteb v2 layout: corpus, queries, default = qrels). The text
// "shared words" is both a query and a document, so it must be listed (and embedded) twice.
const sts = join(tmp, 'data', 'sts');
writeJsonl(join(sts, 'test.jsonl'), [
  { sentence1: 'a man plays a guitar', sentence2: 'someone plays music', score: 4 },
  { sentence1: 'the cat sleeps', sentence2: 'a man plays a guitar', score: 1 },
  { sentence1: 'dogs run outside', sentence2: 'the dogs are running', score: 4.5 },
]);
const retr = join(tmp, 'data', 'retr');
writeJsonl(join(retr, 'corpus', 'test.jsonl'), [
  { _id: 'd1', title: '', text: 'shared words' },
  { _id: 'd2', title: 'Cats', text: 'cats sleep a lot' },
  { _id: 'd3', title: '', text: 'stock markets fell' },
]);
writeJsonl(join(retr, 'queries', 'test.jsonl'), [
  { _id: 'q1', text: 'shared words' },
  { _id: 'q2', text: 'sleeping cats' },
  { _id: 'q3', text: 'a query without judgements' },
]);
writeJsonl(join(retr, 'qrels', 'test.jsonl'), [
  { 'query-id': 'q1', 'corpus-id': 'd1', score: 1 },
  { 'query-id': 'q2', 'corpus-id': 'd2', score: 1 },
]);
writeFileSync(
  join(retr, 'README.md'),
  [
    '---',
    'configs:',
    '- config_name: corpus',
    '  data_files:',
    '  - split: test',
    '    path: corpus/test.jsonl',
    '- config_name: queries',
    '  data_files:',
    '  - split: test',
    '    path: queries/test.jsonl',
    '- config_name: default',
    '  data_files:',
    '  - split: test',
    '    path: qrels/test.jsonl',
    '---',
    '',
  ].join('\n'),
);
const taskFile = join(tmp, 'tasks.yaml');
writeFileSync(
  taskFile,
  [
    '- name: MySTS',
    '  type: STS',
    '  dataset: { path: ./data/sts }',
    '- name: MyRetrieval',
    '  type: Retrieval',
    '  dataset: { path: ./data/retr }',
  ].join('\n') + '\n',
);

interface Line {
  text: string;
  prompt_type: string | null;
  task: string;
  task_type: string;
}
const readLines = (f: string): Line[] =>
  readFileSync(f, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

describe('texts and embed -t', () => {
  it('texts lists every distinct text a run asks for, with its task and prompt type', async () => {
    const out = join(tmp, 'texts.jsonl');
    const r = await runCli(['texts', '--task-file', taskFile, '-t', 'MySTS', 'MyRetrieval', '--out', out]);
    expect(r.stderr).toContain('-> ' + out);
    expect(r.code).toBe(0);
    const lines = readLines(out);
    const key = (l: Line) => `${l.task}|${l.prompt_type}|${l.text}`;
    // Independent expectation from the data above: STS encodes both columns (no prompt type, duplicates once);
    // retrieval encodes only judged queries, and the whole corpus as documents ("title text" when a title exists).
    expect(lines.map(key).sort()).toEqual(
      [
        'MySTS|null|a man plays a guitar',
        'MySTS|null|someone plays music',
        'MySTS|null|the cat sleeps',
        'MySTS|null|dogs run outside',
        'MySTS|null|the dogs are running',
        'MyRetrieval|query|shared words',
        'MyRetrieval|query|sleeping cats',
        'MyRetrieval|document|shared words',
        'MyRetrieval|document|Cats cats sleep a lot',
        'MyRetrieval|document|stock markets fell',
      ].sort(),
    );
    expect(new Set(lines.map((l) => l.task_type))).toEqual(new Set(['STS', 'Retrieval']));
    expect(r.stderr).toMatch(/10 texts \(2 queries, 3 documents, 5 without prompt type\) from 2\/2 tasks/);
  });

  it('embed -m -t writes a precomputed folder that scores like the model itself, first time', async () => {
    const out = join(tmp, 'vectors');
    const e = await runCli(['embed', '-m', 'lexical', '--task-file', taskFile, '-t', 'MySTS', 'MyRetrieval', '--out', out]);
    expect(e.stderr).toMatch(/embedded 10 texts of 2 tasks/);
    expect(e.code).toBe(0);
    expect(readNpy(join(out, 'embeddings.npy')).rows).toBe(10);
    expect(readLines(join(out, 'texts.jsonl'))).toHaveLength(10);

    const viaPrecomputed = await runCli([
      'run',
      '-m',
      `precomputed:${out}`,
      '--task-file',
      taskFile,
      '-t',
      'MySTS',
      'MyRetrieval',
      '--output-folder',
      join(tmp, 'r1'),
      '--json',
    ]);
    expect(viaPrecomputed.code).toBe(0);
    const direct = await runCli([
      'run',
      '-m',
      'lexical',
      '--task-file',
      taskFile,
      '-t',
      'MySTS',
      'MyRetrieval',
      '--output-folder',
      join(tmp, 'r2'),
      '--json',
      '--no-cache',
    ]);
    expect(direct.code).toBe(0);
    const scores = (s: string) => (JSON.parse(s) as { tasks: { task: string; scores: unknown }[] }).tasks.map((t) => [t.task, t.scores]);
    expect(scores(viaPrecomputed.stdout)).toEqual(scores(direct.stdout));
  });

  it('embed -t applies the prompt of each prompt type (tiny BERT with query/passage prompts): precomputed: equals the direct run', async () => {
    const fixture = join(process.cwd(), 'test/fixtures/tiny-bert');
    const prompts = JSON.stringify({ query: 'query: ', document: 'passage: ' });
    const out = join(tmp, 'tiny');
    const common = ['--task-file', taskFile, '-t', 'MyRetrieval', '--prompts', prompts, '--no-cache'];
    const e = await runCli(['embed', '-m', `hf:${fixture}`, ...common, '--out', out]);
    expect(e.code).toBe(0);
    const via = await runCli([
      'run',
      '-m',
      `precomputed:${out}`,
      '--task-file',
      taskFile,
      '-t',
      'MyRetrieval',
      '--output-folder',
      join(tmp, 't1'),
      '--json',
    ]);
    const direct = await runCli(['run', '-m', `hf:${fixture}`, ...common, '--output-folder', join(tmp, 't2'), '--json']);
    expect(via.code).toBe(0);
    expect(direct.code).toBe(0);
    const rows = (s: string) => (JSON.parse(s) as { tasks: { scores: { test: Record<string, unknown>[] } }[] }).tasks[0]!.scores.test[0]!;
    const a = rows(via.stdout);
    const b = rows(direct.stdout);
    for (const k of ['ndcg_at_10', 'map_at_10', 'mrr_at_10', 'recall_at_1']) expect(a[k] as number).toBeCloseTo(b[k] as number, 6);
    // Without the prompts the query vectors differ, so the lines must carry the prompt type that selected them.
    const lines = readLines(join(out, 'texts.jsonl'));
    expect(
      lines
        .filter((l) => l.text === 'shared words')
        .map((l) => l.prompt_type)
        .sort(),
    ).toEqual(['document', 'query']);
    const m = readNpy(join(out, 'embeddings.npy'));
    const iq = lines.findIndex((l) => l.text === 'shared words' && l.prompt_type === 'query');
    const id = lines.findIndex((l) => l.text === 'shared words' && l.prompt_type === 'document');
    expect([...m.data.subarray(iq * m.cols, (iq + 1) * m.cols)]).not.toEqual([...m.data.subarray(id * m.cols, (id + 1) * m.cols)]);
  });

  it('precomputed: keeps a query vector and a document vector of the same text apart', async () => {
    const dir = join(tmp, 'two-kinds');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'texts.jsonl'),
      [{ text: 'x', prompt_type: 'query' }, { text: 'x', prompt_type: 'document' }, 'y'].map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    const { writeNpy } = await import('../../models/npy.js');
    writeNpy(join(dir, 'embeddings.npy'), { rows: 3, cols: 2, data: new Float32Array([1, 0, 0, 1, 1, 1]) });
    const { getModel } = await import('../../models/registry.js');
    const m = await getModel(`precomputed:${dir}`);
    const task = { name: 'T', type: 'Retrieval' };
    expect([...(await m.encode(['x', 'y'], { task, split: 's', subset: 'default', promptType: 'query' })).data]).toEqual([1, 0, 1, 1]);
    expect([...(await m.encode(['x'], { task, split: 's', subset: 'default', promptType: 'document' })).data]).toEqual([0, 1]);
    // No entry for "x" without a prompt type: a clear error pointing at `texts` / `embed -t`.
    await expect(m.encode(['x'], { task, split: 's', subset: 'default' })).rejects.toThrow(
      /not in the precomputed embeddings[\s\S]*mteb-ts texts -t <Task>/,
    );
  });

  it('embed without --input or tasks says what it needs; --input keeps working', async () => {
    const r = await runCli(['embed', '-m', 'lexical', '--out', join(tmp, 'none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('embed needs --input <file>, or the tasks whose texts to embed');
    expect(existsSync(join(tmp, 'none'))).toBe(false);
  });

  it('embed --input: a blank line or an empty file is exit 2 naming the file and line, before any model loads', async () => {
    const blank = join(tmp, 'blank.txt');
    writeFileSync(blank, 'one\n\nthree\n');
    const r = await runCli(['embed', '-m', 'lexical', '--input', blank, '--out', join(tmp, 'b')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a blank line is not a text \[file .*blank\.txt, line 2\]/);
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    const r2 = await runCli(['embed', '-m', 'lexical', '--input', empty, '--out', join(tmp, 'e')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/the input file holds no texts/);
    expect(existsSync(join(tmp, 'b')) || existsSync(join(tmp, 'e'))).toBe(false);
  });
});
