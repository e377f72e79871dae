/**
 * `npm run bench -- scale`: the distributed runner's cost and its scaling on latency-bound work.
 *
 * - A local OpenAI-compatible server on loopback adds 100 ms per request (test/helpers/openai-server.ts); the model
 *   is `openai:bench-embed?concurrency=1`, so each worker has one request in flight and the work is latency-bound.
 * - The benchmark: 16 equal STS tasks (48 pairs each, batch size 8: 12 requests per task) in a local task file.
 * - Baseline: a plain in-process `evaluate` of the same 16 tasks (one request in flight, as one worker has).
 * - Pool: 1, 2 and 4 workers (`mteb-ts worker`, separate processes, a real redis-server on a unix socket). Workers
 *   are started and warmed until every one of them has run a job (model load and the sandboxed child's start-up,
 *   seconds under load, are not what is timed), then the 16 jobs are submitted and timed from the submit to the
 *   last job's finishedOn (Redis's record, not a poll).
 * - Queue overhead per job = (1 worker's time - plain run's time) / 16.
 * - Where a job's time goes, from BullMQ's processedOn/finishedOn and the server's request log: pickup (the worker's
 *   previous job finished -> this one active), before the first request (IPC to the child, task lookup, data load),
 *   the requests (100 ms each plus the client's and server's work between them), after the last one (scoring,
 *   result files, the return to the parent); and the CPU seconds per job of the workers (parent + sandboxed child,
 *   from /proc) and of this process (the API server).
 * Target: 4 workers >= 3.5x the throughput of 1 worker. Prints a JSON line last.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Job, Queue } from 'bullmq';
import { getModel } from '../../models/registry.js';
import { evaluate } from '../../runners/evaluate.js';
import { openQueue, submit } from '../../runners/queue/queue.js';
import { loadTaskFile } from '../../tasks/custom-tasks.js';
import { type FakeApiRequest, startFakeApi } from '../../test/helpers/openai-server.js';
import { redisAvailable, startRedis } from '../../test/helpers/redis-server.js';

const TASKS = 16;
const PAIRS = 48;
const BATCH = 8;
const TARGET = 3.5;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MODEL = 'openai:bench-embed?concurrency=1';

function writeTasks(dir: string, prefix: string, n: number): string {
  const lines = ['tasks:'];
  for (let t = 0; t < n; t++) {
    const name = `${prefix}${String(t).padStart(2, '0')}`;
    const ds = join(dir, 'data', name);
    mkdirSync(ds, { recursive: true });
    const rows = Array.from({ length: PAIRS }, (_, i) =>
      JSON.stringify({
        sentence1: `task ${t} sentence ${i} about ${['rivers', 'trains', 'bread', 'music'][i % 4]}`,
        sentence2: `sentence ${i} on ${['water', 'rails', 'ovens', 'songs'][(i + t) % 4]} for task ${t}`,
        score: (i * 7 + t) % 5,
      }),
    );
    writeFileSync(join(ds, 'test.jsonl'), `${rows.join('\n')}\n`);
    lines.push(`  - name: ${name}`, '    type: STS', `    dataset: { path: ./data/${name} }`);
  }
  const file = join(dir, `${prefix}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function startWorker(
  redisUrl: string,
  queue: string,
  out: string,
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test/helpers/cli-main.ts'),
      'worker',
      '--redis',
      redisUrl,
      '--queue',
      queue,
      '--output-folder',
      out,
      '--no-cache',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  const ready = new Promise<void>((resolve) => {
    child.stderr!.on('data', (d) => {
      log += String(d);
      if (/concurrency \d+, results in/.test(log)) resolve();
    });
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, ready, exited };
}

async function drained(q: Queue, total: number): Promise<void> {
  for (;;) {
    const c = await q.getJobCounts('completed', 'failed');
    if ((c.failed ?? 0) > 0) throw new Error(`${c.failed} benchmark job(s) failed`);
    if ((c.completed ?? 0) >= total) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CPU seconds (user + system) of a process and its children (the worker and its sandboxed child), from /proc. */
function cpuSeconds(pid: number): number {
  const one = (p: number): number => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
    } catch {
      return 0;
    }
  };
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    /* no /proc (not Linux): CPU not reported */
  }
  return one(pid) + kids.reduce((a, k) => a + one(k), 0);
}

interface JobProfile {
  pickupMs: number;
  beforeMs: number;
  requestsMs: number;
  betweenRequestsMs: number;
  afterMs: number;
}

