import { join } from 'node:path';
import { Queue } from 'bullmq';
import { writeFileAtomic } from '../../core/atomic.js';
import { RUNNER_VERSION } from '../../core/version.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { assembleParts } from '../shard/merge.js';
import { type UnitKind, workUnits } from '../shard/plan.js';
import { parseRedisUrl } from './connection.js';
import { assertNoSecrets, jobId, type UnitJobData, type UnitJobResult } from './jobs.js';
import type { BudgetLimits } from './rate-budget.js';

/** BullMQ's state names, as `queue status --json` reports them. */
export const STATES = ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children'] as const;

export function openQueue(redisUrl: string, name: string): Queue {
  return new Queue(name, { connection: parseRedisUrl(redisUrl) });
}

export interface SubmitSpec {
  model: string;
  modelOptions: UnitJobData['modelOptions'];
  sklearnVersion: string;
  tasks: readonly TaskMetadata[];
  unit: UnitKind;
  taskFiles?: string[];
  attempts?: number;
  /** Retrieval tasks with more corpus rows than this fan out into encode-chunk jobs. */
  fanOut?: { chunkSize: number; tasks?: string[] };
  budget?: BudgetLimits;
}

/** The unit jobs of a submission, with their deterministic ids. */
export function unitJobs(spec: SubmitSpec): { id: string; name: string; data: UnitJobData }[] {
  const byName = new Map(spec.tasks.map((t) => [t.name, t]));
  return workUnits(spec.tasks, spec.unit).map((u) => {
    const t = byName.get(u.task)!;
    const whole = u.key === u.task;
    const fan = spec.fanOut && t.type === 'Retrieval' && (!spec.fanOut.tasks || spec.fanOut.tasks.includes(t.name));
    const data: UnitJobData = {
      kind: 'unit',
      runnerVersion: RUNNER_VERSION,
      model: spec.model,
      modelOptions: spec.modelOptions,
      sklearnVersion: spec.sklearnVersion,
      task: u.task,
      ...(whole ? {} : { pairs: u.pairs }),
      order: { splits: [...t.evalSplits], subsets: Object.keys(t.subsets) },
      ...(spec.taskFiles?.length ? { taskFiles: spec.taskFiles } : {}),
      ...(fan ? { fanOut: { chunkSize: spec.fanOut!.chunkSize } } : {}),
      ...(spec.budget && Object.values(spec.budget).some((v) => v !== undefined) ? { budget: spec.budget } : {}),
    };
    return { id: jobId(data), name: u.key, data };
  });
}

/** Adds the jobs; ids are deterministic, so a second submit adds nothing. Returns how many were new. */
export async function submit(q: Queue, spec: SubmitSpec): Promise<{ submitted: number; existing: number; ids: string[] }> {
  const jobs = unitJobs(spec);
  for (const j of jobs) assertNoSecrets(j.data);
  let existing = 0;
  for (const j of jobs) if (await q.getJob(j.id)) existing++;
  await q.addBulk(
    jobs.map((j) => ({
      name: j.name,
      data: j.data,
      opts: {
        jobId: j.id,
        attempts: spec.attempts ?? 3,
        backoff: { type: 'exponential', delay: 2000 },
        // Kept: `collect` reads return values, and a kept id is what makes submit idempotent.
        removeOnComplete: false,
        removeOnFail: false,
      },
    })),
  );
  return { submitted: jobs.length - existing, existing, ids: jobs.map((j) => j.id) };
}

export interface QueueStatus {
  queue: string;
  paused: boolean;
  counts: Record<(typeof STATES)[number], number>;
  active: { id: string; name: string; progress: unknown; attemptsStarted: number; startedAt: number | null }[];
  failed: { id: string; name: string; reason: string; attemptsMade: number; stalled: boolean }[];
  delayed: { id: string; name: string; until: number; lastLog?: string }[];
  /** Pool-wide API pause (429 Retry-After), when one is in force. */
  pausedUntil?: number;
  /** Nothing left to run: no job waiting, prioritized, delayed, active or waiting for its children. */
  drained: boolean;
}

/** States of jobs that still have work ahead of them; a queue with none of them is drained. */
export const PENDING_STATES = [
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'waiting-children',
] as const satisfies readonly (typeof STATES)[number][];

