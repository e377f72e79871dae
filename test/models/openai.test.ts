import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EncodeContext } from '../../core/encoder.js';
import { create as createHttp } from '../../models/http.js';
import { create as createOpenAI } from '../../models/openai.js';
import { RateLimiter } from '../../models/rate-limiter.js';

const KEY = 'sk-test-SECRET-key-0123456789';
const task = { name: 'SciFact', type: 'Retrieval' } as never;
const ctx = (promptType?: 'query' | 'document'): EncodeContext => ({ task, split: 'test', subset: 'default', promptType });

/** Deterministic fake embedding: depends only on the text. */
const vec = (t: string) => [t.length, [...t].reduce((a, c) => a + c.charCodeAt(0), 0) % 97, 1];

type Fault = 'none' | '429' | '500' | 'slow' | 'drop' | 'html' | 'count' | 'dim' | 'nan' | '401';
interface ServerState {
  faults: Fault[];
  requests: { auth?: string; body: { model?: string; input?: string[]; inputs?: string[]; input_type?: string }; at: number }[];
  inFlight: number;
  maxInFlight: number;
}

let server: Server;
let base = '';
const state: ServerState = { faults: [], requests: [], inFlight: 0, maxInFlight: 0 };

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const body = JSON.parse(raw);
    state.requests.push({ auth: req.headers.authorization, body, at: Date.now() });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const fault = state.faults.shift() ?? 'none';
    // In flight until the connection closes (a client that times out closes it too).
    res.on('close', () => state.inFlight--);
    const texts: string[] = body.input ?? body.inputs;
    const ok = () => {
      const data = texts.map((t, index) => ({ object: 'embedding', index, embedding: vec(t) }));
      if (req.url?.startsWith('/generic')) res.end(JSON.stringify({ embeddings: data.map((d) => d.embedding) }));
      // Answer out of order: clients must use `index`.
      else res.end(JSON.stringify({ object: 'list', data: [...data].reverse(), model: body.model }));
    };
    switch (fault) {
      case '429':
        res.writeHead(429, { 'retry-after': '0' }).end('{"error":"rate limited"}');
        return;
      case '500':
        res.writeHead(500).end('oops');
        return;
      case '401':
        res.writeHead(401).end(`{"error":"bad key ${req.headers.authorization}"}`);
        return;
      case 'slow':
        // Never answers: the client's timeout must fire, however loaded the machine is.
        return;
      case 'drop':
        res.write('{"data": [');
        setTimeout(() => req.socket.destroy(), 5);
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Gateway</body></html>');
        return;
      case 'count':
        res.end(JSON.stringify({ data: texts.slice(1).map((t, index) => ({ index, embedding: vec(t) })) }));
        return;
      case 'dim':
        res.end(JSON.stringify({ data: texts.map((t, index) => ({ index, embedding: index === 1 ? [1, 2] : vec(t) })) }));
        return;
      case 'nan':
        res.end(JSON.stringify({ data: texts.map((t, index) => ({ index, embedding: index === 0 ? [1, null, 2] : vec(t) })) }));
        return;
      default:
        setTimeout(ok, 20);
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.OPENAI_BASE_URL = `${base}/v1`;
  process.env.OPENAI_API_KEY = KEY;
});
afterAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  state.faults = [];
  state.requests = [];
  state.maxInFlight = 0;
});

const texts = Array.from({ length: 40 }, (_, i) => `document number ${i} ${'x'.repeat(i)}`);
// A timeout generous enough that only the never-answering 'slow' fault trips it on a loaded CI machine.
const fast = { timeoutMs: 1500, backoffMs: 5, maxRetries: 6 };

