import { writeFileAtomic } from '../../core/atomic.js';
import { ConfigError } from '../../core/errors.js';
import type { CliIO } from '../cli-io.js';
import { failureLine, printFailures } from '../cli-report.js';
import { selectTasks } from '../select-tasks.js';
import { type TextRequest, taskTexts } from '../task-texts.js';
import { type DataFlags, dataOptionsFrom, type TaskFilterFlags, type Verbosity } from './options.js';

export interface TextsOptions extends TaskFilterFlags, DataFlags, Verbosity {
  out?: string;
}

/**
 * `mteb-ts texts -t <Task>... --out texts.jsonl`: every text a run of these tasks would ask a model to embed, one
 * JSON object per line ({text, prompt_type, task, task_type}), so vectors can be computed elsewhere and evaluated
 * with `precomputed:`.
 */
export async function handler(o: TextsOptions, io: CliIO): Promise<number> {
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  const data = dataOptionsFrom(o, io);
  const { requests, failures } = await taskTexts(tasks, {
    data,
    warn: (m) => io.stderr(`warning: ${m}`),
    log: o.verbose ? (m) => io.stderr(`  ${m}`) : undefined,
    onTask: (task, status, n, error) => {
      if (status === 'failed') io.stderr(`${task}: FAILED: ${failureLine(error)}`);
      else if (o.verbose || io.stderrIsTTY) io.stderr(`${task}: ${n} texts so far`);
    },
  });
  const body = textsJsonl(requests);
  if (o.out) writeFileAtomic(o.out, body);
  else if (body) io.stdout(body.trimEnd());
  printFailures(io, failures, { shown: true });
  io.stderr(
    `${requests.length} texts (${countBy(requests)}) from ${tasks.length - failures.length}/${tasks.length} tasks${o.out ? ` -> ${o.out}` : ''}`,
  );
  return failures.length ? 1 : 0;
}

export function textsJsonl(requests: readonly TextRequest[]): string {
  return requests.map((r) => `${JSON.stringify(r)}\n`).join('');
}

function countBy(requests: readonly TextRequest[]): string {
  const n = { query: 0, document: 0, none: 0 };
  for (const r of requests) n[r.prompt_type ?? 'none']++;
  return `${n.query} queries, ${n.document} documents, ${n.none} without prompt type`;
}
