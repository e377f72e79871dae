import { ConfigError } from '../../core/errors.js';
import type { CliIO } from '../cli-io.js';
import { openQueue } from './queue.js';

/** The few calls made into the optional packages (typed here so the build does not need them installed). */
type Ctor = new (...args: unknown[]) => Record<string, (...a: unknown[]) => unknown>;
interface Optional {
  createBullBoard: (o: { queues: unknown[]; serverAdapter: unknown }) => void;
  BullMQAdapter: Ctor;
  ExpressAdapter: Ctor;
  default: () => { use(path: string, router: unknown): void; listen(port: number, host: string, cb: () => void): import('node:http').Server };
}

/** Imports an optional dependency by a computed name. */
async function optional(name: string): Promise<Optional> {
  try {
    return (await import(name)) as Optional;
  } catch (e) {
    throw new ConfigError(`the dashboard needs the optional package ${name}: ${(e as Error).message}`, {
      hint: 'npm install @bull-board/api @bull-board/express express',
    });
  }
}

/**
 * `queue dashboard`: bull-board (an optional dependency) on http://127.0.0.1:<port>/, read-only by default.
 * Job data holds no secrets (runners/queue/jobs.ts), so what it shows is safe to show. Runs until SIGINT/SIGTERM.
 */
export async function dashboard(
  redisUrl: string,
  name: string,
  port: number,
  io: CliIO,
  opts: { host?: string; readOnly?: boolean } = {},
): Promise<number> {
  const { createBullBoard } = await optional('@bull-board/api');
  const { BullMQAdapter } = await optional('@bull-board/api/bullMQAdapter');
  const { ExpressAdapter } = await optional('@bull-board/express');
  const express = (await optional('express')).default;
  const q = openQueue(redisUrl, name);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath!('/');
  createBullBoard({ queues: [new BullMQAdapter(q, { readOnlyMode: opts.readOnly ?? true })], serverAdapter });
  const app = express();
  app.use('/', serverAdapter.getRouter!());
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.on('error', reject);
  });
  const addr = server.address();
  io.stdout(`dashboard for queue ${name}: http://${host}:${typeof addr === 'object' && addr ? addr.port : port}/`);
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await q.close();
  return 0;
}
