import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible /v1/embeddings server on loopback for pool tests and the scale benchmark: fixed
 * latency per request, deterministic vectors that depend only on the text, a log of every request (arrival,
 * end, texts, auth header), the peak number in flight, and optional 429 answers with Retry-After.
 */
export interface FakeApiRequest {
  at: number;
  end: number;
  texts: string[];
  auth?: string;
  status: number;
}

export interface FakeApi {
  url: string;
  requests: FakeApiRequest[];
  maxInFlight: () => number;
  /** Answer the n-th request (1-based) with 429 and this Retry-After (seconds). */
  throttleAt: Map<number, number>;
  close(): Promise<void>;
}

export function vectorOf(text: string, dim = 16): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const w of text.toLowerCase().split(/\s+/)) {
    if (!w) continue;
    let h = 2166136261;
    for (const ch of w) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 16777619) >>> 0;
    }
    v[h % dim]! += h & 0x80000000 ? -1 : 1;
  }
  return v;
}

export async function startFakeApi(opts: { latencyMs?: number; expectKey?: string } = {}): Promise<FakeApi> {
  const requests: FakeApiRequest[] = [];
  const throttleAt = new Map<number, number>();
  let inFlight = 0;
  let peak = 0;
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const at = Date.now();
      const k = ++n;
      inFlight++;
      peak = Math.max(peak, inFlight);
      const body = JSON.parse(raw || '{}') as { input?: string[] };
      const texts = body.input ?? [];
      const entry: FakeApiRequest = { at, end: at, texts, auth: req.headers.authorization, status: 200 };
      requests.push(entry);
      setTimeout(() => {
        inFlight--;
        entry.end = Date.now();
        if (opts.expectKey && req.headers.authorization !== `Bearer ${opts.expectKey}`) {
          entry.status = 401;
          res.writeHead(401).end('{"error":"bad key"}');
        } else if (throttleAt.has(k)) {
          entry.status = 429;
          res.writeHead(429, { 'retry-after': String(throttleAt.get(k)) }).end('{"error":"rate limited"}');
        } else {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ object: 'list', data: texts.map((t, index) => ({ object: 'embedding', index, embedding: vectorOf(t) })) }));
        }
      }, opts.latencyMs ?? 100);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    maxInFlight: () => peak,
    throttleAt,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Most requests (or tokens) whose arrival falls in any window of `ms`. */
export function maxInWindow(reqs: readonly FakeApiRequest[], ms: number, weight: (r: FakeApiRequest) => number = () => 1): number {
  const sorted = [...reqs].sort((a, b) => a.at - b.at);
  let best = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    sum += weight(sorted[hi]!);
    while (sorted[hi]!.at - sorted[lo]!.at >= ms) sum -= weight(sorted[lo++]!);
    best = Math.max(best, sum);
  }
  return best;
}
