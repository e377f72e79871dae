/**
 * The results API as a package entry point (`import { ... } from 'mteb-ts/results'`, also re-exported by 'mteb-ts'):
 * read result files, collect folders, aggregate a benchmark, diff two runs, render tables and HTML, save predictions.
 * docs/results-tooling.md describes each step.
 */

export type { BenchmarkSpec, Leaderboard, LeaderboardRow, TaskScore } from './aggregate.js';
export { aggregateBenchmark, benchmarkSpec, specFromResults } from './aggregate.js';
export type { BootstrapResult } from './bootstrap.js';
export { pairedBootstrap } from './bootstrap.js';
export type { Collection, CollectOptions, Issue, ModelRun } from './collect.js';
export { collectResults, joinRevisions } from './collect.js';
export type { DiffOptions, DiffReport, MetricDelta, TaskDiff, TaskStatus } from './diff.js';
export { diffRuns } from './diff.js';
export type { DiffFormat, LeaderboardFormat } from './format.js';
export { DIFF_FORMATS, formatDiff, formatLeaderboard, LEADERBOARD_FORMATS } from './format.js';
export type { RetrievalRun, SavePredictionsInput } from './predictions.js';
export { readPredictions, savePredictions } from './predictions.js';
export type { NormalisedResult, NormalizedResult, ReadOptions, ResultFormat, TaskLookup } from './read.js';
export { parseResultText, ResultFileError, readResultFile, registryLookup } from './read.js';
export type { HtmlReportOptions } from './report-html.js';
export { renderHtmlReport } from './report-html.js';
export { writeResult } from './write.js';
