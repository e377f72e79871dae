/**
 * What `bench encode` and `bench encode-upgrade` share: their BENCH_ENCODE_* settings, the texts, and the
 * MiniLM-L6-shaped random BERT (generated into $TMPDIR/mteb-ts-bench once) with a vocabulary built from the texts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MINILM_L6, writeRandomBert, writeTokenizer } from '../fixtures/random-bert-onnx.js';

const SCIFACT = resolve(process.cwd(), '../shared/hub/datasets/mteb/scifact/corpus.jsonl.gz');

/** SciFact corpus docs (title + " " + text), an evenly spaced sample keeping the length mix; synthetic otherwise. */
export function loadTexts(n: number): { texts: string[]; all: string[]; source: string } {
  if (existsSync(SCIFACT)) {
    const all = gunzipSync(readFileSync(SCIFACT))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const r = JSON.parse(l) as { title?: string; text?: string };
        return `${r.title ?? ''} ${r.text ?? ''}`.trim();
      });
    const step = all.length / n;
    return { texts: Array.from({ length: Math.min(n, all.length) }, (_, i) => all[Math.floor(i * step)]!), all, source: 'SciFact corpus sample' };
  }
  console.warn(`(${SCIFACT} not found: using synthetic texts with a SciFact-like length mix)`);
  let s = 42;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
  const texts = Array.from({ length: n }, () => {
    // log-normal word counts around SciFact's median of ~200 words (min ~5, long tail past 1000)
    const len = Math.max(5, Math.round(Math.exp(5.2 + 0.55 * Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()))));
    return Array.from({ length: len }, () => words[Math.floor(rnd() ** 2 * words.length)]!).join(' ');
  });
  return { texts, all: texts, source: 'synthetic' };
}

export interface EncodeBenchSetup {
  /** BENCH_ENCODE_ROUNDS (passes; the caller's default), BENCH_ENCODE_BATCH (32), BENCH_ENCODE_THREADS (cores). */
  rounds: number;
  batchSize: number;
  threads: number;
  /** BENCH_ENCODE_N texts (default 128) from loadTexts, and where they came from. */
  texts: string[];
  source: string;
  /** The model folder. */
  dir: string;
}

export function encodeBenchSetup(defaultRounds: number): EncodeBenchSetup {
  const n = Number(process.env.BENCH_ENCODE_N ?? 128);
  const rounds = Number(process.env.BENCH_ENCODE_ROUNDS ?? defaultRounds);
  const batchSize = Number(process.env.BENCH_ENCODE_BATCH ?? 32);
  const threads = Number(process.env.BENCH_ENCODE_THREADS ?? availableParallelism());
  const { texts, all, source } = loadTexts(n);
  const dir = join(tmpdir(), 'mteb-ts-bench', 'minilm-l6-random-v1');
  if (!existsSync(join(dir, 'onnx', 'model.onnx'))) {
    console.log(`generating a MiniLM-L6-shaped random BERT in ${dir} ...`);
    writeRandomBert(dir, MINILM_L6);
  }
  writeTokenizer(dir, all, MINILM_L6.vocabSize);
  return { rounds, batchSize, threads, texts, source, dir };
}
