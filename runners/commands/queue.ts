import { resolve } from 'node:path';
import { readEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { DEFAULT_SKLEARN_VERSION } from '../../core/sklearn-release.js';
import type { CliIO } from '../cli-io.js';
import { redisUrl } from '../queue/connection.js';
import type { UnitJobData } from '../queue/jobs.js';
import { collect, openQueue, type QueueStatus, retryFailed, status, submit } from '../queue/queue.js';
import { selectTasks } from '../select-tasks.js';
import type { UnitKind } from '../shard/plan.js';
import { renderTable } from '../table.js';
import { type ModelFlags, modelOptionsFrom, parsePrompts, type TaskFilterFlags, type Verbosity } from './options.js';

/** Model flags that travel with a job; folders, caches, threads and devices are each worker's own. */
export type JobModelFlags = Omit<ModelFlags, 'cacheDir' | 'cache' | 'threads' | 'device'>;

export interface QueueOptions extends TaskFilterFlags, JobModelFlags, Verbosity {
  /** submit | status | retry-failed | collect | dashboard (positional). */
  action: string;
  redis?: string;
  queue: string;
  model?: string;
  sklearnVersion?: string;
  unit?: UnitKind;
  attempts: number;
  fanOutChunk?: number;
  poolRpm?: number;
  poolTpm?: number;
  poolInFlight?: number;
  poolWindowMs?: number;
  watch?: boolean;
  interval: number;
  out?: string;
  port: number;
  host: string;
  allowActions?: boolean;
  json?: boolean;
}

/** `queue submit|status|retry-failed|collect|dashboard`: the pool's control commands (runners/queue/). */
export async function handler(o: QueueOptions, io: CliIO): Promise<number> {
  const { action } = o;
  const url = redisUrl(o);
  const name = o.queue;
  if (action === 'dashboard')
    return (await import('../queue/dashboard.js')).dashboard(url, name, o.port, io, { host: o.host, readOnly: !o.allowActions });
  const q = openQueue(url, name);
  try {
    switch (action) {
      case 'submit':
        return await submitCmd(q, o, io);
      case 'status':
        return await statusCmd(q, o, io);
      case 'retry-failed': {
        const n = await retryFailed(q);
        io.stdout(o.json ? JSON.stringify({ retried: n }) : `${n} failed job(s) moved back to waiting`);
        return 0;
      }
      case 'collect': {
        if (!o.out) throw new ConfigError('missing --out <dir>');
        const r = await collect(q, o.out);
        if (o.json) io.stdout(JSON.stringify(r));
        else io.stdout(`collected ${r.tasks.length} task(s)${r.folder ? ` into ${r.folder}` : ''}`);
        for (const m of r.missing) io.stderr(`missing ${m.name} (job ${m.id}): ${m.state}${m.reason ? `: ${m.reason}` : ''}`);
        return r.missing.length ? 1 : 0;
      }
      default:
        throw new ConfigError(`unknown queue action "${action}"`, { hint: 'submit, status, retry-failed, collect, dashboard' });
    }
  } finally {
    await q.close();
  }
}

async function submitCmd(q: ReturnType<typeof openQueue>, o: QueueOptions, io: CliIO): Promise<number> {
  if (!o.model) throw new ConfigError('missing -m <model>');
  const tasks = await selectTasks(o, true);
  if (!tasks.length) throw new ConfigError('no task matches the given filters');
  const mo = modelOptionsFrom(o, o.prompts === undefined ? undefined : parsePrompts(o.prompts), {});
  // Only options that change the vectors travel with the job; folders and caches are each worker's own.
  const modelOptions: UnitJobData['modelOptions'] = {
    revision: mo.revision,
    batchSize: mo.batchSize,
    prompts: mo.prompts,
    dtype: mo.dtype,
    pooling: mo.pooling,
    normalize: mo.normalize,
    maxSeqLength: mo.maxSeqLength,
  };
  for (const k of Object.keys(modelOptions)) if (modelOptions[k] === undefined) delete modelOptions[k];
  const r = await submit(q, {
    model: o.model,
    modelOptions,
    sklearnVersion: o.sklearnVersion || readEnv().MTEB_TS_SKLEARN_VERSION || DEFAULT_SKLEARN_VERSION,
    tasks,
    unit: o.unit ?? 'task',
    taskFiles: o.taskFile?.map((f) => resolve(f)),
    attempts: o.attempts,
    fanOut: o.fanOutChunk ? { chunkSize: o.fanOutChunk } : undefined,
    budget: { rpm: o.poolRpm, tpm: o.poolTpm, inFlight: o.poolInFlight, windowMs: o.poolWindowMs },
  });
  if (o.json) io.stdout(JSON.stringify(r));
  else io.stdout(`${r.submitted} job(s) submitted, ${r.existing} already in the queue (queue ${q.name})`);
  return 0;
}

function printStatus(s: QueueStatus, io: CliIO): void {
  io.stdout(`queue ${s.queue}${s.paused ? ' (paused)' : ''}`);
  io.stdout(
    renderTable(
      Object.keys(s.counts),
      [Object.values(s.counts)],
      Object.keys(s.counts).map(() => 'r'),
    ),
  );
  if (s.active.length) {
    io.stdout('\nactive');
    io.stdout(
      renderTable(
        ['job', 'unit', 'progress'],
        s.active.map((a) => [a.id, a.name, describeProgress(a.progress)]),
      ),
    );
  }
  if (s.failed.length) {
    io.stdout('\nfailed');
    io.stdout(
      renderTable(
        ['job', 'unit', 'attempts', 'reason'],
        s.failed.map((f) => [f.id, f.name, f.attemptsMade, f.reason.split('\n')[0]!]),
      ),
    );
  }
  if (s.delayed.length) {
    io.stdout('\ndelayed');
    io.stdout(
      renderTable(
        ['job', 'unit', 'until', 'note'],
        s.delayed.map((d) => [d.id, d.name, new Date(d.until).toISOString(), d.lastLog ?? '']),
      ),
    );
  }
}

function describeProgress(p: unknown): string {
  if (p && typeof p === 'object') {
    const x = p as { phase?: string; pairsStarted?: number; pairs?: number; worker?: string };
    return `${x.pairsStarted ?? '?'}/${x.pairs ?? '?'} ${x.phase ?? ''}${x.worker ? ` @${x.worker}` : ''}`.trim();
  }
  return String(p ?? '');
}

async function statusCmd(q: ReturnType<typeof openQueue>, o: QueueOptions, io: CliIO): Promise<number> {
  for (;;) {
    const s = await status(q);
    if (o.json) io.stdout(JSON.stringify(s));
    else printStatus(s, io);
    // --watch ends once the queue is drained (nothing waiting, delayed, active or waiting for children): its last
    // line, with `"drained": true` in JSON, is the final state, so a script can wait on `status --watch --json`.
    if (!o.watch || s.drained) return 0;
    await new Promise((r) => setTimeout(r, o.interval));
    if (!o.json) io.stdout('');
  }
}
