/**
 * #12 item 8: two runs sharing an output folder. A per-task advisory lock makes the second run go on with its other
 * tasks, come back, wait for the first, and reuse its result instead of computing everything again.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { lockHolder, tryLock } from '../../core/file-lock.js';
import { evaluate } from '../../runners/evaluate.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { lockTestTask } from './task-lock-task.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mteb-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const encoder = (): Encoder & { seen: string[] } => {
  const seen: string[] = [];
  return {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    seen,
    async encode(texts) {
      seen.push(...texts);
      return hashEmbed(texts);
    },
  };
};
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
});
