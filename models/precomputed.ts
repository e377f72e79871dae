import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EncodeContext, Encoder, ModelMeta, SimilarityName } from '../core/encoder.js';
import { ConfigError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { NpyError, readNpy } from './npy.js';
import type { ModelOptions } from './options.js';

/**
 * `precomputed:<dir>`: `texts.jsonl` + `embeddings.npy` (float32 [N, D], row i = line i). A line is a JSON string, or
 * an object {text, prompt_type, task} as `mteb-ts texts` / `embed -t` write them, so a text embedded as a query and
 * as a document (or with two tasks' prompts) keeps both vectors.
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
  const entries = readTexts(textsFile, model);
  let m: Matrix;
  try {
    m = readNpy(npyFile);
  } catch (e) {
    throw new ConfigError(e instanceof NpyError ? e.message : `cannot read: ${(e as Error).message}`, { model, file: npyFile });
  }
  if (m.rows !== entries.length) {
    throw new ConfigError(`embeddings.npy has ${m.rows} rows but texts.jsonl has ${entries.length} lines`, { model, file: npyFile });
  }
  // Keyed by (task, prompt type, text); a line without a task or prompt type serves any (plain strings serve all).
  const index = new Map<string, number>();
  entries.forEach((e, i) => {
    const k = entryKey(e.task ?? '', e.promptType ?? '', e.text);
    if (!index.has(k)) index.set(k, i);
  });
  const lookup = (text: string, ctx: EncodeContext): number | undefined => {
    const pt = ctx.promptType ?? '';
    return (
      index.get(entryKey(ctx.task.name, pt, text)) ??
      index.get(entryKey(ctx.task.name, '', text)) ??
      index.get(entryKey('', pt, text)) ??
      index.get(entryKey('', '', text))
    );
  };
  const meta = readMeta(dir, model, m.cols);
  return {
    name: meta.name,
    revision: meta.revision,
    cacheable: false,
    similarity: meta.similarity,
    meta,
    async encode(input, ctx) {
      const out = new Float32Array(input.length * m.cols);
      for (let i = 0; i < input.length; i++) {
        const row = lookup(input[i]!, ctx);
        if (row === undefined) {
          const t = input[i]!;
          const as = ctx.promptType ? ` as a ${ctx.promptType}` : '';
          throw new ModelError(
            `text #${i} of this batch${as} is not in the precomputed embeddings: ${JSON.stringify(t.length > 80 ? `${t.slice(0, 80)}…` : t)}`,
            {
              model,
              file: textsFile,
              // One text for every task, so a run with many failing tasks prints it once.
              hint: '`mteb-ts texts -t <Task> --out texts.jsonl` lists every text a run needs, with its prompt type; `mteb-ts embed -m <model> -t <Task> --out <dir>` embeds them',
            },
          );
        }
        out.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), i * m.cols);
      }
      return { rows: input.length, cols: m.cols, data: out };
    },
  };
}

/** A line of texts.jsonl: a JSON string, or `mteb-ts texts`' object {text, prompt_type?, task?}. */
interface Entry {
  text: string;
  promptType?: string;
  task?: string;
}

const entryKey = (task: string, promptType: string, text: string): string => `${task}\u0000${promptType}\u0000${text}`;

function readTexts(file: string, model: string): Entry[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ConfigError(`invalid JSON: ${(e as Error).message}`, { model, file, row: i });
    }
    if (typeof v === 'string') return { text: v };
    const o = v as { text?: unknown; prompt_type?: unknown; task?: unknown } | null;
    const optional = (x: unknown) => x === undefined || x === null || typeof x === 'string';
    if (!o || typeof o !== 'object' || typeof o.text !== 'string' || !optional(o.prompt_type) || !optional(o.task)) {
      throw new ConfigError('each line must be a JSON string or an object {"text": string, "prompt_type"?: string|null, "task"?: string}', {
        model,
        file,
        row: i,
      });
    }
    return { text: o.text, promptType: (o.prompt_type as string | null) ?? undefined, task: (o.task as string | undefined) ?? undefined };
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
