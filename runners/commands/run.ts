import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encoderRevision } from '../../core/encoder.js';
import { readEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { getModel } from '../../models/registry.js';
import type { CliIO } from '../cli-io.js';
import { failureLine, failuresJson, printFailures } from '../cli-report.js';
import { evaluate, type EvaluationReport, type TaskEvent } from '../evaluate.js';
import { withFirstStage } from '../first-stage.js';
import type { OverwriteStrategy } from '../result-store.js';
import { progressReporter } from '../progress.js';
import { selectTasks } from '../select-tasks.js';
import { renderTable, pct, taskMainScore } from '../table.js';
import { predictionsPath, savePredictions } from '../../results/predictions.js';
import { modelFolderParts } from '../../results/schema.js';
import { dataOptionsFrom, modelOptionsFrom, parsePrompts, type DataFlags, type ModelFlags, type TaskFilterFlags, type Verbosity } from './options.js';

export interface RunOptions extends TaskFilterFlags, ModelFlags, DataFlags, Verbosity {
  model?: string;
  outputFolder: string;
  overwriteStrategy: OverwriteStrategy;
  firstStage?: string;
  rerankTopK?: number;
  sklearnVersion?: string;
  predictionFolder?: string;
  savePredictions?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** `mteb-ts run`: evaluate a model on tasks or a benchmark. */
export async function handler(o: RunOptions, io: CliIO): Promise<number> {
  if (!o.model) throw new ConfigError('missing -m <model>', { hint: 'e.g. -m lexical, -m hf:sentence-transformers/all-MiniLM-L6-v2' });
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  const prompts = o.prompts === undefined ? undefined : parsePrompts(o.prompts);
  const data = dataOptionsFrom(o, io);
  let model = await getModel(o.model, { ...modelOptionsFrom(o, prompts, data), warn: (m) => io.stderr(`warning: ${m}`) });
  if (o.firstStage) model = withFirstStage(model, o.firstStage, o.rerankTopK);
  const verbose = !!o.verbose;
  const progress = !o.quiet && (verbose || io.stderrIsTTY);
  // Inside a task: a live line on a TTY, a line every 30 s in CI logs, the cache hit rate as a task starts encoding.
  const reporter = progressReporter(io, { quiet: !!o.quiet });
  let n = 0;
  const predictionFolder = o.predictionFolder ?? (o.savePredictions ? join(o.outputFolder, ...modelFolderParts(model.name, encoderRevision(model)), 'predictions') : undefined);
  let report: EvaluationReport;
  try {
    report = await evaluate(model, tasks, {
      outputFolder: o.outputFolder,
      overwriteStrategy: o.overwriteStrategy,
      batchSize: o.batchSize,
      sklearnVersion: o.sklearnVersion ?? readEnv().MTEB_TS_SKLEARN_VERSION,
      data,
      log: verbose ? (m) => io.stderr(`  ${m}`) : undefined,
      warn: (m) => io.stderr(`warning: ${m}`),
      onProgress: (e) => reporter.onProgress(e),
      onTask: (e: TaskEvent) => {
        reporter.onProgress({ kind: 'end', task: e.task.name });
        n++;
        // A complete result is not recomputed, so it gets no predictions: say so rather than leave diff guessing.
        if (predictionFolder && e.status === 'cached' && !existsSync(predictionsPath(predictionFolder, e.task.name))) {
          io.stderr(`warning: ${e.task.name}: its result already exists, so no predictions were saved for it (rerun with --overwrite-strategy always to save them)`);
        }
        // Failures print as they happen (without their hints: the summary prints each hint once).
        if (!progress && e.status !== 'failed') return;
        const head = `[${n}/${tasks.length}] ${e.task.name}`;
        if (e.status === 'failed') io.stderr(`${head}: FAILED: ${failureLine(e.error)}`);
        else io.stderr(`${head}: ${e.status === 'cached' ? 'cached' : `${e.seconds.toFixed(1)}s`}  main ${pct(taskMainScore(e.result.scores))}`);
      },
      // Written per split/subset as soon as it is scored, like mteb's prediction folder.
      onPredictions: predictionFolder
        ? (task, split, subset, predictions, perSample) => savePredictions(predictionFolder, { task: task.name, model: model.name, revision: encoderRevision(model), split, subset, predictions, perSample })
        : undefined,
    });
  } finally {
    reporter.stop();
    await model.close?.();
  }
  printSummary(report, tasks.length, io, { json: !!o.json, failuresShown: true, verbose });
  return report.failures.length ? 1 : 0;
}


export function printSummary(report: EvaluationReport, total: number, io: CliIO, opts: { json: boolean; failuresShown: boolean; verbose: boolean }): void {
  if (opts.json) {
    io.stdout(
      JSON.stringify(
        {
          model: report.model,
          revision: report.revision ?? null,
          folder: report.folder ?? null,
          tasks: report.results.map((r) => ({ task: r.task_name, main_score: taskMainScore(r.scores), scores: r.scores })),
          failures: failuresJson(report.failures),
        },
        null,
        2,
      ),
    );
    return;
  }
  const rows = report.results.flatMap((r) =>
    Object.entries(r.scores).flatMap(([split, rs]) => rs.map((row) => [r.task_name, split, row.hf_subset, pct(row.main_score)])),
  );
  if (rows.length) io.stdout(renderTable(['task', 'split', 'subset', 'main score (x100)'], rows, ['l', 'l', 'l', 'r']));
  printFailures(io, report.failures, { shown: opts.failuresShown, verbose: opts.verbose });
  io.stdout(`${report.results.length}/${total} tasks done${report.failures.length ? `, ${report.failures.length} failed` : ''}${report.folder ? `; results in ${report.folder}` : ''}`);
}
