/**
 * A request budget shared beyond this process (a worker pool's API limits, held in Redis by
 * runners/queue/rate-budget.ts). API encoders ask it before every HTTP attempt and tell it about throttling.
 */
export interface RequestBudget {
  /** Waits until a request of `tokens` may be sent (rpm, tpm, in-flight, pool pause); resolves to its release. */
  acquire(tokens: number): Promise<() => Promise<void>>;
  /** The API answered 429 with Retry-After: pause every request of the pool for `ms`. */
  throttled(ms: number): Promise<void>;
}
