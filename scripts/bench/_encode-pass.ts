/**
 * Child of bench encode-upgrade: loads the hf: encoder on the bench model with whichever transformers.js /
 * onnxruntime-node the module hooks give it, encodes the texts `rounds` times (after one warm-up batch) and prints
 * the best pass and the versions as one JSON line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, type TransformersEncoder } from '../../models/transformers.js';

const [modelDir, textsFile, batchArg, threadsArg, roundsArg] = process.argv.slice(2) as [string, string, string, string, string];
const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
const batchSize = Number(batchArg);

/** version field of the package.json above a resolved module URL */
function versionOf(url: string): string {
  let dir = dirname(fileURLToPath(url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      /* keep walking up */
    }
  }
  return '?';
}

const t0 = performance.now();
const enc = (await create(modelDir, { threads: Number(threadsArg), batchSize })) as TransformersEncoder;
const loadSeconds = (performance.now() - t0) / 1000;
await enc.encodeWithPrompt(texts.slice(0, batchSize), '', batchSize);
let best = Infinity;
let cpuBest = Infinity;
for (let r = 0; r < Number(roundsArg); r++) {
  const c0 = process.cpuUsage();
  const t = performance.now();
  await enc.encodeWithPrompt(texts, '', batchSize);
  best = Math.min(best, (performance.now() - t) / 1000);
  const c = process.cpuUsage(c0);
  cpuBest = Math.min(cpuBest, (c.user + c.system) / 1e6);
}
const sample = await enc.encodeWithPrompt(texts.slice(0, 4), '', batchSize);
await enc.close();
// the versions the hooks resolved (import.meta.resolve follows the same hooks as import())
const tf = import.meta.resolve('@huggingface/transformers');
const ort = createRequire(fileURLToPath(tf))('onnxruntime-node/package.json') as { version: string };
console.log(
  JSON.stringify({
    transformers: versionOf(tf),
    onnxruntime: ort.version,
    loadSeconds,
    best,
    cpuBest,
    sample: Array.from(sample.data.subarray(0, 8)),
  }),
);
