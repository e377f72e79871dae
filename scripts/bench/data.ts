/**
 * `npm run bench -- data`: reading a 200k-row retrieval corpus (_id, title, text) as parquet (snappy, 10k-row
 * groups, like the hub's parquet exports) and as jsonl.gz, both generated in a temp dir. Prints rows/s for each,
 * the parquet/jsonl.gz ratio, and a JSON line last.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readRowsFile } from '../../tasks/data/readers/index.js';
import { parquetBytes } from '../fixtures/hub-repos.js';

const N = 200_000;
const WORDS = 'the of and to in is was for on that with as by at from his her an were are which this be has or had not but'.split(' ');

/** Deterministic pseudo-text (LCG), ~40 words per document. */
function corpus(n: number): { _id: string; title: string; text: string }[] {
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const words = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(rnd() * WORDS.length)]!).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    _id: `doc${i}`,
    title: `Title ${i} ${words(3)}`,
    text: `${words(35 + Math.floor(rnd() * 10))} ${i}.`,
  }));
}

async function timeRead(file: string, reps = 3): Promise<{ seconds: number; rows: number }> {
  let best = Infinity;
  let rows = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    const out = await readRowsFile(file);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    rows = out.length;
    best = Math.min(best, secs);
  }
  return { seconds: best, rows };
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mteb-bench-data-'));
  try {
    const rows = corpus(N);
    const pq = join(dir, 'corpus.parquet');
    const gz = join(dir, 'corpus.jsonl.gz');
    writeFileSync(pq, parquetBytes(rows, 'SNAPPY', 10_000));
    writeFileSync(gz, gzipSync(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    const mb = (f: string) => (statSync(f).size / 1048576).toFixed(1);
    console.log(`corpus: ${N} rows; parquet ${mb(pq)} MiB, jsonl.gz ${mb(gz)} MiB (best of 3 reads each)`);

    const p = await timeRead(pq);
    const j = await timeRead(gz);
    if (p.rows !== N || j.rows !== N) throw new Error(`row count mismatch: parquet ${p.rows}, jsonl.gz ${j.rows}`);
    const pRate = N / p.seconds;
    const jRate = N / j.seconds;
    console.log(`parquet (snappy, 10k-row groups): ${p.seconds.toFixed(3)} s  ${Math.round(pRate).toLocaleString('en-US')} rows/s`);
    console.log(`jsonl.gz                        : ${j.seconds.toFixed(3)} s  ${Math.round(jRate).toLocaleString('en-US')} rows/s`);
    console.log(`parquet / jsonl.gz throughput ratio: ${(pRate / jRate).toFixed(2)}x`);
    console.log(
      JSON.stringify({
        bench: 'data',
        rows: N,
        parquet_rows_per_s: Math.round(pRate),
        jsonl_gz_rows_per_s: Math.round(jRate),
        parquet_over_jsonl_gz: Number((pRate / jRate).toFixed(3)),
        parquet_bytes: statSync(pq).size,
        jsonl_gz_bytes: statSync(gz).size,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
