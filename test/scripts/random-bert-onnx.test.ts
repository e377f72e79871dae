/**
 * The TypeScript ONNX writer used by the encode benchmark: the written graph loads in onnxruntime-node through the
 * hf: provider and behaves like a BERT (attention mask makes padding irrelevant, positions matter, finite output).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create } from '../../models/transformers.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { vocabFor, writeRandomBert, writeTokenizer } from '../../scripts/fixtures/random-bert-onnx.js';

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
});
