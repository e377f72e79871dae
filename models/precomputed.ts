import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Encoder, ModelMeta, SimilarityName } from '../core/encoder.js';
import type { ModelOptions } from './options.js';
import { NpyError, readNpy } from './npy.js';

/**
 * `precomputed:<dir>`: `texts.jsonl` (one JSON string per line) + `embeddings.npy` (float32 [N, D], row i = line i).
 * An optional `model_meta.json` ({name, revision, similarity_fn_name}) names the model whose vectors these are.
 */
export async function create(spec: string, _opts: ModelOptions): Promise<Encoder> {
  const dir = resolve(spec);
  const model = `precomputed:${spec}`;
  const textsFile = join(dir, 'texts.jsonl');
  const npyFile = join(dir, 'embeddings.npy');
  for (const f of [textsFile, npyFile]) {
    if (!existsSync(f)) {
      throw new ConfigError(`precomputed embeddings folder is missing ${basename(f)}`, {
        model,
        file: f,
        hint: 'write it with `mteb-ts embed`, or save texts.jsonl + embeddings.npy (float32, C-order) yourself',
      });
    }
  }
  const texts = readTexts(textsFile, model);
  let m: Matrix;
  try {
    m = readNpy(npyFile);
  } catch (e) {
    throw new ConfigError(e instanceof NpyError ? e.message : `cannot read: ${(e as Error).message}`, { model, file: npyFile });
  }
  if (m.rows !== texts.length) {
    throw new ConfigError(`embeddings.npy has ${m.rows} rows but texts.jsonl has ${texts.length} lines`, { model, file: npyFile });
  }
  const index = new Map<string, number>();
  texts.forEach((t, i) => {
    if (!index.has(t)) index.set(t, i);
  });
  const meta = readMeta(dir, model, m.cols);
  return {
    name: meta.name,
    revision: meta.revision,
    cacheable: false,
    similarity: meta.similarity,
    meta,
    async encode(input) {
      const out = new Float32Array(input.length * m.cols);
      for (let i = 0; i < input.length; i++) {
        const row = index.get(input[i]!);
        if (row === undefined) {
          const t = input[i]!;
          throw new ModelError(`text #${i} of this batch is not in the precomputed embeddings: ${JSON.stringify(t.length > 80 ? `${t.slice(0, 80)}…` : t)}`, {
            model,
            file: textsFile,
            hint: 'embed every text the task needs (mteb-ts embed --task <Task>)',
          });
        }
        out.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), i * m.cols);
      }
      return { rows: input.length, cols: m.cols, data: out };
    },
  };
}

function readTexts(file: string, model: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ConfigError(`invalid JSON: ${(e as Error).message}`, { model, file, row: i });
    }
    if (typeof v !== 'string') throw new ConfigError('each line must be a JSON string', { model, file, row: i });
    return v;
  });
}

function readMeta(dir: string, model: string, dim: number): ModelMeta {
  const file = join(dir, 'model_meta.json');
  const base: ModelMeta = { name: `precomputed/${basename(dir)}`, embedDim: dim, similarity: 'cosine', framework: ['precomputed'] };
  if (!existsSync(file)) return base;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`invalid JSON: ${(e as Error).message}`, { model, file });
  }
  const sim = raw.similarity_fn_name ?? raw.similarity;
  if (sim !== undefined && sim !== null && sim !== 'cosine' && sim !== 'dot') {
    throw new ConfigError(`similarity_fn_name must be "cosine" or "dot", got ${JSON.stringify(sim)}`, { model, file });
  }
  return {
    ...base,
    name: typeof raw.name === 'string' ? raw.name : base.name,
    revision: typeof raw.revision === 'string' ? raw.revision : undefined,
    similarity: (sim as SimilarityName | undefined) ?? 'cosine',
    extra: { precomputed_from: dir },
  };
}
