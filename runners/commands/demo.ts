import type { Encoder } from '../../core/encoder.js';
import { getModel } from '../../models/registry.js';
import { getBenchmark, getBenchmarkTasks } from '../../tasks/registry.js';
import type { CliIO } from '../cli-io.js';
import { failuresJson, printFailures } from '../cli-report.js';
import { evaluate } from '../evaluate.js';
import { pct, renderTable, taskMainScore } from '../table.js';
import type { Verbosity } from './options.js';

export interface DemoOptions extends Verbosity {
  model?: string;
  outputFolder: string;
  json?: boolean;
}

/** The default demo model is the packaged Universal Sentence Encoder; without it, the lexical baseline. */
async function demoModel(id: string | undefined, io: CliIO): Promise<Encoder> {
  if (id) return getModel(id);
  try {
    return await getModel('use');
  } catch (e) {
    io.stderr(`note: the 'use' model is unavailable (${(e as Error).message.split('\n')[0]}); using the lexical baseline`);
    return getModel('lexical');
  }
}

/** `mteb-ts demo`: the built-in offline tasks, one per task type, and a results table. */
export async function handler(o: DemoOptions, io: CliIO): Promise<number> {
  const tasks = getBenchmarkTasks(getBenchmark('demo'));
  const model = await demoModel(o.model, io);
  const out = o.outputFolder;
  const t0 = Date.now();
  const report = await evaluate(model, tasks, {
    outputFolder: out,
    overwriteStrategy: 'always',
    log: o.verbose ? (m) => io.stderr(`  ${m}`) : undefined,
  });
  await model.close?.();
  const rows = report.results.map((r) => {
    const task = tasks.find((t) => t.name === r.task_name)!;
    // The task's mean over its splits and subsets, as the leaderboard scores it (not only the first subset).
    const n = Object.values(r.scores).flat().length;
    return [r.task_name, task.type, task.mainScore, n > 1 ? `mean of ${n}` : '', pct(taskMainScore(r.scores))];
  });
  if (o.json) {
    io.stdout(
      JSON.stringify({ model: model.name, folder: report.folder, results: report.results, failures: failuresJson(report.failures) }, null, 2),
    );
  } else {
    io.stdout(`mteb-ts demo — model ${model.name}\n`);
    io.stdout(renderTable(['task', 'type', 'main score', 'subsets', 'x100'], rows, ['l', 'l', 'l', 'l', 'r']));
    printFailures(io, report.failures, { shown: false, verbose: !!o.verbose });
    io.stdout(`\n${report.results.length}/${tasks.length} tasks in ${((Date.now() - t0) / 1000).toFixed(1)}s; result files in ${report.folder}`);
  }
  return report.failures.length ? 1 : 0;
}
