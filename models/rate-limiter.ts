/**
 * Client-side limits for API encoders: requests per minute and tokens per minute, as sliding 60 s windows.
 * `acquire(tokens)` waits until both budgets allow the request, then records it.
 */
export class RateLimiter {
  private readonly events: { t: number; tokens: number }[] = [];
  constructor(
    private readonly rpm?: number,
    private readonly tpm?: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly windowMs = 60_000,
  ) {}

  async acquire(tokens: number): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.events.length && this.events[0]!.t <= t - this.windowMs) this.events.shift();
      const used = this.events.reduce((a, e) => a + e.tokens, 0);
      const reqOk = !this.rpm || this.events.length < this.rpm;
      // A single request larger than the whole token budget is let through alone rather than blocking forever.
      const tokOk = !this.tpm || used + tokens <= this.tpm || this.events.length === 0;
      if (reqOk && tokOk) {
        this.events.push({ t, tokens });
        return;
      }
      await this.sleep(Math.max(1, this.events[0]!.t + this.windowMs - t));
    }
  }
}

/** A rough token estimate for budgets (~4 characters per token, as OpenAI documents for English). */
export function estimateTokens(texts: readonly string[]): number {
  return texts.reduce((a, t) => a + Math.ceil(t.length / 4) + 1, 0);
}
