/**
 * HTTP for the hub client: a timeout per attempt, and retries with exponential backoff on 429, 5xx and
 * network failures, honouring Retry-After. The token goes only into the Authorization header, never into logs.
 */

export interface HttpOptions {
  token?: string;
  /** Time allowed for the response headers, and for each gap between body chunks (ms). */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** First backoff delay (ms); doubles every attempt. */
  baseDelayMs?: number;
  /** Cap for the backoff delay and for Retry-After (ms). */
  maxDelayMs?: number;
  log?: (msg: string) => void;
  /** Injected sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_HTTP: Required<Omit<HttpOptions, 'token' | 'log' | 'sleep'>> = {
  timeoutMs: 30_000,
  maxRetries: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/** Statuses worth another attempt: rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export function backoffDelay(attempt: number, opts: HttpOptions, retryAfterMs?: number): number {
  const max = opts.maxDelayMs ?? DEFAULT_HTTP.maxDelayMs;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
  const base = (opts.baseDelayMs ?? DEFAULT_HTTP.baseDelayMs) * 2 ** attempt;
  // Up to 25% jitter so parallel clients do not retry in lock step.
  return Math.min(max, base * (1 + Math.random() * 0.25));
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A failed request after all retries, or one that is not worth retrying. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly url: string,
    readonly errorCode?: string,
    /** Server-requested wait before the next attempt (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HttpError';
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

/**
 * One request with retries. Resolves with a response whose status is not retryable (the caller
 * checks `ok`); the body is not read here, so `withBody` lets callers retry body failures too.
 */
export async function fetchWithRetry(url: string, init: RequestInit, opts: HttpOptions): Promise<Response> {
  return withRetry(url, opts, async (signal) => {
    const res = await fetch(url, { ...init, headers: authHeaders(init.headers, opts.token), signal });
    return res;
  });
}

/**
 * Runs `attempt` (a request plus, optionally, reading its body) with retries. `attempt` gets an
 * AbortSignal that fires after `timeoutMs` without progress; it may call `progress()` to push it back.
 */
export async function withRetry<T>(
  url: string,
  opts: HttpOptions,
  attempt: (signal: AbortSignal, progress: () => void) => Promise<T>,
): Promise<T> {
  const retries = opts.maxRetries ?? DEFAULT_HTTP.maxRetries;
  const sleep = opts.sleep ?? defaultSleep;
  let lastErr: unknown;
  for (let i = 0; i <= retries; i++) {
    const ctrl = new AbortController();
    const timeoutMs = opts.timeoutMs ?? DEFAULT_HTTP.timeoutMs;
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
      if (e instanceof HttpError) retryAfter = e.retryAfterMs;
      lastErr = ctrl.signal.aborted && ctrl.signal.reason instanceof Error ? ctrl.signal.reason : e;
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (i === retries) break;
    const delay = backoffDelay(i, opts, retryAfter);
    opts.log?.(`retrying ${safeUrl(url)} in ${Math.round(delay)} ms (${describe(lastErr)})`);
    await sleep(delay);
  }
  const msg = describe(lastErr);
  throw new HttpError(
    `request to ${safeUrl(url)} failed after ${retries + 1} attempts: ${msg}`,
    lastErr instanceof HttpError ? lastErr.status : undefined,
    safeUrl(url),
  );
}

/** Wrap an error thrown inside a `withRetry` attempt that must not be retried. */
export class NonRetryable extends Error {
  constructor(readonly cause: unknown) {
    super('non-retryable');
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message && !e.message.includes(cause.message) ? `${e.message}: ${cause.message}` : e.message;
}

function authHeaders(h: RequestInit['headers'], token?: string): Headers {
  const headers = new Headers(h);
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  if (!headers.has('user-agent')) headers.set('user-agent', 'mteb-ts (hub client)');
  return headers;
}

/** A `fetch` for @huggingface/hub functions: ours, with auth, timeout and retries. */
export function hubFetch(opts: HttpOptions): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    fetchWithRetry(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init ?? {}, opts)) as typeof fetch;
}
