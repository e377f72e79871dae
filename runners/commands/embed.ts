import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { ConfigError } from '../../core/errors.js';
import type { EncodeContext, PromptType, TaskRef } from '../../core/encoder.js';
import { writeNpy } from '../../models/npy.js';
import { getModel } from '../../models/registry.js';
import { getTask } from '../../tasks/registry.js';
import type { CliIO } from '../cli-io.js';
import { checkedEncoder } from '../checked-encoder.js';
import { dataOptionsFrom, modelOptionsFrom, parsePrompts, type DataFlags, type ModelFlags, type Verbosity } from './options.js';

export interface EmbedOptions extends ModelFlags, DataFlags, Verbosity {
  model?: string;
  input?: string;
  out?: string;
  promptType?: PromptType;
  task?: string;
}

/** `mteb-ts embed`: writes the precomputed: format, so any model's vectors can be evaluated later offline. */
export async function handler(o: EmbedOptions, io: CliIO): Promise<number> {
  const { model: id, input, out } = o;
  if (!id) throw new ConfigError('embed needs --model');
  if (!input) throw new ConfigError('embed needs --input');
  if (!out) throw new ConfigError('embed needs --out');
  const texts = readTexts(input);
  const taskMeta = o.task ? getTask(o.task) : undefined;
  // Without --task, prompts resolve as for an unnamed STS task (only a model's "STS" or default prompt applies).
  const task: TaskRef = taskMeta ? { name: taskMeta.name, type: taskMeta.type, prompt: taskMeta.prompt } : { name: '', type: 'STS' };
  const ctx: EncodeContext = { task, split: 'embed', subset: 'default', languages: taskMeta?.subsets.default ?? [], promptType: o.promptType };
  const prompts = o.prompts === undefined ? undefined : parsePrompts(o.prompts);
  const model = checkedEncoder(await getModel(id, { ...modelOptionsFrom(o, prompts, dataOptionsFrom(o, io)), warn: (m) => io.stderr(`warning: ${m}`) }));
  try {
    const t0 = Date.now();
    const m = await model.encode(texts, { ...ctx, batchSize: o.batchSize });
    writeNpy(join(out, 'embeddings.npy'), m);
    writeFileAtomic(join(out, 'texts.jsonl'), texts.map((t) => JSON.stringify(t)).join('\n') + (texts.length ? '\n' : ''));
    const meta = { name: model.meta.name, revision: model.meta.revision ?? null, similarity_fn_name: model.similarity ?? 'cosine', embed_dim: m.cols, prompt_type: o.promptType ?? null, task: o.task ?? null, prompt: model.resolvePrompt?.(ctx) ?? null };
    writeFileAtomic(join(out, 'model_meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    io.stderr(`embedded ${texts.length} texts (${m.cols} dims) in ${((Date.now() - t0) / 1000).toFixed(1)}s -> ${out}`);
  } finally {
    await model.close?.();
  }
  return 0;
}

function readTexts(file: string): string[] {
  if (!existsSync(file)) throw new ConfigError('input file not found', { file });
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (!/\.jsonl$/i.test(file)) return lines;
  return lines.map((line, row) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ConfigError(`invalid JSON: ${(e as Error).message}`, { file, row });
    }
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') return (v as { text: string }).text;
    throw new ConfigError('each line must be a JSON string or an object with a "text" string', { file, row });
  });
}
