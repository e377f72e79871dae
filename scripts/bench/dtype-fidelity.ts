/**
 * `npm run bench -- dtype-fidelity`: what --dtype q8 / fp16 cost in vectors and in a real score.
 *
 * Model: the tiny BERT fixture (test/fixtures/tiny-bert) with its q8 and fp16 variants
 * (test/fixtures/tiny-bert-quantized, scripts/fixtures/make-quantized-variants.py). Prints, per dtype:
 * - the cosine of each STSBenchmark test text's vector to the fp32 vector (min / mean over all texts), and
 * - the STSBenchmark test main score (cosine Spearman) through the runner, and its difference to fp32,
 * on the task from ../shared/hub (skipped with a message when the mirror is absent), and a JSON line last.
 * A random 2-layer, 32-d model scores little on STS; the figure is the deviation, not the score. Time per dtype
 * is printed too (the tiny model is too small for a speed comparison to mean much).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Encoder } from '../../core/encoder.js';
import { getModel } from '../../models/registry.js';
import { evaluate } from '../../runners/evaluate.js';

const HUB = resolve(process.cwd(), '../shared/hub');
const DTYPES = ['fp32', 'q8', 'fp16'] as const;

export async function main(): Promise<void> {
  if (!existsSync(join(HUB, 'datasets/mteb/stsbenchmark-sts'))) {
    console.log(`skipped: ${HUB}/datasets/mteb/stsbenchmark-sts not found (the STS score needs the mirrored task)`);
    console.log(JSON.stringify({ bench: 'dtype-fidelity', skipped: true }));
    return;
  }
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'bench-dtype-'));
  cpSync(join(root, 'test/fixtures/tiny-bert'), join(dir, 'model'), { recursive: true });
  cpSync(join(root, 'test/fixtures/tiny-bert-quantized/onnx'), join(dir, 'model/onnx'), { recursive: true });
  const { getTask } = await import('../../tasks/registry.js');
  const task = getTask('STSBenchmark');
  const load0 = loadavg()[0]!;
  const out: Record<string, { score: number; seconds: number; cosMin?: number; cosMean?: number }> = {};
  let fp32Vectors: Map<string, Float32Array> | undefined;
  try {
    for (const dtype of DTYPES) {
      const inner = await getModel(`hf:${join(dir, 'model')}`, { dtype });
      // record every vector the task encodes, to compare with fp32 text by text
      const seen = new Map<string, Float32Array>();
      const encode: Encoder['encode'] = async (texts, ctx) => {
        const m = await inner.encode(texts, ctx);
        texts.forEach((t, i) => seen.set(t, m.data.slice(i * m.cols, (i + 1) * m.cols)));
        return m;
      };
      const enc = new Proxy(inner, {
        get: (target, key) => (key === 'encode' ? encode : (Reflect.get(target, key, target) as unknown)),
      });
      const t0 = performance.now();
      const r = await evaluate(enc, [task], { outputFolder: null, data: { hubMirror: HUB, offline: true } });
      const seconds = (performance.now() - t0) / 1000;
      if (r.failures.length) throw r.failures[0]!.error;
      const score = (r.results[0]!.scores as Record<string, { main_score: number }[]>).test![0]!.main_score;
      out[dtype] = { score, seconds };
      if (dtype === 'fp32') fp32Vectors = seen;
      else {
        const cosines = [...seen].map(([t, v]) => {
          const w = fp32Vectors!.get(t)!;
          let ab = 0;
          let aa = 0;
          let bb = 0;
          for (let d = 0; d < v.length; d++) {
            ab += v[d]! * w[d]!;
            aa += v[d]! * v[d]!;
            bb += w[d]! * w[d]!;
          }
          return aa && bb ? ab / Math.sqrt(aa * bb) : 1;
        });
        out[dtype]!.cosMin = Math.min(...cosines);
        out[dtype]!.cosMean = cosines.reduce((s, c) => s + c, 0) / cosines.length;
      }
      await (inner as { close?: () => Promise<void> }).close?.();
      console.log(
        `${dtype.padEnd(5)} STSBenchmark test cosine Spearman ${score.toFixed(5)}${dtype === 'fp32' ? '' : ` (${(score - out.fp32!.score >= 0 ? '+' : '') + (score - out.fp32!.score).toFixed(5)} vs fp32); cosine to fp32 over ${seen.size} texts: min ${out[dtype]!.cosMin!.toFixed(5)}, mean ${out[dtype]!.cosMean!.toFixed(6)}`}; ${seconds.toFixed(1)} s`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`);
  console.log(
    JSON.stringify({ bench: 'dtype-fidelity', model: 'tiny-bert fixture', task: 'STSBenchmark', results: out, load: [load0, loadavg()[0]] }),
  );
}
