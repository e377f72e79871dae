import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { getModel } from '../../models/registry.js';
import { dataOptionsFromEnv } from '../../tasks/data/source.js';
import { modelOptionsFrom, type CliIO } from '../cli-io.js';
import { evaluate, type EvaluationReport, type TaskEvent } from '../evaluate.js';
import { withFirstStage } from '../first-stage.js';
import type { OverwriteStrategy } from '../result-store.js';
import { selectTasks } from '../select-tasks.js';
import { renderTable, pct } from '../table.js';
import { savePredictions } from '../../results/predictions.js';
import { modelFolderParts } from '../../results/schema.js';

export async function run(o: Record<string, unknown>, io: CliIO): Promise<number> {
  if (!o.model) throw new ConfigError('missing -m <model>', { hint: 'e.g. -m lexical, -m hf:sentence-transformers/all-MiniLM-L6-v2' });
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  if (typeof o.prompts === 'string') o.prompts = parsePrompts(o.prompts);
  // --shard i/N: only this shard's units of the deterministic plan (runners/shard/plan.ts), and a manifest for merge.
  const shard = o.shard ? (await import('../shard/shard-run.js')).prepareShard(tasks, o) : undefined;
  if (!shard && o.unit && o.unit !== 'task') throw new ConfigError('--unit applies to sharded runs only', { hint: 'add --shard i/N' });
  const runTasks = shard ? shard.tasks : tasks;
  let model = await getModel(String(o.model), { ...modelOptionsFrom(o), warn: (m) => io.stderr(`warning: ${m}`) });
  if (o.firstStage) model = withFirstStage(model, String(o.firstStage), o.rerankTopK as number | undefined);
  const verbose = !!o.verbose;
  const progress = verbose || io.stderrIsTTY;
  let n = 0;
  const data = { ...dataOptionsFromEnv(), ...(o.hubMirror ? { hubMirror: String(o.hubMirror) } : {}) };
  const predictionFolder = (o.predictionFolder as string | undefined) ?? (o.savePredictions ? join(String(o.outputFolder ?? 'mteb-results'), ...modelFolderParts(model.name, model.revision), 'predictions') : undefined);
  let report: EvaluationReport;
  try {
    report = await evaluate(model, runTasks, {
      outputFolder: String(o.outputFolder ?? 'mteb-results'),
      overwriteStrategy: o.overwriteStrategy as OverwriteStrategy,
      batchSize: o.batchSize as number,
      sklearnVersion: o.sklearnVersion ? String(o.sklearnVersion) : process.env.MTEB_TS_SKLEARN_VERSION || undefined,
      data,
      log: verbose ? (m) => io.stderr(`  ${m}`) : undefined,
      warn: (m) => io.stderr(`warning: ${m}`),
      onTask: (e: TaskEvent) => {
        shard?.onTask(e);
        n++;
        if (!progress && e.status !== 'failed') return;
        const head = `[${n}/${runTasks.length}] ${e.task.name}`;
        if (e.status === 'failed') io.stderr(`${head}: FAILED: ${e.error.message}`);
        else io.stderr(`${head}: ${e.status === 'cached' ? 'cached' : `${e.seconds.toFixed(1)}s`}  main ${pct(mainOf(e.result.scores))}`);
      },
      // Written per split/subset as soon as it is scored, like mteb's prediction folder.
      onPredictions: predictionFolder
        ? (task, split, subset, predictions) => savePredictions(predictionFolder, { task: task.name, model: model.name, revision: model.revision, split, subset, predictions })
        : undefined,
    });
  } finally {
    await model.close?.();
  }
  if (shard) {
    const file = shard.finish(model, String(o.model), String(o.outputFolder ?? 'mteb-results'));
    io.stderr(`shard ${shard.index}/${shard.plan.shards} (plan ${shard.plan.planHash}): ${runTasks.length} task(s); manifest ${file}`);
  }
  printSummary(report, runTasks.length, io, !!o.json);
  return report.failures.length ? 1 : 0;
}

function mainOf(scores: Record<string, { main_score: number | null }[]>): number | null {
  const all = Object.values(scores).flat().map((r) => r.main_score);
  const ok = all.filter((x): x is number => typeof x === 'number');
  return ok.length === all.length && ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
}

export function printSummary(report: EvaluationReport, total: number, io: CliIO, json: boolean): void {
  if (json) {
    io.stdout(
      JSON.stringify(
        {
          model: report.model,
          revision: report.revision ?? null,
          folder: report.folder ?? null,
          tasks: report.results.map((r) => ({ task: r.task_name, main_score: mainOf(r.scores), scores: r.scores })),
          failures: report.failures.map((f) => ({ task: f.task, error: f.error.message })),
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
  for (const f of report.failures) io.stderr(`FAILED ${f.task}: ${f.error.message}`);
  io.stdout(`${report.results.length}/${total} tasks done${report.failures.length ? `, ${report.failures.length} failed` : ''}${report.folder ? `; results in ${report.folder}` : ''}`);
}

export function parsePrompts(v: string): Record<string, string> {
  const text = existsSync(v) ? readFileSync(v, 'utf8') : v;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`--prompts is neither a JSON object nor a JSON file: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((x) => typeof x !== 'string')) {
    throw new ConfigError('--prompts must be a JSON object of strings, e.g. {"query": "query: ", "document": "passage: "}');
  }
  return parsed as Record<string, string>;
}
