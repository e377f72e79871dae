import { connect, type Socket } from 'node:net';
import type { RedisConnection } from '../../runners/queue/connection.js';

/** One command Redis executed, as MONITOR reports it: the server's clock (ms), who ran it, and its words. */
export interface MonitoredCommand {
  at: number;
  /** `lua` for commands a script ran, else the client's address. */
  source: string;
  args: string[];
}

export interface RedisMonitor {
  commands: MonitoredCommand[];
  close(): void;
}

/**
 * Redis's MONITOR on a raw connection (RESP2: one `+<seconds.micros> [<db> <source>] "cmd" "arg" …` line per
 * command, scripts' own commands included). The timestamps are Redis's, so a starved test process still sees
 * when things happened. A plain socket rather than ioredis's monitor(), which mixes up the stream with its own
 * replies when other clients are busy at connect time.
 */
export async function monitorRedis(conn: RedisConnection): Promise<RedisMonitor> {
  const sock: Socket = conn.path ? connect(conn.path) : connect(conn.port ?? 6379, conn.host ?? '127.0.0.1');
  await new Promise<void>((ok, fail) => {
    sock.once('connect', ok);
    sock.once('error', fail);
  });
  const commands: MonitoredCommand[] = [];
  let buf = '';
  let started!: () => void;
  const ready = new Promise<void>((r) => (started = r));
  sock.setEncoding('utf8');
  sock.on('data', (d: string) => {
    buf += d;
    let nl = buf.indexOf('\r\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      nl = buf.indexOf('\r\n');
      if (line === '+OK') started();
      const m = /^\+(\d+\.\d+) \[\d+ ([^\]]+)\] (.*)$/.exec(line);
      if (!m) continue;
      const args = [...m[3]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1]!.replace(/\\(.)/g, '$1'));
      commands.push({ at: Number(m[1]) * 1000, source: m[2]!, args });
    }
  });
  sock.write(`${conn.password ? `AUTH ${conn.username ?? 'default'} ${conn.password}\r\n` : ''}MONITOR\r\n`);
  await ready;
  return { commands, close: () => sock.destroy() };
}
