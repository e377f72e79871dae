/** Library entry: the same API the CLI uses, modelled on mteb's (get_tasks, get_benchmark, get_model, evaluate). */
export { getTask, getTasks, getBenchmark, getBenchmarkTasks, listBenchmarks, allTaskNames } from './tasks/registry.js';
export type { TaskFilters } from './tasks/registry.js';
export type { TaskMetadata, TaskType, DatasetRef } from './tasks/metadata.js';
export type { Benchmark } from './tasks/benchmark.js';
export { getModel, listProviders } from './models/registry.js';
export type { Encoder, EncodeContext, ModelMeta, PromptType, TaskRef } from './core/encoder.js';
export type { ModelOptions } from './models/options.js';
export { evaluate } from './runners/evaluate.js';
export type { EvaluateOptions, EvaluationReport } from './runners/evaluate.js';
export type { OverwriteStrategy } from './runners/result-store.js';
export type { TaskResult, ScoreRow } from './results/schema.js';
export type { Matrix } from './core/matrix.js';
export { createMatrix } from './core/matrix.js';
export { readNpy, writeNpy } from './models/npy.js';
export { MtebError, DatasetError, ModelError, ConfigError, EvaluationError } from './core/errors.js';
export { main as cli } from './runners/cli.js';
export { encoderRevision } from './core/encoder.js';
export { taskTexts } from './runners/task-texts.js';
export type { TextRequest } from './runners/task-texts.js';
// The results API (also its own entry point, 'mteb-ts/results').
export * from './results/index.js';
