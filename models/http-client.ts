import { ModelError } from '../core/errors.js';
import type { RequestBudget } from './request-budget.js';

export interface HttpPolicy {
  /** Per-attempt timeout. */
  timeoutMs: number;
  maxRetries: number;
  /** First backoff; doubles per retry (with jitter), capped at maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = { timeoutMs: 60_000, maxRetries: 6, backoffMs: 500, maxBackoffMs: 30_000 };

/** Replaces every secret occurrence so keys never reach logs, errors or results. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** Seconds or an HTTP date, per RFC 9110; undefined when absent or invalid. */
export function retryAfterMs(h: string | null, now = Date.now()): number | undefined {
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const t = Date.parse(h);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POSTs JSON with retries on 429/5xx, network errors and timeouts (exponential backoff, honouring Retry-After),
 * and returns the parsed JSON body. Non-retryable failures become ModelErrors that name the model and batch.
 */
export async function postJson(
  url: string,
  body: unknown,
  opts: {
    headers: Record<string, string>;
    policy: HttpPolicy;
    model: string;
    batch: string;
    secrets: (string | undefined)[];
    log?: (m: string) => void;
    /** A pool-wide budget: every attempt takes a slot (and tokens), a 429's Retry-After pauses the pool. */
    budget?: RequestBudget;
    tokens?: number;
  },
): Promise<unknown> {
  const { policy } = opts;
  const where = { model: opts.model, hint: undefined as string | undefined };
  let lastError = '';
  for (let attempt = 0; attempt <= policy.maxRetries; attempt++) {
    let wait: number | undefined;
    const release = opts.budget ? await opts.budget.acquire(opts.tokens ?? 0) : undefined;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), policy.timeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...opts.headers },
        body: JSON.stringify(body),
        signal: ac.signal,
      });
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) {
        lastError = `HTTP ${res.status}: ${snippet(text)}`;
        wait = retryAfterMs(res.headers.get('retry-after'));
        if (res.status === 429 && wait !== undefined) await opts.budget?.throttled(wait);
      } else if (!res.ok) {
        throw new ModelError(redact(`${opts.batch}: HTTP ${res.status} from ${url}: ${snippet(text)}`, opts.secrets), where);
      } else {
        try {
          return JSON.parse(text);
        } catch {
          const kind = /^\s*</.test(text) ? 'HTML' : 'non-JSON text';
          throw new ModelError(redact(`${opts.batch}: ${url} answered ${kind} instead of JSON: ${snippet(text)}`, opts.secrets), {
            ...where,
            hint: 'check the base URL: it should point at the API root (e.g. http://host:port/v1)',
          });
        }
      }
    } catch (e) {
      if (e instanceof ModelError) throw e;
      lastError = ac.signal.aborted ? `timed out after ${policy.timeoutMs} ms` : `network error: ${(e as Error).message}`;
    } finally {
      clearTimeout(timer);
      await release?.();
    }
    if (attempt === policy.maxRetries) break;
    const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** attempt) * (0.5 + Math.random() / 2);
    const delay = wait ?? backoff;
    opts.log?.(redact(`${opts.batch}: ${lastError}; retry ${attempt + 1}/${policy.maxRetries} in ${Math.round(delay)} ms`, opts.secrets));
    await sleep(delay);
  }
  throw new ModelError(redact(`${opts.batch}: giving up after ${policy.maxRetries + 1} attempts: ${lastError}`, opts.secrets), where);
}

function snippet(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}
