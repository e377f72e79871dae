import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import type { EncodeContext, Encoder, PromptType, TaskRef } from '../../core/encoder.js';
import { ConfigError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { writeNpy } from '../../models/npy.js';
import { getModel } from '../../models/registry.js';
import { getTask } from '../../tasks/registry.js';
import { checkedEncoder } from '../checked-encoder.js';
import type { CliIO } from '../cli-io.js';
import { failureLine, printFailures } from '../cli-report.js';
import { selectTasks } from '../select-tasks.js';
import { groupKey, type TextRequest, taskTexts } from '../task-texts.js';
import { type DataFlags, dataOptionsFrom, type ModelFlags, modelOptionsFrom, parsePrompts, type TaskFilterFlags, type Verbosity } from './options.js';
import { textsJsonl } from './texts.js';

export interface EmbedOptions extends TaskFilterFlags, ModelFlags, DataFlags, Verbosity {
  model?: string;
  input?: string;
  out?: string;
  promptType?: PromptType;
}

const hasSelection = (o: TaskFilterFlags): boolean => !!(o.tasks?.length || o.benchmark?.length || o.taskFile?.length || o.taskTypes?.length);

/**
 * `mteb-ts embed`: writes the precomputed: format, so any model's vectors can be evaluated later offline. Either the
 * texts of `--input`, or (with -t/-b) exactly the texts a run of those tasks asks for, each encoded with its task's
 * prompt and prompt type.
 */
export async function handler(o: EmbedOptions, io: CliIO): Promise<number> {
  const { model: id, input, out } = o;
  if (!id) throw new ConfigError('embed needs --model');
  if (!out) throw new ConfigError('embed needs --out');
  if (!input && !hasSelection(o)) {
    throw new ConfigError('embed needs --input <file>, or the tasks whose texts to embed (-t <Task>... or -b <benchmark>)', {
      hint: 'mteb-ts embed -m <model> -t <Task> --out <dir> embeds what a run of <Task> needs; `mteb-ts texts -t <Task>` lists those texts',
    });
  }
  if (input && (o.tasks?.length ?? 0) > 1) throw new ConfigError('with --input, -t names one task (whose prompts apply)');
  const data = dataOptionsFrom(o, io);
  // Read (and check) the input before loading the model.
  const texts = input ? readTexts(input) : undefined;
  const prompts = o.prompts === undefined ? undefined : parsePrompts(o.prompts);
  const model = checkedEncoder(await getModel(id, { ...modelOptionsFrom(o, prompts, data), warn: (m) => io.stderr(`warning: ${m}`) }));
  try {
    const t0 = Date.now();
    if (texts) {
      const taskMeta = o.tasks?.length ? getTask(o.tasks[0]!) : undefined;
      // Without a task, prompts resolve as for an unnamed STS task (only a model's "STS" or default prompt applies).
      const task: TaskRef = taskMeta ? { name: taskMeta.name, type: taskMeta.type, prompt: taskMeta.prompt } : { name: '', type: 'STS' };
      const ctx: EncodeContext = { task, split: 'embed', subset: 'default', languages: taskMeta?.subsets.default ?? [], promptType: o.promptType };
      const m = await model.encode(texts, { ...ctx, batchSize: o.batchSize });
      const lines = texts.map((t) => `${JSON.stringify(t)}\n`).join('');
      writeFolder(out, m, lines, {
        ...metaOf(model, m.cols),
        prompt_type: o.promptType ?? null,
        task: taskMeta?.name ?? null,
        prompt: model.resolvePrompt?.(ctx) ?? null,
      });
      io.stderr(`embedded ${texts.length} texts (${m.cols} dims) in ${((Date.now() - t0) / 1000).toFixed(1)}s -> ${out}`);
      return 0;
    }
    const tasks = await selectTasks(o, true);
    if (!tasks.length) throw new ConfigError('no task matches the given filters');
    const found = await taskTexts(tasks, {
      data,
      warn: (m) => io.stderr(`warning: ${m}`),
      onTask: (task, status, _n, error) => {
        if (status === 'failed') io.stderr(`${task}: FAILED: ${failureLine(error)}`);
      },
    });
    if (found.failures.length) {
      printFailures(io, found.failures, { shown: true });
      io.stderr('nothing written: the texts of every task are needed (fix the failures above, then rerun)');
      return 1;
    }
    const m = await encodeGroups(model, found.requests, found.contexts, o.batchSize);
    writeFolder(out, m, textsJsonl(found.requests), { ...metaOf(model, m.cols), tasks: tasks.map((t) => t.name) });
    io.stderr(
      `embedded ${found.requests.length} texts of ${tasks.length} tasks (${m.cols} dims) in ${((Date.now() - t0) / 1000).toFixed(1)}s -> ${out}`,
    );
    return 0;
  } finally {
    await model.close?.();
  }
}

function metaOf(model: Encoder, dim: number): Record<string, unknown> {
  return { name: model.meta.name, revision: model.meta.revision ?? null, similarity_fn_name: model.similarity ?? 'cosine', embed_dim: dim };
}

function writeFolder(out: string, m: Matrix, textsLines: string, meta: Record<string, unknown>): void {
  writeNpy(join(out, 'embeddings.npy'), m);
  writeFileAtomic(join(out, 'texts.jsonl'), textsLines);
  writeFileAtomic(join(out, 'model_meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Encodes the requests group by group ((task, prompt type), with the context the run used), rows in request order. */
async function encodeGroups(
  model: Encoder,
  requests: readonly TextRequest[],
  contexts: Map<string, EncodeContext>,
  batchSize: number,
): Promise<Matrix> {
  const groups = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const k = groupKey(r.task, r.prompt_type);
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  let data: Float32Array | undefined;
  let cols = 0;
  for (const [k, rows] of groups) {
    const ctx = contexts.get(k)!;
    const m = await model.encode(
      rows.map((i) => requests[i]!.text),
      { ...ctx, batchSize },
    );
    cols = m.cols;
    data ??= new Float32Array(requests.length * cols);
    rows.forEach((row, j) => data!.set(m.data.subarray(j * cols, (j + 1) * cols), row * cols));
  }
  return { rows: requests.length, cols, data: data ?? new Float32Array(0) };
}

/** --input: .txt (one text per line; blank lines refused) or .jsonl (JSON strings or {"text": ...} objects). */
function readTexts(file: string): string[] {
  if (!existsSync(file)) throw new ConfigError('input file not found', { file });
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (!lines.length)
    throw new ConfigError('the input file holds no texts', {
      file,
      hint: 'one text per line (.txt), or one JSON string or {"text": ...} per line (.jsonl)',
    });
  if (!/\.jsonl$/i.test(file)) {
    const blank = lines.findIndex((l) => !l.trim());
    if (blank >= 0) {
      throw new ConfigError('a blank line is not a text', {
        file,
        line: blank + 1,
        hint: 'remove blank lines; to embed an empty or blank text on purpose, use .jsonl with a JSON string ("")',
      });
    }
    return lines;
  }
  return lines.map((line, row) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ConfigError(`invalid JSON: ${(e as Error).message}`, { file, line: row + 1 });
    }
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') return (v as { text: string }).text;
    throw new ConfigError('each line must be a JSON string or an object with a "text" string', { file, line: row + 1 });
  });
}
