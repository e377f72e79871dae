import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Encoder } from '../core/encoder.js';
import { ConfigError } from '../core/errors.js';
import type { ModelOptions } from './options.js';

/**
 * `module:<file.js>`: a user module whose default export (or `create` / `encoder` export) is an Encoder, or a
 * function `(opts) => Encoder | Promise<Encoder>`. A `.ts` file is imported as is where Node can load TypeScript
 * (Node >= 23.6, or a loader such as tsx); elsewhere the error says how to compile it. See examples/encoder.mjs.
 */
export async function create(spec: string, opts: ModelOptions): Promise<Encoder> {
  const file = resolve(spec);
  const model = `module:${spec}`;
  if (!existsSync(file)) throw new ConfigError('module file not found', { model, file });
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    // A TypeScript file where Node cannot strip types (before 23.6, without a loader): say how to compile it.
    const ts = /\.[mc]?ts$/i.test(file);
    const code = (e as { code?: string }).code;
    throw new ConfigError(`cannot import: ${(e as Error).message}`, {
      model,
      file,
      hint:
        ts &&
        (code === 'ERR_UNKNOWN_FILE_EXTENSION' ||
          code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING' ||
          /Unknown file extension/.test(String((e as Error).message)))
          ? `this Node (${process.version}) cannot load TypeScript: compile it (npx tsc --module nodenext --target es2022 --outDir build ${spec}) and pass module:build/<name>.js, or run with node >= 23.6 or node --import tsx`
          : undefined,
    });
  }
  const candidate = mod.default ?? mod.create ?? mod.encoder;
  const enc = (
    typeof candidate === 'function' && !isEncoder(candidate) ? await (candidate as (o: ModelOptions) => unknown)(opts) : candidate
  ) as Encoder;
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
