#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` through the `prepare` script); in a checkout without dist/, runs
// the TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/runners/cli.js', import.meta.url));
let mod;
if (existsSync(compiled)) {
  mod = await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(new URL('../runners/cli.ts', import.meta.url).href);
}
process.exitCode = await mod.main(process.argv.slice(2));
