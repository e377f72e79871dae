import { type RawEnv, readEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';

/** ioredis connection options (what BullMQ's `connection` takes). */
export interface RedisConnection {
  host?: string;
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  /** BullMQ requires null for workers (blocking commands must not give up). */
  maxRetriesPerRequest: null;
}

export const DEFAULT_QUEUE = 'mteb-ts';

/** `--redis` or MTEB_TS_REDIS_URL: redis://[user:pass@]host[:port][/db], rediss://..., or unix:/path/redis.sock. */
export function redisUrl(o: { redis?: string }, env?: RawEnv): string {
  const url = o.redis ?? readEnv(env).MTEB_TS_REDIS_URL;
  if (!url)
    throw new ConfigError('no Redis: give --redis <url> or set MTEB_TS_REDIS_URL', {
      hint: 'e.g. --redis redis://127.0.0.1:6379 or --redis unix:/run/redis.sock',
    });
  return url;
}

export function parseRedisUrl(url: string): RedisConnection {
  if (url.startsWith('unix:') || url.startsWith('/')) {
    const path = url.replace(/^unix:(\/\/)?/, '');
    if (!path.startsWith('/')) throw new ConfigError(`a unix socket URL needs an absolute path, got "${redact(url)}"`);
    return { path, maxRetriesPerRequest: null };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`not a Redis URL: "${redact(url)}"`, { hint: 'redis://host:6379, rediss://host:6380 or unix:/path/redis.sock' });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new ConfigError(`unsupported Redis URL scheme "${u.protocol}"`, { hint: 'redis://, rediss:// or unix:' });
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) throw new ConfigError(`Redis database must be a number, got "${u.pathname.slice(1)}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