/** Mean per-job phases (see the header), from the jobs' Redis timestamps and the requests the server saw. */
function profileJobs(jobs: Job[], requests: FakeApiRequest[]): JobProfile {
  const byTask = new Map<number, FakeApiRequest[]>();
  for (const r of requests) {
    const t = Number(/\btask (\d+)\b/.exec(r.texts[0] ?? '')?.[1]);
    if (Number.isInteger(t)) byTask.set(t, [...(byTask.get(t) ?? []), r]);
  }
  const sum: JobProfile = { pickupMs: 0, beforeMs: 0, requestsMs: 0, betweenRequestsMs: 0, afterMs: 0 };
  let pickups = 0;
  const lastFinish = new Map<string, number>();
  for (const j of [...jobs].sort((a, b) => a.processedOn! - b.processedOn!)) {
    const worker = (j.returnvalue as { worker?: string } | undefined)?.worker ?? '?';
    const prev = lastFinish.get(worker);
    if (prev !== undefined) {
      sum.pickupMs += j.processedOn! - prev;
      pickups++;
    }
    lastFinish.set(worker, j.finishedOn!);
    const reqs = byTask.get(Number(/(\d+)$/.exec(j.name)?.[1])) ?? [];
    if (!reqs.length) continue;
    const first = Math.min(...reqs.map((r) => r.at));
    const last = Math.max(...reqs.map((r) => r.end));
    sum.beforeMs += first - j.processedOn!;
    sum.requestsMs += last - first;
    sum.betweenRequestsMs += last - first - reqs.reduce((a, r) => a + (r.end - r.at), 0);
    sum.afterMs += j.finishedOn! - last;
  }
  const n = jobs.length;
  return {
    pickupMs: pickups ? sum.pickupMs / pickups : 0,
    beforeMs: sum.beforeMs / n,
    requestsMs: sum.requestsMs / n,
    betweenRequestsMs: sum.betweenRequestsMs / n,
    afterMs: sum.afterMs / n,
  };
}

const fmt = (p: JobProfile) =>
  `pickup ${p.pickupMs.toFixed(0)} ms, before 1st request ${p.beforeMs.toFixed(0)} ms, requests ${p.requestsMs.toFixed(0)} ms (of which ${p.betweenRequestsMs.toFixed(0)} ms between them), after the last ${p.afterMs.toFixed(0)} ms`;