describe('openai: encoder against a local OpenAI-compatible server', () => {
  it('gives identical vectors with injected 429s, 500s, slow responses and a dropped connection, within the concurrency limit', async () => {
    const logs: string[] = [];
    const clean = await (await createOpenAI('text-embedding-test?concurrency=2', { batchSize: 8, ...fast, log: (m: string) => logs.push(m) })).encode(
      texts,
      ctx('document'),
    );
    expect(state.maxInFlight).toBeLessThanOrEqual(2);
    state.requests = [];
    state.maxInFlight = 0;
    state.faults = ['429', '500', 'slow', 'drop', '500', 'none', '429'];
    const enc = await createOpenAI('text-embedding-test?concurrency=2', { batchSize: 8, ...fast, log: (m: string) => logs.push(m) });
    const faulty = await enc.encode(texts, ctx('document'));
    expect(faulty.data).toEqual(clean.data);
    expect(Array.from(faulty.data.subarray(0, 3))).toEqual(vec(texts[0]!));
    expect(state.maxInFlight).toBeLessThanOrEqual(2);
    expect(state.requests.length).toBeGreaterThan(5); // 5 batches + retries
    expect(state.requests.every((r) => r.auth === `Bearer ${KEY}` && r.body.model === 'text-embedding-test')).toBe(true);
    expect(logs.some((l) => /retry/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(enc.meta)).not.toContain(KEY);
  });

  it('prepends mteb-resolved prompts and can pass input_type', async () => {
    const enc = await createOpenAI('m?input_type_field=1', { prompts: { query: 'query: ', document: 'passage: ' }, ...fast });
    await enc.encode(['a'], ctx('query'));
    await enc.encode(['b'], ctx('document'));
    expect(state.requests.map((r) => [r.body.input?.[0], r.body.input_type])).toEqual([
      ['query: a', 'query'],
      ['passage: b', 'document'],
    ]);
    expect(enc.resolvePrompt?.(ctx('query'))).toBe('query: ');
  });

  it.each([
    ['count', /returned 2 vectors for 3 texts/],
    ['dim', /vector 1 has 2 dimensions, expected 3/],
    ['nan', /vector 0 is not a list of finite numbers/],
    ['html', /answered HTML instead of JSON/],
  ] as const)('rejects a %s response with an error naming model and batch', async (fault, re) => {
    state.faults = [fault];
    const enc = await createOpenAI('bad-model', { batchSize: 3, ...fast });
    const err = await enc.encode(['a', 'b', 'c'], ctx()).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).toMatch(/batch 1\/1.*model bad-model/s);
  });

  it('never shows the key, even when the server echoes it in an error', async () => {
    state.faults = ['401'];
    const err = (await (await createOpenAI('m', fast)).encode(['a'], ctx()).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 401/);
    expect(err.message).not.toContain(KEY);
    expect(err.message).toContain('***');
  });

  it('gives up after the retry budget with a clear error', async () => {
    state.faults = Array(10).fill('500');
    const err = (await (await createOpenAI('m', { ...fast, maxRetries: 2 })).encode(['a'], ctx()).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/giving up after 3 attempts: HTTP 500/);
  });
});

describe('http: generic JSON endpoint', () => {
  it('posts inputs and input_type and reads {"embeddings": [...]}', async () => {
    const enc = await createHttp(`${base}/generic#name=my-model`, fast);
    const m = await enc.encode(['hello', 'world!'], ctx('query'));
    expect(enc.name).toBe('my-model');
    expect(Array.from(m.data)).toEqual([...vec('hello'), ...vec('world!')]);
    expect(state.requests[0]!.body).toEqual({ inputs: ['hello', 'world!'], input_type: 'query' });
  });
});

describe('rate limiter', () => {
  it('keeps requests and tokens per minute within the budget (virtual clock)', async () => {
    let now = 0;
    const starts: number[] = [];
    const rl = new RateLimiter(
      3,
      100,
      () => now,
      async (ms) => void (now += ms),
    );
    for (let i = 0; i < 7; i++) {
      await rl.acquire(30);
      starts.push(now);
    }
    // 3 requests of 30 tokens fit per 60 s window (4 would need 120 tokens > 100).
    expect(starts).toEqual([0, 0, 0, 60000, 60000, 60000, 120000]);
  });
});
