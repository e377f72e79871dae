/**
 * HTTP for the hub client: the shared retry policy (core/http.ts) with the hub's defaults, and the hub's headers.
 * The token goes only into the Authorization header, never into logs.
 */
import { fetchWithRetry, type RetryOptions, type RetryPolicy, retryPolicy } from '../core/http.js';

export interface HttpOptions extends RetryOptions {
  token?: string;
}

/** huggingface_hub-like patience: 30 s without progress, 5 retries from 1 s up to 60 s. */
export const HUB_RETRY: RetryPolicy = { timeoutMs: 30_000, maxRetries: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export const USER_AGENT = 'mteb-ts (hub client)';

/** The hub's defaults overridden by whatever `opts` sets, with its log and sleep. */
export function hubRetry(opts: HttpOptions): RetryPolicy & RetryOptions {
  return { ...retryPolicy(HUB_RETRY, opts), log: opts.log, sleep: opts.sleep };
}

function hubHeaders(h: RequestInit['headers'], token?: string): Headers {
  const headers = new Headers(h);
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);
  return headers;
}

/** One hub API request with auth and retries; resolves with a response whose status is not retryable. */
export function hubRequest(url: string, init: RequestInit, opts: HttpOptions): Promise<Response> {
  return fetchWithRetry(url, { ...init, headers: hubHeaders(init.headers, opts.token) }, hubRetry(opts));
}

/** A `fetch` for @huggingface/hub functions: ours, with auth, timeout and retries. */
export function hubFetch(opts: HttpOptions): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    hubRequest(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init ?? {}, opts)) as typeof fetch;
}
