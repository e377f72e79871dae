import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ConfigError } from '../../core/errors.js';
import type { RequestBudget } from '../../models/request-budget.js';
import type { RedisConnection } from './connection.js';

/** Pool-wide API limits, carried by the job (so every worker applies the same ones). */
export interface BudgetLimits {
  rpm?: number;
  tpm?: number;
  inFlight?: number;
  /** Window of rpm/tpm; 60 s unless a test shortens it. */
  windowMs?: number;
}

/**
 * One atomic step of the pool budget (a sliding window, exact, rather than fixed windows that let 2x through at
 * a boundary). KEYS: requests zset, tokens zset, in-flight zset (score = lease expiry), pause key.
 * ARGV: (unused), window, rpm, tpm, tokens, id, maxInFlight, leaseMs; now is TIME. Returns {1, 0} when granted, else
 * {0, waitMs}.
 */
const ACQUIRE = `
-- Redis's clock, read inside the script: a time fetched by the client beforehand goes stale if the worker is
-- descheduled before its EVAL, and a grant recorded in the past would leave the window early.
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
local rpm = tonumber(ARGV[3]); local tpm = tonumber(ARGV[4]); local tokens = tonumber(ARGV[5])
local id = ARGV[6]; local maxin = tonumber(ARGV[7]); local lease = tonumber(ARGV[8])
local pause = tonumber(redis.call('GET', KEYS[4]) or '0')
if pause > now then return {0, pause - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if rpm > 0 and redis.call('ZCARD', KEYS[1]) >= rpm then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(first[2]) + window - now)}
end
if tpm > 0 then
  local used = 0
  local all = redis.call('ZRANGE', KEYS[2], 0, -1)
  for _, m in ipairs(all) do used = used + tonumber(string.match(m, ':(%d+)$')) end
  -- A request larger than the whole budget goes alone rather than never.
  if used > 0 and used + tokens > tpm then
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return {0, math.max(1, tonumber(first[2]) + window - now)}
  end
end
if maxin > 0 and redis.call('ZCARD', KEYS[3]) >= maxin then return {0, 25} end
redis.call('ZADD', KEYS[1], now, id)
redis.call('ZADD', KEYS[2], now, id .. ':' .. tokens)
if maxin > 0 then redis.call('ZADD', KEYS[3], now + lease, id) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], window + lease) end
return {1, 0}
`;

/** Longest pause a Retry-After may impose on the pool (a bogus header must not stop it for hours). */
const MAX_PAUSE_MS = 10 * 60_000;

/**
 * The pool's API budget in Redis: requests and tokens per window and requests in flight across every worker,
 * and a pause key that a 429 with Retry-After sets for all of them. An in-flight slot is a lease, so a worker
 * killed mid-request frees it after `leaseMs`. Keys hold counts and times only, never request contents or keys.
 */
export class RedisBudget implements RequestBudget {
  private readonly redis: Redis;
  private readonly keys: string[];
  constructor(
    connection: RedisConnection,
    scope: string,
    private readonly limits: BudgetLimits,
    private readonly leaseMs = 120_000,
  ) {
    for (const [k, v] of Object.entries(limits)) {
      if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new ConfigError(`pool budget ${k} must be a positive number, got ${v}`);
    }
    this.redis = new Redis({ ...connection, maxRetriesPerRequest: 3, lazyConnect: false });
    const base = `mteb-ts:budget:{${scope}}`;
    this.keys = [`${base}:req`, `${base}:tok`, `${base}:inflight`, `${base}:pause`];
  }

  async acquire(tokens: number): Promise<() => Promise<void>> {
    const id = `${Date.now()}-${randomBytes(6).toString('hex')}`;
    const l = this.limits;
    for (;;) {
      const [ok, wait] = (await this.redis.eval(
        ACQUIRE,
        4,
        ...this.keys,
        0, // ARGV[1] was the client's reading of Redis's time; the script reads TIME itself
        l.windowMs ?? 60_000,
        l.rpm ?? 0,
        l.tpm ?? 0,
        Math.max(0, Math.round(tokens)),
        id,
        l.inFlight ?? 0,
        this.leaseMs,
      )) as [number, number];
      if (ok === 1) break;
      await new Promise((r) => setTimeout(r, Math.min(Number(wait), 1000)));
    }
    let released = false;
    return async () => {
      if (released || !l.inFlight) return;
      released = true;
      await this.redis.zrem(this.keys[2]!, id);
    };
  }

  async throttled(ms: number): Promise<void> {
    const pause = Math.min(ms, MAX_PAUSE_MS);
    // Only ever extend the pause (another worker may already have set a longer one); "now" is Redis's TIME, read
    // in the script for the same reason as in ACQUIRE.
    await this.redis.eval(
      "local t = redis.call('TIME'); local untl = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1]); local cur = tonumber(redis.call('GET', KEYS[1]) or '0'); if untl > cur then redis.call('SET', KEYS[1], untl, 'PX', ARGV[2]) end return 1",
      1,
      this.keys[3]!,
      pause,
      pause + 1000,
    );
  }

  async pausedUntil(): Promise<number | undefined> {
    const v = await this.redis.get(this.keys[3]!);
    return v ? Number(v) : undefined;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