export async function main(): Promise<void> {
  if (!redisAvailable()) {
    console.log('redis-server is not installed (apt-get install redis-server): scale benchmark skipped');
    console.log(JSON.stringify({ bench: 'scale', skipped: 'no redis-server' }));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mteb-bench-scale-'));
  const redis = await startRedis();
  const api = await startFakeApi({ latencyMs: 100, expectKey: 'sk-bench-key-0123456789' });
  const env = { OPENAI_BASE_URL: api.url, OPENAI_API_KEY: 'sk-bench-key-0123456789' };
  const load0 = loadavg()[0]!;
  try {
    // Baseline: a plain run of the same tasks in this process.
    const benchFile = writeTasks(dir, 'Bench', TASKS);
    const tasks = loadTaskFile(benchFile);
    Object.assign(process.env, env);
    const model = await getModel(MODEL, { batchSize: BATCH, noCache: true });
    const t0 = performance.now();
    const plain = await evaluate(model, tasks, { outputFolder: join(dir, 'plain'), batchSize: BATCH });
    const plainS = (performance.now() - t0) / 1000;
    if (plain.failures.length) throw new Error(`plain run failed: ${plain.failures[0]!.error.message}`);
    const requests = api.requests.length;
    console.log(`plain run: ${TASKS} tasks, ${requests} requests of 100 ms, ${plainS.toFixed(2)} s (${(TASKS / plainS).toFixed(2)} tasks/s)`);

    const results: {
      workers: number;
      seconds: number;
      tasksPerSecond: number;
      jobsPerWorker: number[];
      perJob: JobProfile;
      workerCpuMsPerJob: number;
      serverCpuMsPerJob: number;
    }[] = [];
    for (const n of [1, 2, 4]) {
      const queue = `bench-${n}`;
      const out = join(dir, `pool-${n}`);
      const ws = Array.from({ length: n }, () => startWorker(redis.url, queue, out, env));
      await Promise.all(ws.map((w) => w.ready));
      const q = openQueue(redis.url, queue);
      const spec = { model: MODEL, modelOptions: { batchSize: BATCH }, sklearnVersion: '1.9.1', unit: 'task' as const };
      // Warm-up, untimed, until every worker has run a job: a worker that missed it would start its sandboxed child
      // (seconds under load) inside the timed part.
      let warmJobs = 0;
      for (let round = 0; round < 4; round++) {
        const warm = loadTaskFile(writeTasks(dir, `Warm${n}r${round}x`, n));
        await submit(q, { ...spec, tasks: warm, taskFiles: [join(dir, `Warm${n}r${round}x.yaml`)] });
        warmJobs += n;
        await drained(q, warmJobs);
        const done = await q.getJobs(['completed']);
        if (new Set(done.map((j) => (j.returnvalue as { worker?: string }).worker)).size >= n) break;
      }
      const cpu0 = ws.map((w) => cpuSeconds(w.child.pid!));
      const self0 = process.cpuUsage();
      const firstRequest = api.requests.length;
      const t1 = Date.now();
      await submit(q, { ...spec, tasks, taskFiles: [benchFile] });
      await drained(q, warmJobs + TASKS);
      const timed = (await q.getJobs(['completed'])).filter((j) => j.name.startsWith('Bench'));
      const seconds = (Math.max(...timed.map((j) => j.finishedOn!)) - t1) / 1000;
      const workerCpu = ws.reduce((a, w, i) => a + cpuSeconds(w.child.pid!) - cpu0[i]!, 0);
      const self = process.cpuUsage(self0);
      const perWorker = new Map<string, number>();
      for (const j of timed) {
        const id = (j.returnvalue as { worker?: string }).worker ?? '?';
        perWorker.set(id, (perWorker.get(id) ?? 0) + 1);
      }
      const perJob = profileJobs(timed, api.requests.slice(firstRequest));
      const r = {
        workers: n,
        seconds,
        tasksPerSecond: TASKS / seconds,
        jobsPerWorker: [...perWorker.values()].sort((a, b) => b - a),
        perJob,
        workerCpuMsPerJob: (workerCpu / TASKS) * 1000,
        serverCpuMsPerJob: (self.user + self.system) / 1000 / TASKS,
      };
      results.push(r);
      console.log(
        `${n} worker(s): ${TASKS} jobs in ${seconds.toFixed(2)} s (${r.tasksPerSecond.toFixed(2)} tasks/s; jobs per worker ${r.jobsPerWorker.join('/')})`,
      );
      console.log(`  per job: ${fmt(perJob)}`);
      console.log(
        `  CPU per job: workers ${r.workerCpuMsPerJob.toFixed(0)} ms (parent + sandboxed child), this process ${r.serverCpuMsPerJob.toFixed(0)} ms (API server, polling); load ${loadavg()[0]!.toFixed(1)}`,
      );
      for (const w of ws) w.child.kill('SIGTERM');
      await Promise.all(ws.map((w) => w.exited));
      await q.close();
    }
    const one = results[0]!;
    const four = results[2]!;
    const speedup = one.seconds / four.seconds;
    const overheadMs = ((one.seconds - plainS) / TASKS) * 1000;
    console.log(
      `queue overhead per job (1 worker vs plain run): ${overheadMs.toFixed(0)} ms (${((one.seconds / plainS - 1) * 100).toFixed(1)}% of the plain run's ${((plainS / TASKS) * 1000).toFixed(0)} ms per task)`,
    );
    console.log(
      `4 workers vs 1: ${speedup.toFixed(2)}x throughput (target >= ${TARGET}x: ${speedup >= TARGET ? 'met' : 'NOT met'}); 2 workers: ${(one.seconds / results[1]!.seconds).toFixed(2)}x`,
    );
    console.log(`load average ${load0.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores)`);
    console.log(
      JSON.stringify({
        bench: 'scale',
        tasks: TASKS,
        requestsPerTask: requests / TASKS,
        latencyMs: 100,
        plainSeconds: +plainS.toFixed(3),
        pool: results.map((r) => ({
          workers: r.workers,
          seconds: +r.seconds.toFixed(3),
          tasksPerSecond: +r.tasksPerSecond.toFixed(3),
          jobsPerWorker: r.jobsPerWorker,
          perJobMs: Object.fromEntries(Object.entries(r.perJob).map(([k, v]) => [k.replace(/Ms$/, ''), +v.toFixed(1)])),
          workerCpuMsPerJob: +r.workerCpuMsPerJob.toFixed(1),
          serverCpuMsPerJob: +r.serverCpuMsPerJob.toFixed(1),
        })),
        overheadPerJobMs: +overheadMs.toFixed(1),
        speedup4v1: +speedup.toFixed(3),
        target: TARGET,
        met: speedup >= TARGET,
        loadAverage: [+load0.toFixed(2), +loadavg()[0]!.toFixed(2)],
      }),
    );
  } finally {
    await api.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
