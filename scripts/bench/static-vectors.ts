/**
 * `npm run bench -- static`: a 400k x 300 GloVe-format text file (BENCH_STATIC_WORDS, BENCH_STATIC_DIM), generated
 * into a temporary folder: the first load streams and parses it into the packed cache; a second process then
 * reloads the packed file (getModel in a new process: module imports, header and vocabulary checks, rows mapped). Prints both times, the reload/parse ratio, the reloading process's RSS against the raw
 * float32 bytes, and a JSON line last. Target: reload well under a second.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getModel } from '../../models/registry.js';
import type { WordEmbeddingsEncoder } from '../../models/static/word-embeddings.js';

async function writeFile(file: string, words: number, dim: number): Promise<void> {
  const out = createWriteStream(file, { highWaterMark: 1 << 22 });
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < words; i++) {
    let line = `w${i}`;
    for (let d = 0; d < dim; d++) line += ` ${rnd().toFixed(5)}`;
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error) => (e ? j(e) : r())));
}

export async function main(): Promise<void> {
  const words = Number(process.env.BENCH_STATIC_WORDS ?? 400_000);
  const dim = Number(process.env.BENCH_STATIC_DIM ?? 300);
  const dir = mkdtempSync(join(tmpdir(), 'bench-static-'));
  try {
    const file = join(dir, `glove-${words}x${dim}.txt`);
    let t = performance.now();
    await writeFile(file, words, dim);
    const genSeconds = (performance.now() - t) / 1000;
    const bytes = statSync(file).size;
    console.log(`generated ${words} x ${dim} text file: ${(bytes / 2 ** 20).toFixed(0)} MB in ${genSeconds.toFixed(1)} s`);
    t = performance.now();
    const enc = (await getModel(`glove:${file}`, { cacheDir: dir, noCache: true })) as WordEmbeddingsEncoder;
    const parseSeconds = (performance.now() - t) / 1000;
    console.log(`first load (stream parse + pack): ${parseSeconds.toFixed(2)} s (${(bytes / 2 ** 20 / parseSeconds).toFixed(0)} MB/s)`);
    const child = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '_static-reload.ts'), file, dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      })
        .trim()
        .split('\n')
        .pop()!,
    ) as {
      seconds: number;
      parseSeconds: number;
      readSeconds: number;
      rssMB: number;
      rssDeltaMB: number;
      cpuSeconds: number;
      mapped: boolean;
      words: number;
    };
    if (child.parseSeconds !== 0 || child.words !== words) throw new Error(`reload did not use the packed cache: ${JSON.stringify(child)}`);
    const rawMB = (words * dim * 4) / 2 ** 20;
    console.log(
      `reload in a new process: ${child.seconds.toFixed(3)} s wall, ${child.cpuSeconds.toFixed(3)} s CPU (${child.mapped ? 'rows mapped' : 'rows read: map_file addon not built'}; packed file ${child.readSeconds.toFixed(3)} s); RSS ${child.rssMB.toFixed(0)} MB (+${child.rssDeltaMB.toFixed(0)} MB for a ${rawMB.toFixed(0)} MB float32 table)`,
    );
    console.log(
      `reload / first load: ${(child.seconds / parseSeconds).toFixed(4)}x   load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      JSON.stringify({
        bench: 'static-vectors',
        words,
        dim,
        file_mb: bytes / 2 ** 20,
        parse_s: parseSeconds,
        reload_s: child.seconds,
        reload_cpu_s: child.cpuSeconds,
        mapped: child.mapped,
        reload_rss_mb: child.rssMB,
        reload_rss_delta_mb: child.rssDeltaMB,
        raw_mb: rawMB,
        ratio: child.seconds / parseSeconds,
        load: loadavg()[0],
      }),
    );
    void enc;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
