import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { assertNoCredentials, redact, registerSecret, stripCredentials } from '../../core/redact.js';
import { runCli } from '../helpers/cli.js';

const HF = 'hf_abcdefghijklmnopqrstuvwxyz0123';
const OPENAI = 'sk-test-0123456789abcdefghij';
const URL_SECRET = 'p4ssw0rd-in-url';

/** All text below `dir` (files only), for grepping secrets out of results, caches and metadata. */
function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((n) => join(dir, n))
    .map((p) => (statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'latin1')))
    .join('\n');
}

describe('redact', () => {
  it('removes secret env values, URL userinfo, bearer tokens and key shapes, and leaves ordinary words', () => {
    const env = { HF_TOKEN: 'tok-123456789', MY_SERVICE_API_KEY: 'key-abcdefgh', SHORT_TOKEN: 'test', SORT_KEY: 'cosine-name' };
    const text =
      'tok-123456789 key-abcdefgh http://user:secret@host:8080/v1 Authorization: Bearer abc.def-123 hf_ABCDEFGHIJKLMNOPQRSTUVWX sk-ABCDEFGHIJKLMNOPQRST test cosine-name';
    expect(redact(text, [], env)).toBe('*** *** http://***@host:8080/v1 Authorization: Bearer *** *** *** test cosine-name');
    expect(redact('a key-xyz1 here', ['key-xyz1'], {})).toBe('a *** here');
    registerSecret('registered-secret-1');
    expect(redact('x registered-secret-1 y', [], {})).toBe('x *** y');
  });

  it('strips and refuses credentials in URLs', () => {
    expect(stripCredentials('https://u:p@example.test/v1')).toBe('https://example.test/v1');
    expect(() => assertNoCredentials('http://u:p@h/v1', 'OPENAI_BASE_URL', 'use OPENAI_API_KEY')).toThrow(ConfigError);
    expect(() => assertNoCredentials('http://h/v1', 'OPENAI_BASE_URL', '')).not.toThrow();
  });
});

describe('no secret in any output, result, cache or metadata', () => {
  let server: Server;
  let base = '';
  let requests = 0;
  const saved = { ...process.env };
  beforeAll(async () => {
    // A hostile server: every answer echoes the request headers, Authorization included.
    server = createServer((req, res) => {
      requests++;
      const echo = JSON.stringify({ error: `bad request, you sent ${JSON.stringify(req.headers)}` });
      res.writeHead(req.url?.includes('/api/') ? 400 : 401, { 'content-type': 'application/json' }).end(echo);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    process.env = { ...saved };
    requests = 0;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('HF_TOKEN echoed by a hub error body stays out of stderr, --json, results and the cache', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redact-hub-'));
    process.env.HF_ENDPOINT = base;
    process.env.HF_TOKEN = HF;
    process.env.HF_HUB_CACHE = join(root, 'cache');
    for (const argv of [
      ['run', '-m', 'lexical', '-t', 'STSBenchmark', '--output-folder', join(root, 'out'), '--json'],
      ['run', '-m', 'lexical', '-t', 'STSBenchmark', '--output-folder', join(root, 'out'), '-v'],
      ['download', '-t', 'STSBenchmark'],
    ]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(requests).toBeGreaterThan(0);
      expect(r.stdout + r.stderr).not.toContain(HF);
      expect(r.stdout + r.stderr).toMatch(/HTTP 40[01]/);
    }
    expect(allText(root)).not.toContain(HF);
  });

  it('OPENAI_BASE_URL with user:secret@ fails at once (no request, no retry) and the secret appears nowhere', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redact-api-'));
    process.env.OPENAI_BASE_URL = `http://user:${URL_SECRET}@127.0.0.1:${new URL(base).port}/v1`;
    process.env.OPENAI_API_KEY = OPENAI;
    const r = await runCli(['run', '-m', 'openai:text-embedding-3-small', '-t', 'DemoSTS', '--output-folder', join(root, 'out'), '--json']);
    expect(r.code).toBe(2);
    expect(requests).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/carries credentials/);
    expect(r.stdout + r.stderr).not.toContain(URL_SECRET);
    expect(r.stdout + r.stderr).not.toContain(OPENAI);
    expect(allText(root)).not.toContain(URL_SECRET);
  });

  it('an API key echoed in a 401 body stays out of output and results', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redact-api2-'));
    process.env.OPENAI_BASE_URL = `${base}/v1`;
    process.env.OPENAI_API_KEY = OPENAI;
    const r = await runCli(['run', '-m', 'openai:m', '-t', 'DemoSTS', '--output-folder', join(root, 'out'), '--json', '-v']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/HTTP 401/);
    expect(r.stdout + r.stderr).not.toContain(OPENAI);
    expect(allText(root)).not.toContain(OPENAI);
  });
});
