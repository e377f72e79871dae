/**
 * Finds and loads one of the optional N-API addons built from native/ by `npm run build:native`
 * (native/build/Release/<name>.node). Undefined when it is not built or does not load: every caller has a
 * plain-JS or onnxruntime fallback. The outcome is remembered per name, so callers need no cache of their own.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const loaded = new Map<string, unknown>();

export function loadAddon<T>(name: string): T | undefined {
  if (!loaded.has(name)) loaded.set(name, find(name) ?? null);
  return (loaded.get(name) ?? undefined) as T | undefined;
}

function find(name: string): unknown {
  // Source (compute/native) and build (dist/compute/native) layouts: walk up to native/build.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = resolve(dir, `native/build/Release/${name}.node`);
    if (existsSync(file)) {
      try {
        return createRequire(import.meta.url)(file) as unknown;
      } catch {
        return undefined;
      }
    }
    dir = dirname(dir);
  }
  return undefined;
}
