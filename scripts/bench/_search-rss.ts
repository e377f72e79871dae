/**
 * Child of scripts/bench/search.ts: searches a synthetic 1M x 384 corpus (top-100 of 1000 queries,
 * 50k-document chunks passed as views) and prints {rows, peakBytes, rawBytes, seconds} as JSON.
 * Peak = max(process.resourceUsage().maxRSS, VmHWM): the whole process, corpus included.
 */
import { readFileSync } from 'node:fs';
import { randomMatrix, timeSearch } from './search.js';

const ROWS = Number(process.env.MTEB_BENCH_RSS_ROWS ?? 1_000_000);
const D = 384;
const corpus = randomMatrix(ROWS, D, 3);
const qs = randomMatrix(1000, D, 4);
const seconds = await timeSearch(qs, corpus, 100, 50_000);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const peakBytes = Math.max(process.resourceUsage().maxRSS * 1024, hwm ? Number(hwm[1]) * 1024 : 0);
console.log(JSON.stringify({ rows: ROWS, peakBytes, rawBytes: corpus.data.byteLength, seconds }));
process.exit(0);
