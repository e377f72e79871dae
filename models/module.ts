import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../core/errors.js';
import type { Encoder } from '../core/encoder.js';
import type { ModelOptions } from './options.js';

/**
 * `module:<file.js>`: a user module whose default export (or `create` / `encoder` export) is an Encoder, or a
 * function `(opts) => Encoder | Promise<Encoder>`.
 */
export async function create(spec: string, opts: ModelOptions): Promise<Encoder> {
  const file = resolve(spec);
  const model = `module:${spec}`;
  if (!existsSync(file)) throw new ConfigError('module file not found', { model, file });
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`cannot import: ${(e as Error).message}`, { model, file });
  }
  const candidate = mod.default ?? mod.create ?? mod.encoder;
  const enc = (typeof candidate === 'function' && !isEncoder(candidate) ? await (candidate as (o: ModelOptions) => unknown)(opts) : candidate) as Encoder;
  if (!isEncoder(enc)) {
    throw new ConfigError('the module must export an Encoder ({ name, meta, encode(texts, ctx) }) or a function returning one', {
      model,
      file,
      hint: 'export default { name: "my-model", meta: { name: "my-model" }, async encode(texts) { return { rows, cols, data } } }',
    });
  }
  // `meta` is optional for user modules; the runner records it in model_meta.json.
  (enc as { meta: Encoder['meta'] }).meta ??= { name: enc.name, revision: enc.revision, similarity: enc.similarity };
  return enc;
}

function isEncoder(x: unknown): x is Encoder {
  return !!x && typeof x === 'object' && typeof (x as Encoder).encode === 'function' && typeof (x as Encoder).name === 'string';
}
