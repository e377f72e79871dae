/** Child of bench static-vectors: reloads a packed vector file in a fresh process and reports time (wall and CPU), memory and whether the rows were mapped. */
import { performance } from 'node:perf_hooks';
import { getModel } from '../../models/registry.js';
import type { WordEmbeddingsEncoder } from '../../models/static/word-embeddings.js';

const [file, cacheRoot] = process.argv.slice(2) as [string, string];
const rss0 = process.memoryUsage().rss;
const c0 = process.cpuUsage();
const t0 = performance.now();
const enc = (await getModel(`glove:${file}`, { cacheDir: cacheRoot, noCache: true })) as WordEmbeddingsEncoder;
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const m = await enc.encode(['the cat sat on the mat'], { task: { name: 'T', type: 'STS' } as never, split: 'test', subset: 'default' });
console.log(
  JSON.stringify({
    seconds,
    parseSeconds: enc.loaded.parseSeconds,
    readSeconds: enc.loaded.loadSeconds,
    rssMB: process.memoryUsage().rss / 2 ** 20,
    rssDeltaMB: (process.memoryUsage().rss - rss0) / 2 ** 20,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    mapped: enc.loaded.table.ensure !== undefined,
    words: enc.loaded.table.size,
    dim: m.cols,
  }),
);
