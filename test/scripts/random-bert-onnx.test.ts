/**
 * The TypeScript ONNX writer used by the encode benchmark: the written graph loads in onnxruntime-node through the
 * hf: provider, behaves like a BERT (padding-invariant, order-sensitive) and equals the torch BERT of
 * make-tiny-bert.py loaded with the same weights (scripts/reference/random_bert_onnx_check.py).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { padBatch } from '../../models/sentence-transformers/tokenize.js';
import { create, type TransformersEncoder } from '../../models/transformers.js';
import { vocabFor, writeRandomBert, writeTokenizer } from '../../scripts/fixtures/random-bert-onnx.js';
import type { TaskMetadata } from '../../tasks/metadata.js';

const dir = mkdtempSync(join(tmpdir(), 'mteb-ts-randbert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { task: { name: 'STSBenchmark', type: 'STS' } as TaskMetadata, split: 'test', subset: 'default' };

describe('random-bert-onnx', () => {
  it('builds a vocabulary with every character and frequent words', () => {
    const v = vocabFor(['the cat, the dog', 'the end'], 100);
    expect(v).toContain('t');
    expect(v).toContain('##t');
    expect(v).toContain(',');
    expect(v.indexOf('the')).toBeLessThan(v.indexOf('cat')); // most frequent word first
  });

  it('writes a model that runs and is padding-invariant and order-sensitive', async () => {
    const texts = ['the cat sat on the mat', 'a dog', 'mat the on sat cat the'];
    writeRandomBert(dir, { vocabSize: 120, hidden: 24, layers: 2, heads: 3, intermediate: 48, maxPositions: 32, maxSeqLength: 16 });
    writeTokenizer(dir, texts, 120);
    const enc = await create(dir, {});
    const batch = await enc.encode(texts, ctx);
    expect(batch.cols).toBe(24);
    for (const v of batch.data) expect(Number.isFinite(v)).toBe(true);
    const alone = await enc.encode(['a dog'], ctx);
    for (let j = 0; j < 24; j++) expect(alone.data[j]).toBeCloseTo(batch.data[24 + j]!, 5);
    let diff = 0;
    for (let j = 0; j < 24; j++) diff += Math.abs(batch.data[j]! - batch.data[48 + j]!);
    expect(diff).toBeGreaterThan(1e-3);
  });
  it('equals the torch BERT (make-tiny-bert.py maths) loaded with the same weights', async () => {
    // Output of scripts/reference/random_bert_onnx_check.py on this exact model (seed 1234, shape below):
    // torch 1.13.1 BERT with the ONNX initializers, mean pooling + L2 normalize, token ids as below (lengths 6, 3).
    const REF = [
      [
        0.14611264, -0.12920479, -0.11448506, 0.28456247, -0.34830573, 0.062040646, 0.068993241, -0.12320612, 0.2465495, -0.2829906, -0.025403542,
        -0.25159705, -0.090441383, -0.12826453, 0.44865605, 0.3008559, 0.14504375, 0.074548535, 0.26079309, -0.22083187, -0.10039624, 0.069285251,
        -0.12979256, -0.16252168,
      ],
      [
        0.096937947, 0.042013153, -0.27329457, 0.19394696, -0.2989656, 0.10254081, 0.060922541, -0.079852238, 0.25711671, -0.37569433, 0.14603707,
        -0.024376482, -0.11864328, -0.063824542, 0.37172151, 0.42501318, 0.064152144, 0.10426233, 0.1284862, -0.097833209, -0.14219123, -0.05256116,
        -0.11500517, -0.35090873,
      ],
    ];
    const d = join(dir, 'check');
    writeRandomBert(d, { vocabSize: 120, hidden: 24, layers: 2, heads: 3, intermediate: 48, maxPositions: 32, maxSeqLength: 16 });
    writeTokenizer(d, ['x'], 120);
    const enc = (await create(d, {})) as TransformersEncoder;
    const got = await enc.embedTokens(
      padBatch(
        [
          [2, 10, 11, 12, 13, 3],
          [2, 40, 3],
        ],
        0,
      ),
    );
    REF.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(got[i * 24 + j]! - v)).toBeLessThan(1e-5)));
  });
});
