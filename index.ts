/** Library entry: the same API the CLI uses, modelled on mteb's (get_tasks, get_benchmark, get_model, evaluate). */

export type { EncodeContext, Encoder, ModelMeta, PromptType, TaskRef } from './core/encoder.js';
export { encoderRevision } from './core/encoder.js';
export { ConfigError, DatasetError, EvaluationError, ModelError, MtebError } from './core/errors.js';
export type { Matrix } from './core/matrix.js';
export { createMatrix } from './core/matrix.js';
export { readNpy, writeNpy } from './models/npy.js';
export type { ModelOptions } from './models/options.js';
export { getModel, listProviders } from './models/registry.js';
// The results API (also its own entry point, 'mteb-ts/results').
export * from './results/index.js';
export type { ScoreRow, TaskResult } from './results/schema.js';
export { main as cli } from './runners/cli.js';
export type { EvaluateOptions, EvaluationReport } from './runners/evaluate.js';
export { evaluate } from './runners/evaluate.js';
export type { OverwriteStrategy } from './runners/result-store.js';
export type { TextRequest } from './runners/task-texts.js';
export { taskTexts } from './runners/task-texts.js';
export type { Benchmark } from './tasks/benchmark.js';
export type { DatasetRef, TaskMetadata, TaskType } from './tasks/metadata.js';
export type { TaskFilters } from './tasks/registry.js';
export { allTaskNames, getBenchmark, getBenchmarkTasks, getTask, getTasks, listBenchmarks } from './tasks/registry.js';
