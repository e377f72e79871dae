import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encoderRevision } from '../../core/encoder.js';
import { readEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { getModel } from '../../models/registry.js';
import { predictionsPath, savePredictions } from '../../results/predictions.js';
import type { CliIO } from '../cli-io.js';
import { failureLine, failuresJson, printFailures } from '../cli-report.js';
import { CO2_DEFAULTS } from '../co2-tracker.js';
import { type EvaluationReport, evaluate, type TaskEvent } from '../evaluate.js';
import { withFirstStage } from '../first-stage.js';
import { progressReporter } from '../progress.js';
import { type OverwriteStrategy, resultFolder } from '../result-store.js';
import { selectTasks } from '../select-tasks.js';
import type { UnitKind } from '../shard/plan.js';
import { pct, renderTable, taskMainScore } from '../table.js';
import { type DataFlags, dataOptionsFrom, type ModelFlags, modelOptionsFrom, parsePrompts, type TaskFilterFlags, type Verbosity } from './options.js';

export interface RunOptions extends TaskFilterFlags, ModelFlags, DataFlags, Verbosity {
  model?: string;
  outputFolder: string;
  overwriteStrategy: OverwriteStrategy;
  firstStage?: string;
  rerankTopK?: number;
  sklearnVersion?: string;
  predictionFolder?: string;
  savePredictions?: boolean;
  co2Tracker?: boolean;
  co2Watts?: number;
  co2Intensity?: number;
  json?: boolean;
  /** `i/N`: run only shard i of the deterministic plan (runners/shard/plan.ts) and record a manifest for merge. */
  shard?: string;
  unit?: UnitKind;
  quiet?: boolean;
}

/** `mteb-ts run`: evaluate a model on tasks or a benchmark. */
export async function handler(o: RunOptions, io: CliIO): Promise<number> {
  if (!o.model) throw new ConfigError('missing -m <model>', { hint: 'e.g. -m lexical, -m hf:sentence-transformers/all-MiniLM-L6-v2' });
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  const prompts = o.prompts === undefined ? undefined : parsePrompts(o.prompts);
  // --shard i/N: only this shard's units of the deterministic plan, and a manifest for `merge`.
  const shard = o.shard ? (await import('../shard/shard-run.js')).prepareShard(tasks, o, prompts) : undefined;
  if (!shard && o.unit && o.unit !== 'task') throw new ConfigError('--unit applies to sharded runs only', { hint: 'add --shard i/N' });
  const runTasks = shard ? shard.tasks : tasks;
  const data = dataOptionsFrom(o, io);
  let model = await getModel(o.model, { ...modelOptionsFrom(o, prompts, data), warn: (m) => io.stderr(`warning: ${m}`) });
  if (o.firstStage) model = withFirstStage(model, o.firstStage, o.rerankTopK);
  const verbose = !!o.verbose;
  const progress = !o.quiet && (verbose || io.stderrIsTTY);
  // Inside a task: a live line on a TTY, a line every 30 s in CI logs, the cache hit rate as a task starts encoding.
  const reporter = progressReporter(io, { quiet: !!o.quiet });
  let n = 0;
  const predictionFolder =
    o.predictionFolder ?? (o.savePredictions ? join(resultFolder(o.outputFolder, model.name, encoderRevision(model)), 'predictions') : undefined);
  let report: EvaluationReport;
  try {
    report = await evaluate(model, runTasks, {
      outputFolder: o.outputFolder,
      overwriteStrategy: o.overwriteStrategy,
      co2: o.co2Tracker ? { wattsPerCore: o.co2Watts ?? CO2_DEFAULTS.wattsPerCore, intensity: o.co2Intensity ?? CO2_DEFAULTS.intensity } : undefined,
      batchSize: o.batchSize,
      sklearnVersion: o.sklearnVersion ?? readEnv().MTEB_TS_SKLEARN_VERSION,
      // A reranker's scores depend on its candidates: a resume must not mix rows of two first stages.
      settings: o.firstStage ? { first_stage: `${o.firstStage}@${o.rerankTopK ?? 'default'}` } : undefined,
      data,
      log: verbose ? (m) => io.stderr(`  ${m}`) : undefined,
      warn: (m) => io.stderr(`warning: ${m}`),
      onProgress: (e) => reporter.onProgress(e),
      onTask: (e: TaskEvent) => {
        shard?.onTask(e);
        reporter.onProgress({ kind: 'end', task: e.task.name });
        n++;
        // A complete result is not recomputed, so it gets no predictions: say so rather than leave diff guessing.
        if (predictionFolder && e.status === 'cached' && !existsSync(predictionsPath(predictionFolder, e.task.name))) {
          io.stderr(
            `warning: ${e.task.name}: its result already exists, so no predictions were saved for it (rerun with --overwrite-strategy always to save them)`,
          );
        }
        // Failures print as they happen (without their hints: the summary prints each hint once).
        if (!progress && e.status !== 'failed') return;
        const head = `[${n}/${runTasks.length}] ${e.task.name}`;
        if (e.status === 'failed') io.stderr(`${head}: FAILED: ${failureLine(e.error)}`);
        else io.stderr(`${head}: ${e.status === 'cached' ? 'cached' : `${e.seconds.toFixed(1)}s`}  main ${pct(taskMainScore(e.result.scores))}`);
      },
      // Written per split/subset as soon as it is scored, like mteb's prediction folder.
      onPredictions: predictionFolder
        ? (task, split, subset, predictions, perSample) =>
            savePredictions(predictionFolder, {
              task: task.name,
              model: model.name,
              revision: encoderRevision(model),
              split,
              subset,
              predictions,
              perSample,
            })
        : undefined,
    });
  } finally {
    reporter.stop();
    await model.close?.();
  }
  if (shard) {
    const file = shard.finish(model, o.model, o.outputFolder);
    io.stderr(`shard ${shard.index}/${shard.plan.shards} (plan ${shard.plan.planHash}): ${runTasks.length} task(s); manifest ${file}`);
  }
  printSummary(report, runTasks.length, io, { json: !!o.json, failuresShown: true, verbose });
  return report.failures.length ? 1 : 0;
}

export function printSummary(
  report: EvaluationReport,
  total: number,
  io: CliIO,
  opts: { json: boolean; failuresShown: boolean; verbose: boolean },
): void {
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
  io.stdout(
    `${report.results.length}/${total} tasks done${report.failures.length ? `, ${report.failures.length} failed` : ''}${report.folder ? `; results in ${report.folder}` : ''}`,
  );
}