export async function status(q: Queue): Promise<QueueStatus> {
  const counts = (await q.getJobCounts(...STATES)) as QueueStatus['counts'];
  const active = await q.getJobs(['active'], 0, 99);
  const failed = await q.getJobs(['failed'], 0, 99);
  const delayed = await q.getJobs(['delayed'], 0, 99);
  const delayedOut: QueueStatus['delayed'] = [];
  for (const j of delayed) {
    const logs = await q.getJobLogs(j.id!, -1, -1);
    delayedOut.push({ id: j.id!, name: j.name, until: j.timestamp + (j.delay ?? 0), ...(logs.logs.length ? { lastLog: logs.logs[0] } : {}) });
  }
  const all = Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as QueueStatus['counts'];
  return {
    queue: q.name,
    paused: await q.isPaused(),
    counts: all,
    // One getJobCounts call is one Lua script, so these counts are one consistent snapshot.
    drained: PENDING_STATES.every((s) => all[s] === 0),
    active: active.map((j) => ({
      id: j.id!,
      name: j.name,
      progress: j.progress,
      attemptsStarted: j.attemptsStarted,
      startedAt: j.processedOn ?? null,
    })),
    failed: failed.map((j) => ({
      id: j.id!,
      name: j.name,
      reason: j.failedReason,
      attemptsMade: j.attemptsMade,
      stalled: /stalled/.test(j.failedReason ?? ''),
    })),
    delayed: delayedOut,
  };
}

/** Moves every failed job back to waiting (attempts start again). */
export async function retryFailed(q: Queue): Promise<number> {
  const n = (await q.getJobCounts('failed')).failed ?? 0;
  if (n) await q.retryJobs({ state: 'failed', count: 1000 });
  return n;
}

export interface CollectReport {
  folder?: string;
  tasks: string[];
  /** Unit jobs not completed, with their state and reason. */
  missing: { id: string; name: string; state: string; reason?: string }[];
}

/**
 * Writes the result files of completed unit jobs into `out` (as one run would: `<model>/<revision>/<Task>.json`
 * plus model_meta.json). Subset units of a task are assembled in the task's split and subset order; a task with
 * any unit not completed is left out and named.
 */
export async function collect(q: Queue, out: string): Promise<CollectReport> {
  const jobs = (await q.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized', 'waiting-children'], 0, -1)).filter(
    (j) => (j.data as { kind?: string }).kind === 'unit',
  );
  // One group per (model, options, task): a queue may hold several models' runs.
  const byTask = new Map<string, typeof jobs>();
  for (const j of jobs) {
    const d = j.data as UnitJobData;
    const key = JSON.stringify([d.model, d.modelOptions, d.sklearnVersion, d.task]);
    byTask.set(key, [...(byTask.get(key) ?? []), j]);
  }
  const missing: CollectReport['missing'] = [];
  const tasks: string[] = [];
  let folder: string | undefined;
  const metas = new Map<string, string>();
  for (const [, list] of [...byTask].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const task = (list[0]!.data as UnitJobData).task;
    const notDone = [];
    for (const j of list) {
      const state = await j.getState();
      if (state !== 'completed') notDone.push({ id: j.id!, name: j.name, state, ...(j.failedReason ? { reason: j.failedReason } : {}) });
    }
    if (notDone.length) {
      missing.push(...notDone);
      continue;
    }
    const results = list.map((j) => j.returnvalue as UnitJobResult);
    // mteb's ResultCache layout, as `run` writes it.
    const where = join(out, 'results', ...results[0]!.folder);
    folder ??= where;
    const meta = results.find((r) => r.modelMeta)?.modelMeta;
    if (meta && !metas.has(where)) metas.set(where, meta);
    const data = list[0]!.data as UnitJobData;
    if (list.length === 1 && !data.pairs) writeFileAtomic(join(where, `${task}.json`), results[0]!.result);
    else
      assembleParts(
        join(where, `${task}.json`),
        task,
        data.order,
        results.map((r) => r.result),
      );
    tasks.push(task);
  }
  for (const [where, meta] of metas) writeFileAtomic(join(where, 'model_meta.json'), meta);
  return { folder, tasks, missing };
}
