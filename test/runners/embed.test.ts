import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../models/npy.js';
import { randomVector } from '../../models/random.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-embed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('mteb-ts embed', () => {
  it('writes the precomputed: format from a .txt file, which `run` then reads back', async () => {
    const input = join(tmp, 'in.txt');
    writeFileSync(input, 'first text\nsecond text\n');
    const out = join(tmp, 'rand');
    const r = await runCli(['embed', '-m', 'random', '--input', input, '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'texts.jsonl'), 'utf8')).toBe('"first text"\n"second text"\n');
    const m = readNpy(join(out, 'embeddings.npy'));
    expect([m.rows, m.cols]).toEqual([2, 32]);
    expect(m.data.subarray(32, 64)).toEqual(randomVector('second text'));
    expect(JSON.parse(readFileSync(join(out, 'model_meta.json'), 'utf8'))).toMatchObject({
      name: 'mteb/baseline-random-encoder',
      revision: '1',
      embed_dim: 32,
    });
  });

  it('embeds with the model prompt for --prompt-type: tiny BERT equals the torch reference', async () => {
    const fixture = resolve(process.cwd(), 'test/fixtures/tiny-bert');
    const ref = JSON.parse(readFileSync(join(fixture, 'references.json'), 'utf8')) as {
      texts: string[];
      cases: { pooling: string; prompt: string | null; include_prompt: boolean; normalize: boolean; embeddings: number[][] }[];
    };
    const input = join(tmp, 'in.jsonl');
    writeFileSync(input, ref.texts.map((t, i) => JSON.stringify(i % 2 ? { text: t } : t)).join('\n') + '\n');
    const out = join(tmp, 'tiny');
    const r = await runCli(['embed', '-m', `hf:${fixture}`, '--input', input, '--out', out, '--prompt-type', 'query', '--no-cache']);
    expect(r.stderr).toMatch(/embedded 9 texts/);
    expect(r.code).toBe(0);
    // The fixture is mean pooling + Normalize; "query: " is prepended and included in pooling.
    const want = ref.cases.find((c) => c.pooling === 'mean' && c.prompt === 'query' && c.include_prompt && c.normalize)!;
    const m = readNpy(join(out, 'embeddings.npy'));
    expect(m.rows).toBe(ref.texts.length);
    let maxDiff = 0;
    want.embeddings.forEach((row, i) => row.forEach((v, d) => (maxDiff = Math.max(maxDiff, Math.abs(v - m.data[i * m.cols + d]!)))));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(JSON.parse(readFileSync(join(out, 'model_meta.json'), 'utf8')).prompt).toBe('query: ');
  });

  it('passes --pooling cls --no-normalize --max-seq-length through to the hf: model (torch reference)', async () => {
    const fixture = resolve(process.cwd(), 'test/fixtures/tiny-bert');
    const ref = JSON.parse(readFileSync(join(fixture, 'references.json'), 'utf8')) as {
      texts: string[];
      max_seq_length: number;
      cases: { pooling: string; prompt: string | null; normalize: boolean; embeddings: number[][] }[];
    };
    const input = join(tmp, 'plain.txt');
    writeFileSync(input, ref.texts.filter(Boolean).join('\n') + '\n');
    const out = join(tmp, 'tiny-cls');
    const r = await runCli([
      'embed',
      '-m',
      `hf:${fixture}`,
      '--input',
      input,
      '--out',
      out,
      '--pooling',
      'cls',
      '--no-normalize',
      '--max-seq-length',
      String(ref.max_seq_length),
      '--no-cache',
    ]);
    expect(r.code).toBe(0);
    const want = ref.cases.find((c) => c.pooling === 'cls' && c.prompt === null && !c.normalize)!;
    const m = readNpy(join(out, 'embeddings.npy'));
    const rows = ref.texts
      .map((t, i) => [t, i] as const)
      .filter(([t]) => t)
      .map(([, i]) => want.embeddings[i]!);
    let maxDiff = 0;
    rows.forEach((row, i) => row.forEach((v, d) => (maxDiff = Math.max(maxDiff, Math.abs(v - m.data[i * m.cols + d]!)))));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('reports a bad input line with file and row', async () => {
    const input = join(tmp, 'bad.jsonl');
    writeFileSync(input, '"ok"\n{"nope": 1}\n');
    const r = await runCli(['embed', '-m', 'random', '--input', input, '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"text" string.*bad\.jsonl.*line 2/s);
  });
});
