/**
 * --dtype q8 / fp16 fidelity on the tiny BERT fixture (mean pooling + Normalize).
 *
 * test/fixtures/tiny-bert-quantized (scripts/fixtures/make-quantized-variants.py, Debian python3-torch 1.13 and
 * python3-onnx 1.12) holds the fixture's q8 model (onnxruntime quantize_dynamic's arithmetic: int8 symmetric
 * per-tensor weights, DynamicQuantizeLinear activations) and fp16 model (onnxconverter-common's conversion with
 * keep_io_types), plus references computed in torch independently of onnxruntime: the fp32 embeddings and the q8
 * model's embeddings by emulating its integer arithmetic. Tolerances (docs/performance.md, "Precision"):
 * - q8 equals its emulation to 1e-4 (the products are exact integers; only float32 rounding of scales differs),
 *   and its cosine to fp32 is at least 0.995 per text (the emulation gives 0.99671 at worst);
 * - fp16 (float16 weights and arithmetic) has cosine at least 0.999 to fp32 per text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { create } from '../../models/transformers.js';
import type { TaskMetadata } from '../../tasks/metadata.js';

const FIXTURE = resolve(__dirname, '../fixtures/tiny-bert');
const VARIANTS = resolve(__dirname, '../fixtures/tiny-bert-quantized');
const refs = JSON.parse(readFileSync(join(VARIANTS, 'quantized-references.json'), 'utf8')) as {
  texts: string[];
  fp32: number[][];
  q8_emulated: number[][];
};
const dir = mkdtempSync(join(tmpdir(), 'mteb-ts-dtype-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(FIXTURE, dir, { recursive: true });
cpSync(join(VARIANTS, 'onnx'), join(dir, 'onnx'), { recursive: true });
const ctx: EncodeContext = { task: { name: 'STSBenchmark', type: 'STS' } as TaskMetadata, split: 'test', subset: 'default' };

function rows(m: { rows: number; cols: number; data: Float32Array }): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}
const cos = (a: number[], b: number[]) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    ab += x * b[i]!;
    aa += x * x;
    bb += b[i]! * b[i]!;
  });
  return ab / Math.sqrt(aa * bb);
};
const maxAbs = (a: number[][], b: number[][]) => Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i]![j]!))));

describe('--dtype fidelity against torch references', () => {
  it('fp32 reproduces the fp32 reference (the fixture copy is intact)', async () => {
    const enc = await create(dir, {});
    expect(maxAbs(rows(await enc.encode(refs.texts, ctx)), refs.fp32)).toBeLessThan(1e-5);
  });

  it('q8 equals the emulated q8 arithmetic to 1e-4; cosine to fp32 >= 0.995 per text', async () => {
    const enc = await create(dir, { dtype: 'q8' });
    expect(enc.meta.extra?.onnx_file).toBe('onnx/model_quantized.onnx');
    const got = rows(await enc.encode(refs.texts, ctx));
    expect(maxAbs(got, refs.q8_emulated)).toBeLessThan(1e-4);
    const cosines = got.map((r, i) => cos(r, refs.fp32[i]!));
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.995);
    // quantization does change the vectors: a q8 file that were the fp32 one would not be caught otherwise
    expect(maxAbs(got, refs.fp32)).toBeGreaterThan(1e-3);
  });

  it('fp16: cosine to fp32 >= 0.999 per text', async () => {
    const enc = await create(dir, { dtype: 'fp16' });
    expect(enc.meta.extra?.onnx_file).toBe('onnx/model_fp16.onnx');
    const got = rows(await enc.encode(refs.texts, ctx));
    const cosines = got.map((r, i) => cos(r, refs.fp32[i]!));
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.999);
    expect(maxAbs(got, refs.fp32)).toBeGreaterThan(0);
  });
});
