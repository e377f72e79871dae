/**
 * The texts a run asks a model to embed, found by running the tasks with a recording encoder: whatever the
 * evaluators (and their data hooks, subsampling, deduplication) request is recorded, so the list is exactly what
 * `run` would encode, by construction rather than by a second reading of every task type. The recorder answers with
 * small hash vectors so the evaluators can finish; their scores are thrown away and nothing is written.
 */
import type { EncodeContext, Encoder, PromptType } from '../core/encoder.js';
import type { Matrix } from '../core/matrix.js';
import type { DataOptions } from '../hub/options.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import { evaluate } from './evaluate.js';

/** One text a run asks for: a line of `mteb-ts texts` and of a precomputed folder's texts.jsonl. */
export interface TextRequest {
  text: string;
  /** query/document for Retrieval and Reranking-like tasks, null elsewhere (mteb's None). */
  prompt_type: PromptType | null;
  task: string;
  task_type: string;
}

export interface TaskTexts {
  requests: TextRequest[];
  /** The encode context of the first call per (task, prompt type): `embed -t` encodes each group with it. */
  contexts: Map<string, EncodeContext>;
  failures: { task: string; error: Error }[];
}

/** The (task, prompt type) group of a request or an encode call. */
export const groupKey = (task: string, promptType: PromptType | null | undefined): string => `${task}\u0000${promptType ?? ''}`;

const DIM = 8;

/** A deterministic, non-degenerate vector per text (FNV-1a seeds xorshift32), so scoring never trips on ties or zeros. */
function hashVectors(texts: readonly string[]): Matrix {
  const data = new Float32Array(texts.length * DIM);
  texts.forEach((t, i) => {
    let h = 0x811c9dc5;
    for (let k = 0; k < t.length; k++) h = Math.imul(h ^ t.charCodeAt(k), 0x01000193) >>> 0;
    let x = h || 1;
    for (let d = 0; d < DIM; d++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      data[i * DIM + d] = x / 0xffffffff - 0.5;
    }
  });
  return { rows: texts.length, cols: DIM, data };
}

export interface TaskTextsOptions {
  data?: DataOptions;
  warn?: (message: string) => void;
  log?: (message: string) => void;
  /** After each task, with the number of distinct texts so far. */
  onTask?: (task: string, status: 'done' | 'failed', texts: number, error?: Error) => void;
}

/** The distinct (task, prompt type, text) requests of a run over `tasks`, in the order the run asks for them. */
export async function taskTexts(tasks: readonly TaskMetadata[], opts: TaskTextsOptions = {}): Promise<TaskTexts> {
  const seen = new Set<string>();
  const requests: TextRequest[] = [];
  const contexts = new Map<string, EncodeContext>();
  const recorder: Encoder = {
    name: 'mteb-ts/text-recorder',
    meta: { name: 'mteb-ts/text-recorder', embedDim: DIM, similarity: 'cosine' },
    cacheable: false,
    async encode(texts, ctx) {
      const group = groupKey(ctx.task.name, ctx.promptType);
      if (!contexts.has(group))
        contexts.set(group, { task: ctx.task, split: ctx.split, subset: ctx.subset, languages: ctx.languages, promptType: ctx.promptType });
      for (const text of texts) {
        const key = `${group}\u0000${text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        requests.push({ text, prompt_type: ctx.promptType ?? null, task: ctx.task.name, task_type: ctx.task.type });
      }
      return hashVectors(texts);
    },
  };
  const report = await evaluate(recorder, tasks, {
    outputFolder: null,
    data: opts.data,
    warn: opts.warn,
    log: opts.log,
    onTask: (e) =>
      opts.onTask?.(e.task.name, e.status === 'failed' ? 'failed' : 'done', requests.length, e.status === 'failed' ? e.error : undefined),
  });
  return { requests, contexts, failures: report.failures };
}
