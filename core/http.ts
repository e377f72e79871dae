/**
 * The one HTTP retry policy, used by the hub client (hub/) and the API encoders (models/): a timeout per attempt,
 * and retries with exponential backoff on 408, 429, 5xx, network failures and timeouts, honouring Retry-After.
 * Callers format their own errors; tokens never reach a message here (URLs lose credentials and query strings).
 */

export interface RetryPolicy {
  /** Time allowed for the response headers, and for each gap the attempt reports progress in (ms). */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay (ms); doubles every attempt, with up to 25% jitter. */
  baseDelayMs: number;
  /** Cap for the backoff delay and for Retry-After (ms). */
  maxDelayMs: number;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  log?: (msg: string) => void;
  /** Injected sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** `defaults` with every field of `overrides` that is set (an explicit undefined keeps the default). */
export function retryPolicy(defaults: RetryPolicy, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const out = { ...defaults };
  for (const k of Object.keys(defaults) as (keyof RetryPolicy)[]) {
    const v = overrides[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Statuses worth another attempt: request timeout, rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Retry-After as seconds or an HTTP date (RFC 9110); undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retryAfterMs?: number): number {
  const max = policy.maxDelayMs;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
  const base = policy.baseDelayMs * 2 ** attempt;
  // Up to 25% jitter so parallel clients do not retry in lock step.
  return Math.min(max, base * (1 + Math.random() * 0.25));
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A failed request: one not worth retrying, or the last failure once the retries are spent (`attempts` set). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly url: string,
    readonly extra: {
      /** Server-requested wait before the next attempt (Retry-After). */
      retryAfterMs?: number;
      /** Attempts made, when the retries are spent. */
      attempts?: number;
      /** The last attempt's failure, when the retries are spent. */
      lastError?: unknown;
      /** A system error code that no retry within this run can fix (DNS failure, connection refused, disk full). */
      fatalCode?: string;
    } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Failures that cannot heal within a run, so retrying only costs time: the host name does not resolve, the
 * configured endpoint refuses connections or has no route, or the disk is full.
 */
const FATAL_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOSPC', 'EDQUOT']);

/** The first fatal system error code in `e` or its cause chain. */
export function fatalCode(e: unknown): string | undefined {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code ?? (c as { extra?: { fatalCode?: unknown } }).extra?.fatalCode;
    if (typeof code === 'string' && FATAL_CODES.has(code)) return code;
    const errors = (c as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors)) for (const x of errors) if (fatalCode(x)) return fatalCode(x);
  }
  return undefined;
}

/**
 * Origins found unreachable in this process (DNS failure, refused). Later requests to them fail at once with the
 * first error, so a run over 40 tasks reports a dead hub after one request instead of retrying each task.
 */
const unreachable = new Map<string, HttpError>();

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Forget every unreachable origin (a long-lived process whose network came back; tests). */
export function resetUnreachableOrigins(): void {
  unreachable.clear();
}

/** Wrap an error thrown inside a `withRetry` attempt that must not be retried; `withRetry` rethrows `cause`. */
export class NonRetryable extends Error {
  constructor(readonly cause: unknown) {
    super('non-retryable');
  }
}

/** Strips credentials and query strings from a URL for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** An error's message, with its cause's when that adds something (fetch's "fetch failed" hides the reason). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message && !e.message.includes(cause.message) ? `${e.message}: ${cause.message}` : e.message;
}

/**
 * Runs `attempt` (a request plus, optionally, reading its body) with retries. `attempt` gets an AbortSignal that
 * fires after `timeoutMs` without progress; it may call `progress()` to push it back. A Response with a retryable
 * status, an HttpError with a retryable (or no) status, a network error or a timeout is retried; an HttpError with
 * another status is thrown as is, and a NonRetryable's cause is thrown at once.
 */
export async function withRetry<T>(
  url: string,
  policy: RetryPolicy & RetryOptions,
  attempt: (signal: AbortSignal, progress: () => void) => Promise<T>,
): Promise<T> {
  const { maxRetries: retries, timeoutMs } = policy;
  const sleep = policy.sleep ?? defaultSleep;
  const known = unreachable.get(originOf(url));
  if (known) throw new HttpError(`${known.message} (earlier in this run; not tried again)`, undefined, safeUrl(url), { ...known.extra, attempts: 0 });
  let lastErr: unknown;
  for (let i = 0; i <= retries; i++) {
    const ctrl = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => ctrl.abort(new Error(`no response for ${timeoutMs} ms`)), timeoutMs);
    };
    arm();
    let retryAfter: number | undefined;
    try {
      const out = await attempt(ctrl.signal, arm);
      if (out instanceof Response && isRetryableStatus(out.status)) {
        retryAfter = parseRetryAfter(out.headers.get('retry-after'));
        await out.body?.cancel().catch(() => undefined);
        lastErr = new HttpError(`HTTP ${out.status} from ${safeUrl(url)}`, out.status, safeUrl(url));
      } else {
        return out;
      }
    } catch (e) {
      if (e instanceof HttpError && e.status !== undefined && !isRetryableStatus(e.status)) throw e;
      if (e instanceof NonRetryable) throw e.cause;
      const fatal = fatalCode(e);
      if (fatal) {
        const err = new HttpError(`request to ${safeUrl(url)} failed: ${describeError(e)}`, undefined, safeUrl(url), {
          attempts: i + 1,
          lastError: e,
          fatalCode: fatal,
        });
        if (fatal !== 'ENOSPC' && fatal !== 'EDQUOT') unreachable.set(originOf(url), err);
        throw err;
      }
      if (e instanceof HttpError) retryAfter = e.extra.retryAfterMs;
      lastErr = ctrl.signal.aborted && ctrl.signal.reason instanceof Error ? ctrl.signal.reason : e;
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (i === retries) break;
    const delay = backoffDelay(i, policy, retryAfter);
    policy.log?.(`retry ${i + 1}/${retries} of ${safeUrl(url)} in ${Math.round(delay)} ms (${describeError(lastErr)})`);
    await sleep(delay);
  }
  throw new HttpError(
    `request to ${safeUrl(url)} failed after ${retries + 1} attempts: ${describeError(lastErr)}`,
    lastErr instanceof HttpError ? lastErr.status : undefined,
    safeUrl(url),
    {
      attempts: retries + 1,
      lastError: lastErr,
    },
  );
}

/** `fetch` with retries; resolves with a response whose status is not retryable (the caller checks `ok`). */
export function fetchWithRetry(url: string, init: RequestInit, policy: RetryPolicy & RetryOptions): Promise<Response> {
  return withRetry(url, policy, (signal) => fetch(url, { ...init, signal }));
}
