// --import entry of bench encode-upgrade's children: registers _redirect-hooks.mjs with BENCH_MODULES_DIR.
import { register } from 'node:module';

if (process.env.BENCH_MODULES_DIR) register('./_redirect-hooks.mjs', import.meta.url, { data: { dir: process.env.BENCH_MODULES_DIR } });
