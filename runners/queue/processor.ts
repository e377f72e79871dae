import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Encoder } from '../../core/encoder.js';
import { ModelError, MtebError } from '../../core/errors.js';
import { RUNNER_VERSION } from '../../core/version.js';
import { getModel } from '../../models/registry.js';
import type { RequestBudget } from '../../models/request-budget.js';
import { modelFolderParts } from '../../results/schema.js';
import { serializeResult } from '../../results/write.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { evaluate } from '../evaluate.js';
import { resultFolder } from '../result-store.js';
import { customTasks, selectTasks } from '../select-tasks.js';
import { narrowTasks } from '../shard/plan.js';
import { parseRedisUrl } from './connection.js';
import type { JobData, ProcessorJob, UnitJobData, UnitJobResult } from './jobs.js';
import { workerSettings } from './settings.js';

/**
 * The sandboxed processor: BullMQ runs this file in a child process per worker slot, so an evaluator that
 * blocks the event loop (k-means, exact search, a native kernel) never stops the parent from renewing the job
 * lock. Worker settings (output folder, cache dir) arrive through the environment the parent forked us with.
 */

// A forked child whose parent died (kill -9) must not keep computing: the job is another worker's now.
if (typeof process.send === 'function') process.once('disconnect', () => process.exit(70));

const models = new Map<string, Promise<Encoder>>();

function modelFor(data: JobData): Promise<Encoder> {
  const s = workerSettings();
  const key = JSON.stringify([data.model, data.modelOptions, data.budget ?? null]);
  let m = models.get(key);
  if (!m) {
    m = (async () => {
      let budget: RequestBudget | undefined;
      if (data.budget && s.redisUrl) {
        const { RedisBudget } = await import('./rate-budget.js');
        // One budget per (queue, model): every worker of the pool draws from it.
        budget = new RedisBudget(parseRedisUrl(s.redisUrl), `${s.queue}:${data.model}`, data.budget);
      }
      return getModel(data.model, { ...data.modelOptions, cacheDir: s.cacheDir, hubMirror: s.hubMirror, noCache: s.noCache, budget });
    })();
    models.set(key, m);
    m.catch(() => models.delete(key));
  }
  return m;
}

/** Errors that will fail again on every attempt (bad task, bad data): fail at once instead of retrying. */
function unrecoverable(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err instanceof MtebError && !(err instanceof ModelError)) {
    const u = new Error(err.message);
    u.name = 'UnrecoverableError';
    return u;
  }
  return err;
}

/**
 * Task files this child has read, and the tasks it looked up, keyed by the files' paths, sizes and mtimes: a worker
 * takes job after job from the same task files, and parsing them again for every job was a fixed cost per job
 * (YAML parse and task checks: ~7 ms CPU in a profile, more under load).
 */
const taskFiles = new Map<string, Promise<TaskMetadata[]>>();
const tasks = new Map<string, Promise<TaskMetadata>>();

function cached<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

async function unitTask(data: UnitJobData | Extract<JobData, { kind: 'encode-chunk' }>): Promise<TaskMetadata> {
  const files = data.taskFiles ?? [];
  const filesKey = JSON.stringify(
    files.map((f) => {
      const st = statSync(f, { throwIfNoEntry: false });
      return [f, st?.size ?? -1, st?.mtimeMs ?? -1];
    }),
  );
  return cached(tasks, JSON.stringify([data.task, filesKey]), async () => {
    const fromFiles = files.length ? await cached(taskFiles, filesKey, () => customTasks(files)) : undefined;
    const [task] = await selectTasks({ tasks: [data.task], taskFile: files, taskFileTasks: fromFiles }, true);
    if (!task) throw new Error(`task ${data.task} not found`);
    return task;
  });
}

export default async function processJob(job: ProcessorJob, token?: string): Promise<UnitJobResult | { encoded: number }> {
  const data = job.data;
  const s = workerSettings();
  if (data.runnerVersion !== RUNNER_VERSION) {
    const msg = `runner version mismatch: the job was submitted by mteb-ts ${data.runnerVersion}, this worker (${s.workerId}) is ${RUNNER_VERSION}`;
    process.stderr.write(`worker ${s.workerId}: refusing job ${job.id} (${job.name}): ${msg}\n`);
    await job.log(`refused: ${msg}`);
    // Give a worker of the right version the chance to take it; after a bounded number of refusals, fail loudly.
    if (job.attemptsStarted + 1 >= s.maxStarts) {
      const e = new Error(`${msg}; no worker of version ${data.runnerVersion} took it`);
      e.name = 'UnrecoverableError';
      throw e;
    }
    await job.moveToDelayed(Date.now() + s.refuseDelayMs, token);
    const d = new Error('refused: runner version mismatch');
    d.name = 'DelayedError';
    throw d;
  }
  if (data.kind === 'encode-chunk') {
    const { encodeChunk } = await import('./fanout.js');
    const task = await unitTask(data).catch((e) => Promise.reject(unrecoverable(e)));
    return encodeChunk(task, data, await modelFor(data), s);
  }
  try {
    const found = await unitTask(data);
    const task = data.pairs ? narrowTasks([found], [{ key: job.name, task: found.name, pairs: data.pairs, cost: 0, shard: 1 }])[0]!.task : found;
    const model = await modelFor(data);
    if (data.fanOut) {
      const { fanOutParent } = await import('./fanout.js');
      await fanOutParent(job, token, task, data, model, s);
    }
    const total = task.evalSplits.length * Object.keys(task.subsets).length;
    let done = 0;
    const report = await evaluate(model, [task], {
      outputFolder: s.outputFolder,
      overwriteStrategy: 'only-missing',
      raiseError: true,
      // BullMQ's job lock is the one owner of this unit (see EvaluateOptions.taskLock).
      taskLock: false,
      sklearnVersion: data.sklearnVersion,
      log: (m) => {
        if (/: [^ ]+\/[^ ]+$/.test(m)) done++;
        void job.updateProgress({ phase: m, pairsStarted: done, pairs: total, worker: s.workerId });
      },
    });
    const result = report.results[0]!;
    const folder = modelFolderParts(model.name, model.revision);
    const meta = join(resultFolder(s.outputFolder, model.name, model.revision), 'model_meta.json');
    return {
      task: result.task_name,
      folder,
      // This job's own result (the text the runner wrote), not the shared file, which subset jobs of the same
      // task running at once on other workers may be rewriting.
      result: serializeResult(result),
      modelMeta: existsSync(meta) ? readFileSync(meta, 'utf8') : null,
      worker: s.workerId ?? hostname(),
    };
  } catch (e) {
    throw unrecoverable(e);
  }
}
