import type { Encoder } from '../../core/encoder.js';
import type { Matrix } from '../../core/matrix.js';
import { DEFAULT_SKLEARN_VERSION, parseSklearnVersion } from '../../core/sklearn-release.js';
import type { LoadedRows } from '../../tasks/data/rows.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import type { EvalContext, LoadContext } from '../../tasks/types/module.js';

/** Minimal LoadContext over a rows function (tests only). */
export function testLoadContext(
  task: TaskMetadata,
  split: string,
  subset: string,
  load: (config: string, split: string) => Promise<LoadedRows>,
): LoadContext {
  return {
    task,
    split,
    subset,
    loadRows: load,
    loadSubsetRows: (sp) => load(subset, sp),
    listConfigs: async () => [subset],
    listSubsetSplits: async () => [split],
    loadDatasetRows: () => Promise.reject(new Error('no second repository in this test')),
  };
}

/** An Encoder over a pure text -> matrix function that records what it was asked to encode. */
export function functionEncoder(
  fn: (texts: string[]) => Matrix,
  similarity?: 'cosine' | 'dot',
): Encoder & { calls: { texts: readonly string[]; promptType?: string }[] } {
  const calls: { texts: readonly string[]; promptType?: string }[] = [];
  return {
    name: 'test/function-encoder',
    similarity,
    meta: { name: 'test/function-encoder', similarity },
    calls,
    async encode(texts, ctx) {
      calls.push({ texts, promptType: ctx.promptType });
      return fn([...texts]);
    },
  };
}

export function testEvalContext(
  task: TaskMetadata,
  split: string,
  subset: string,
  encoder: Encoder,
  opts: { sklearnVersion?: string; batchSize?: number; state?: Map<string, unknown> } = {},
): EvalContext & { phases: string[] } {
  const phases: string[] = [];
  return {
    task,
    split,
    subset,
    encoder,
    batchSize: opts.batchSize ?? 32,
    sklearn: parseSklearnVersion(opts.sklearnVersion ?? DEFAULT_SKLEARN_VERSION),
    state: opts.state ?? new Map(),
    phases,
    async phase(name, fn) {
      phases.push(name);
      return fn();
    },
    log: () => {},
  };
}
