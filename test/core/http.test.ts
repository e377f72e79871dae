import { describe, expect, it } from 'vitest';
import { backoffDelay, HttpError, isRetryableStatus, NonRetryable, parseRetryAfter, retryPolicy, safeUrl, withRetry } from '../../core/http.js';

describe('retry timing', () => {
  it('Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it('exponential backoff with at most 25% jitter, capped; Retry-After wins but is capped too', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    for (let i = 0; i < 3; i++) {
      const d = backoffDelay(i, o);
      expect(d).toBeGreaterThanOrEqual(100 * 2 ** i);
      expect(d).toBeLessThanOrEqual(125 * 2 ** i);
    }
    expect(backoffDelay(10, o)).toBe(1000);
    expect(backoffDelay(0, o, 400)).toBe(400);
    expect(backoffDelay(0, o, 90_000)).toBe(1000);
  });
  it('URLs in messages lose credentials and query strings', () => {
    expect(safeUrl('https://user:pw@host/x?token=abc')).toBe('https://host/x');
  });
});

describe('the shared retry policy (hub client and API encoders)', () => {
  const policy = { timeoutMs: 5_000, maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };
  const recorder = () => {
    const slept: number[] = [];
    return { slept, sleep: async (ms: number) => void slept.push(ms) };
  };

  it('retries 408, 429 and 5xx; other statuses are answers', () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [200, 301, 400, 401, 403, 404, 422]) expect(isRetryableStatus(s)).toBe(false);
  });

  it('per-caller defaults; an explicit undefined keeps the default', () => {
    expect(retryPolicy(policy, { maxRetries: 1, timeoutMs: undefined })).toEqual({ ...policy, maxRetries: 1 });
  });

  it('waits what Retry-After asks (capped), then answers with the first non-retryable response', async () => {
    const { slept, sleep } = recorder();
    const answers = [
      new Response('busy', { status: 429, headers: { 'retry-after': '0.25' } }),
      new Response('x', { status: 503 }),
      new Response('ok', { status: 404 }),
    ];
    const res = await withRetry('http://127.0.0.1:1/x', { ...policy, sleep }, async () => answers.shift()!);
    expect(res.status).toBe(404);
    expect(slept[0]).toBe(250);
    expect(slept[1]).toBeGreaterThanOrEqual(200); // second retry: 100 * 2, no Retry-After
    expect(slept[1]).toBeLessThanOrEqual(250);
  });

  it('gives up after maxRetries + 1 attempts, naming them and the last failure', async () => {
    const { slept, sleep } = recorder();
    const logs: string[] = [];
    let calls = 0;
    const err = await withRetry('http://u:p@127.0.0.1:1/x?token=s', { ...policy, sleep, log: (m) => logs.push(m) }, async () => {
      calls++;
      throw new HttpError('HTTP 500: oops', 500, 'x');
    }).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(slept).toHaveLength(3);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).extra.attempts).toBe(4);
    expect(((err as HttpError).extra.lastError as Error).message).toBe('HTTP 500: oops');
    expect((err as Error).message).toBe('request to http://127.0.0.1:1/x failed after 4 attempts: HTTP 500: oops');
    expect(logs).toHaveLength(3);
    expect(logs.join('\n')).not.toMatch(/token|u:p/);
  });

  it('does not retry a non-retryable status or a NonRetryable failure', async () => {
    const { slept, sleep } = recorder();
    const own = new Error('bad body');
    await expect(withRetry('http://127.0.0.1:1/x', { ...policy, sleep }, async () => Promise.reject(new NonRetryable(own)))).rejects.toBe(own);
    const denied = new HttpError('HTTP 403', 403, 'x');
    await expect(withRetry('http://127.0.0.1:1/x', { ...policy, sleep }, async () => Promise.reject(denied))).rejects.toBe(denied);
    expect(slept).toEqual([]);
  });

  it('a silent attempt times out and is retried', async () => {
    const { sleep } = recorder();
    let calls = 0;
    const out = await withRetry('http://127.0.0.1:1/x', { ...policy, timeoutMs: 20, sleep }, async (signal) => {
      calls++;
      if (calls === 1) return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      return 'done';
    });
    expect(out).toBe('done');
    expect(calls).toBe(2);
  });
});
