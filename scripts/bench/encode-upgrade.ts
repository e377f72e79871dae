/**
 * `npm run bench -- encode-upgrade`: the hf: encoder (bench encode's MiniLM-L6-shaped random BERT and SciFact
 * texts) on two installs of transformers.js / onnxruntime-node in the same run: the project's own node_modules
 * (4.x / 1.30) and another folder given by BENCH_TJS_BEFORE (default /tmp/perf-nm-v3: a node_modules holding
 * @huggingface/transformers 3.8 with its onnxruntime-node 1.21; make one with
 * `npm install --prefix <dir> --no-save @huggingface/transformers@3.8.1`). Child processes alternate
 * before/after (BENCH_UPGRADE_PROCS each, BENCH_ENCODE_ROUNDS passes per process); the best pass of each side is
 * kept. Prints both throughputs, after/before (>1: the upgrade is faster), the largest difference between the
 * two sides' vectors, the load average, and a JSON line last.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBenchSetup } from './_encode-setup.js';

interface Pass {
  transformers: string;
  onnxruntime: string;
  loadSeconds: number;
  best: number;
  cpuBest: number;
  sample: number[];
}

export async function main(): Promise<void> {
  const before = process.env.BENCH_TJS_BEFORE ?? '/tmp/perf-nm-v3';
  if (!existsSync(join(before, 'node_modules/@huggingface/transformers/package.json'))) {
    console.log(`skipped: no transformers.js install at ${before}/node_modules (set BENCH_TJS_BEFORE; see the header of this file)`);
    console.log(JSON.stringify({ bench: 'encode-upgrade', skipped: true }));
    return;
  }
  const procs = Number(process.env.BENCH_UPGRADE_PROCS ?? 2);
  const { rounds, batchSize, threads, texts, source, dir } = encodeBenchSetup(2);
  const tmp = mkdtempSync(join(tmpdir(), 'bench-upgrade-'));
  const textsFile = join(tmp, 'texts.json');
  writeFileSync(textsFile, JSON.stringify(texts));
  const load0 = loadavg()[0]!;
  const run = (modulesDir?: string): Pass => {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        join(import.meta.dirname, '_redirect.mjs'),
        join(import.meta.dirname, '_encode-pass.ts'),
        dir,
        textsFile,
        String(batchSize),
        String(threads),
        String(rounds),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, BENCH_MODULES_DIR: modulesDir ?? '' } },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as Pass;
  };
  const sides: Record<'before' | 'after', Pass[]> = { before: [], after: [] };
  try {
    for (let p = 0; p < procs; p++) {
      // alternate which side goes first, so load drift on a shared machine hits both alike
      const order: ('before' | 'after')[] = p % 2 ? ['after', 'before'] : ['before', 'after'];
      for (const side of order) sides[side].push(run(side === 'before' ? before : undefined));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const best = (ps: Pass[]) => ps.reduce((a, b) => (b.best < a.best ? b : a));
  const b = best(sides.before);
  const a = best(sides.after);
  const cpu = (ps: Pass[]) => Math.min(...ps.map((x) => x.cpuBest));
  const maxDiff = Math.max(...a.sample.map((v, i) => Math.abs(v - b.sample[i]!)));
  const load1 = loadavg()[0]!;
  console.log(`texts: ${texts.length} (${source}), batch ${batchSize}, threads ${threads}, ${procs} processes x ${rounds} passes per side`);
  console.log(
    `before: transformers.js ${b.transformers} / onnxruntime-node ${b.onnxruntime}: ${b.best.toFixed(2)} s per pass (${(texts.length / b.best).toFixed(1)} sentences/s), CPU ${cpu(sides.before).toFixed(2)} s, load ${b.loadSeconds.toFixed(2)} s`,
  );
  console.log(
    `after:  transformers.js ${a.transformers} / onnxruntime-node ${a.onnxruntime}: ${a.best.toFixed(2)} s per pass (${(texts.length / a.best).toFixed(1)} sentences/s), CPU ${cpu(sides.after).toFixed(2)} s, load ${a.loadSeconds.toFixed(2)} s`,
  );
  console.log(
    `after/before throughput: ${(b.best / a.best).toFixed(3)}x wall, ${(cpu(sides.before) / cpu(sides.after)).toFixed(3)}x CPU; largest vector difference ${maxDiff.toExponential(2)}; load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'encode-upgrade',
      texts: texts.length,
      before: { transformers: b.transformers, onnxruntime: b.onnxruntime, seconds: b.best, cpu_seconds: cpu(sides.before) },
      after: { transformers: a.transformers, onnxruntime: a.onnxruntime, seconds: a.best, cpu_seconds: cpu(sides.after) },
      ratio: b.best / a.best,
      ratio_cpu: cpu(sides.before) / cpu(sides.after),
      max_abs_diff: maxDiff,
      load: [load0, load1],
    }),
  );
}
