/**
 * #12 item 8: two runs sharing an output folder. A per-task advisory lock makes the second run go on with its other
 * tasks, come back, wait for the first, and reuse its result instead of computing everything again.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { lockHolder, tryLock } from '../../core/file-lock.js';
import { evaluate } from '../../runners/evaluate.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { seenHashEncoder } from '../helpers/hash-encoder.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { lockTestTask } from './task-lock-task.js';

const tmp = tempDirs('mteb-lock-');

const encoder = () => seenHashEncoder();
const other: TaskMetadata = { ...lockTestTask, name: 'OtherBitext' };
const lockFile = (o: string, task: string) => join(o, 'results', 'test__hash', 'v1', '.locks', `${task}.lock`);

interface ChildReport {
  status: string;
  encoded: number;
  warnings: string[];
  main: number | null;
  failures: string[];
}

function child(out: string, barrier: string, onReady: () => void): Promise<ChildReport> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'task-lock-child.ts'), out, barrier], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      if (!stdout.includes('ready') && `${stdout}${d}`.includes('ready')) onReady();
      stdout += d;
    });
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => (code === 0 ? ok(JSON.parse(stdout.trim().split('\n').pop()!)) : fail(new Error(`child exited ${code}: ${stderr}`))));
  });
}

describe('per-task advisory lock', () => {
  it('two processes racing for the same task: one computes it, the other waits, says so, and reuses the result', async () => {
    const o = tmp();
    const barrier = join(o, 'go');
    // Both processes have loaded everything before either starts, so they really race.
    let ready = 0;
    const go = () => ++ready === 2 && writeFileSync(barrier, '');
    const runs = Promise.all([child(o, barrier, go), child(o, barrier, go)]);
    const [a, b] = await runs;
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);
    const [computer, waiter] = a.status === 'done' ? [a, b] : [b, a];
    expect(computer.status).toBe('done');
    expect(waiter.status).toBe('cached');
    expect(waiter.encoded).toBe(0);
    expect(computer.encoded).toBe(16);
    expect(waiter.warnings.join('\n')).toMatch(/LockedBitext: another run \(pid \d+ on .+\) is computing it into .*going on with the other tasks/);
    expect(waiter.warnings.join('\n')).toMatch(/LockedBitext: waiting for the other run \(pid \d+/);
    expect(waiter.main).toBe(computer.main);
    // Nothing left behind: no lock, no checkpoint.
    expect(readdirSync(join(o, 'results', 'test__hash', 'v1', '.locks'))).toEqual([]);
    expect(existsSync(join(o, 'results', 'test__hash', 'v1', '.partial'))).toBe(false);
  }, 60_000);

  it('a locked task is deferred behind the other tasks, then waited for', async () => {
    const o = tmp();
    const held = tryLock(lockFile(o, 'LockedBitext'), 60_000);
    expect(held.acquired).toBe(true);
    const warnings: string[] = [];
    const order: string[] = [];
    const enc = encoder();
    const run = evaluate(enc, [lockTestTask, other], {
      outputFolder: o,
      warn: (m) => {
        warnings.push(m);
        // The other run finishes once we are told we wait for it.
        if (/waiting for/.test(m) && held.acquired) setTimeout(held.release, 200);
      },
      onTask: (e) => order.push(`${e.task.name}:${e.status}`),
    });
    const report = await run;
    expect(order).toEqual(['OtherBitext:done', 'LockedBitext:done']);
    expect(report.failures).toEqual([]);
    expect(warnings[0]).toMatch(/^LockedBitext: another run \(pid \d+/);
    expect(lockHolder(lockFile(o, 'LockedBitext'))).toBeUndefined();
  });

  it('the lock of a run that was killed (its pid is gone) is taken over without waiting', async () => {
    const o = tmp();
    mkdirSync(join(o, 'results', 'test__hash', 'v1', '.locks'), { recursive: true });
    writeFileSync(lockFile(o, 'LockedBitext'), '2147483646\n');
    const warnings: string[] = [];
    const report = await evaluate(encoder(), [lockTestTask], { outputFolder: o, warn: (m) => warnings.push(m) });
    expect(report.failures).toEqual([]);
    expect(report.results).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  describe('a lock held on another host (a shared network folder), with a short staleness set through taskLockStaleMs', () => {
    // Long enough that this process (which refreshes the fake holder's lock) is never starved that long under load.
    const STALE_MS = 3000;
    const HOST = 'other-host.invalid';
    // What another machine's run writes (core/file-lock.ts: "<pid>\n<host>\n<token>\n"). Its pid means nothing
    // here: this dead one would be taken over at once if it were this host's.
    const foreignLock = (o: string, pid = 2147483646) => {
      const file = lockFile(o, 'LockedBitext');
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, `${pid}\n${HOST}\n0123456789abcdef\n`);
      return file;
    };
    const byTask = () => {
      const tasks: string[] = [];
      const enc: Encoder = {
        name: 'test/hash',
        revision: 'v1',
        meta: { name: 'test/hash', revision: 'v1' },
        async encode(texts, ctx) {
          tasks.push(ctx.task.name);
          return hashEmbed(texts);
        },
      };
      return { enc, tasks };
    };

    it('a fresh one is respected while its holder refreshes it, past the stale time, and its result is reused', async () => {
      // The result the other host will have written when it is done.
      const theirs = tmp();
      expect((await evaluate(encoder(), [lockTestTask], { outputFolder: theirs })).failures).toEqual([]);
      const o = tmp();
      const file = foreignLock(o);
      // The other host's run is alive: it refreshes its lock (as core/file-lock.ts does every staleMs/6).
      const beat = setInterval(() => utimesSync(file, new Date(), new Date()), 100);
      const warnings: string[] = [];
      const order: string[] = [];
      let waitingSince = 0;
      const { enc, tasks } = byTask();
      try {
        const report = await evaluate(enc, [lockTestTask, other], {
          outputFolder: o,
          taskLockStaleMs: STALE_MS,
          warn: (m) => {
            warnings.push(m);
            if (!/waiting for/.test(m)) return;
            waitingSince = Date.now();
            // Still held at 1.5 times the stale time; then the other host finishes: its result file, then its lock gone.
            setTimeout(() => {
              clearInterval(beat);
              const rel = join('results', 'test__hash', 'v1', 'LockedBitext.json');
              copyFileSync(join(theirs, rel), join(o, rel));
              rmSync(file);
            }, 1.5 * STALE_MS);
          },
          onTask: (e) => order.push(`${e.task.name}:${e.status}`),
        });
        expect(report.failures).toEqual([]);
        expect(order).toEqual(['OtherBitext:done', 'LockedBitext:cached']);
      } finally {
        clearInterval(beat);
      }
      // The waiting run never computed the locked task itself.
      expect(new Set(tasks)).toEqual(new Set(['OtherBitext']));
      expect(Date.now() - waitingSince).toBeGreaterThanOrEqual(1.5 * STALE_MS);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/^LockedBitext: another run \(pid 2147483646 on other-host\.invalid\) is computing it/);
      expect(warnings[1]).toMatch(/^LockedBitext: waiting for the other run \(pid 2147483646 on other-host\.invalid\)/);
    }, 60_000);

    it('one that stopped being refreshed longer ago than the stale time is taken over at once, whatever its pid', async () => {
      const o = tmp();
      // A live pid here (ours), to show that another host's lock is judged by its age alone.
      const file = foreignLock(o, process.pid);
      const old = new Date(Date.now() - 3 * STALE_MS);
      utimesSync(file, old, old);
      const warnings: string[] = [];
      const { enc, tasks } = byTask();
      const report = await evaluate(enc, [lockTestTask], { outputFolder: o, taskLockStaleMs: STALE_MS, warn: (m) => warnings.push(m) });
      expect(report.failures).toEqual([]);
      expect(report.results.map((r) => r.task_name)).toEqual(['LockedBitext']);
      expect(tasks.length).toBeGreaterThan(0);
      expect(new Set(tasks)).toEqual(new Set(['LockedBitext']));
      expect(warnings).toEqual([]);
      expect(lockHolder(file)).toBeUndefined();
    });

    it('the same lock age is still fresh under the default stale time (10 min)', async () => {
      const o = tmp();
      const file = foreignLock(o);
      const old = new Date(Date.now() - 3 * STALE_MS);
      utimesSync(file, old, old);
      const warnings: string[] = [];
      const { enc, tasks } = byTask();
      const report = await evaluate(enc, [lockTestTask], {
        outputFolder: o,
        warn: (m) => {
          warnings.push(m);
          // The other host gives up without a result: the waiting run then computes the task itself.
          if (/waiting for/.test(m)) setTimeout(() => rmSync(file), 200);
        },
      });
      expect(report.failures).toEqual([]);
      expect(warnings.map((w) => w.split(' (')[0])).toEqual(['LockedBitext: another run', 'LockedBitext: waiting for the other run']);
      expect(new Set(tasks)).toEqual(new Set(['LockedBitext']));
    });

    it('a holder that stops refreshing while another run waits for it is taken over once its lock goes stale', async () => {
      const o = tmp();
      const file = foreignLock(o);
      let lastBeat = Date.now();
      const beat = setInterval(() => {
        lastBeat = Date.now();
        utimesSync(file, new Date(lastBeat), new Date(lastBeat));
      }, 100);
      const warnings: string[] = [];
      const { enc, tasks } = byTask();
      let tookOverAfter = -1;
      const wrapped: Encoder = {
        ...enc,
        async encode(texts, ctx) {
          if (tookOverAfter < 0) tookOverAfter = Date.now() - lastBeat;
          return enc.encode(texts, ctx);
        },
      };
      try {
        const report = await evaluate(wrapped, [lockTestTask], {
          outputFolder: o,
          taskLockStaleMs: STALE_MS,
          warn: (m) => {
            warnings.push(m);
            // The other host dies (no more refreshes) a moment after this run starts waiting.
            if (/waiting for/.test(m)) setTimeout(() => clearInterval(beat), 300);
          },
        });
        expect(report.failures).toEqual([]);
      } finally {
        clearInterval(beat);
      }
      expect(new Set(tasks)).toEqual(new Set(['LockedBitext']));
      // Not before the lock was stale (measured from its last refresh).
      expect(tookOverAfter).toBeGreaterThanOrEqual(STALE_MS);
      expect(warnings).toHaveLength(2);
      expect(lockHolder(file)).toBeUndefined();
    }, 60_000);
  });
});
