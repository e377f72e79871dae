import { ModelError } from '../core/errors.js';
import { describeError, HttpError, isRetryableStatus, NonRetryable, parseRetryAfter, type RetryPolicy, withRetry } from '../core/http.js';
import { redact } from '../core/redact.js';
import type { RequestBudget } from './request-budget.js';

/** Embedding APIs answer slowly under load and rate-limit often: 60 s per attempt, 6 retries from 0.5 s up to 30 s. */
export const API_RETRY: RetryPolicy = { timeoutMs: 60_000, maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * POSTs JSON with the shared retry policy (core/http.ts) and returns the parsed JSON body. Failures become
 * ModelErrors that name the model and batch, with every secret redacted.
 */
export async function postJson(
  url: string,
  body: unknown,
  opts: {
    headers: Record<string, string>;
    policy: RetryPolicy;
    model: string;
    batch: string;
    secrets: (string | undefined)[];
    log?: (m: string) => void;
    /** A pool-wide budget (runners/queue/rate-budget.ts): every attempt takes a slot and its tokens; a 429's Retry-After pauses the pool. */
    budget?: RequestBudget;
    tokens?: number;
  },
): Promise<unknown> {
  const where = { model: opts.model };
  const say = (m: string) => redact(`${opts.batch}: ${m}`, opts.secrets);
  const log = opts.log;
  try {
    return await withRetry(url, { ...opts.policy, log: log && ((m) => log(say(m))) }, async (signal, progress) => {
      const release = opts.budget ? await opts.budget.acquire(opts.tokens ?? 0) : undefined;
      // Waiting for the pool's budget is not the server being slow: the attempt's timeout starts now.
      if (release) progress();
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...opts.headers },
          body: JSON.stringify(body),
          signal,
        });
        text = await res.text();
        // Pause the pool before this request's in-flight slot frees, so no other worker slips in through it.
        if (res.status === 429) {
          const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
          if (retryAfterMs !== undefined) await opts.budget?.throttled(retryAfterMs);
        }
      } finally {
        await release?.();
      }
      if (isRetryableStatus(res.status)) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        throw new HttpError(`HTTP ${res.status}: ${snippet(text)}`, res.status, url, { retryAfterMs });
      }
      if (!res.ok) throw new NonRetryable(new ModelError(say(`HTTP ${res.status} from ${url}: ${snippet(text)}`), where));
      try {
        return JSON.parse(text) as unknown;
      } catch {
        const kind = /^\s*</.test(text) ? 'HTML' : 'non-JSON text';
        throw new NonRetryable(
          new ModelError(say(`${url} answered ${kind} instead of JSON: ${snippet(text)}`), {
            ...where,
            hint: 'check the base URL: it should point at the API root (e.g. http://host:port/v1)',
          }),
        );
      }
    });
  } catch (e) {
    if (e instanceof ModelError) throw e;
    if (e instanceof HttpError && e.extra.attempts !== undefined) {
      throw new ModelError(say(`giving up after ${e.extra.attempts} attempts: ${describeError(e.extra.lastError)}`), where);
    }
    throw new ModelError(say(describeError(e)), where, { cause: e });
  }
}

function snippet(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}
