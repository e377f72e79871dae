import { ConfigError } from '../../core/errors.js';
import { prefetchTasks } from '../../tasks/data/prefetch.js';
import { dataOptionsFromEnv } from '../../tasks/data/source.js';
import type { CliIO } from '../cli-io.js';
import { type Failure, failureLine, printFailures } from '../cli-report.js';
import { selectTasks } from '../select-tasks.js';
import type { TaskFilterFlags, Verbosity } from './options.js';

export interface DownloadOptions extends TaskFilterFlags, Verbosity {}

/** `mteb-ts download -b "MTEB(eng, v2)"`: fill the HF cache now, run with HF_HUB_OFFLINE=1 later. */
export async function handler(o: DownloadOptions, io: CliIO): Promise<number> {
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  const failures: Failure[] = [];
  await prefetchTasks(tasks, dataOptionsFromEnv(), (r) => {
    if (r.error) {
      failures.push({ task: r.task, error: r.error });
      io.stderr(`FAILED ${r.task} (${r.repo}@${r.revision.slice(0, 8)}): ${failureLine(r.error)}`);
    } else io.stderr(`${r.task}: ${r.files} files in the cache (${r.repo}@${r.revision.slice(0, 8)})`);
  });
  printFailures(io, failures, { shown: true });
  io.stdout(`${tasks.length - failures.length}/${tasks.length} tasks ready for offline use`);
  return failures.length ? 1 : 0;
}
