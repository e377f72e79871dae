// Builds the optional native search addon (native/binding.gyp) with npm's bundled node-gyp against the
// running Node's own headers (--nodedir: no header download). Never fails the install: on any error it
// says so and exits 0, and exact search then uses the onnxruntime path. MTEB_TS_SKIP_NATIVE=1 skips it;
// MTEB_TS_NATIVE_VERBOSE=1 shows node-gyp's output.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fallback = 'exact search will use the onnxruntime path';
if (process.env.MTEB_TS_SKIP_NATIVE === '1') {
  console.log(`build:native skipped (MTEB_TS_SKIP_NATIVE=1); ${fallback}`);
  process.exit(0);
}
const nodedir = resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodedir, 'include/node/node_api.h'))) {
  console.log(`build:native skipped: Node's headers are not at ${nodedir}/include/node; ${fallback}`);
  process.exit(0);
}
// npm puts its node-gyp on PATH for scripts; otherwise look for npm's own copy next to node.
const candidates = [join(nodedir, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')];
try {
  candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
} catch {
  /* not installed locally */
}
const gyp = candidates.find((c) => existsSync(c));
const cmd = gyp ? process.execPath : 'node-gyp';
const args = [...(gyp ? [gyp] : []), 'rebuild', `--nodedir=${nodedir}`, '--directory=native'];
// node-gyp's ~40 lines of progress are kept out of `npm ci`: they are shown only when the build fails (the last 40
// lines, where the compiler error is) or with MTEB_TS_NATIVE_VERBOSE=1.
const verbose = process.env.MTEB_TS_NATIVE_VERBOSE === '1';
const r = spawnSync(cmd, args, { cwd: root, stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (r.status !== 0) {
  rmSync(join(root, 'native/build'), { recursive: true, force: true });
  if (!verbose) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n');
    console.log(out.slice(-40).join('\n'));
  }
  console.log(`build:native failed (${r.error ? r.error.message : `exit ${r.status}`}); ${fallback}`);
  process.exit(0);
}
console.log('build:native: every target of native/binding.gyp built into native/build/Release');
