/**
 * hf:<repo> through the hub: a local HTTP server plays huggingface.co (`/<repo>/resolve/<revision>/<file>`,
 * HF_ENDPOINT), serving the tiny-BERT fixture. The first load downloads into the transformers.js cache, an
 * HF_HUB_OFFLINE=1 load afterwards works with the server gone, and a missing file offline is a clear ModelError.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { create } from '../../models/transformers.js';

const FIXTURE = resolve(__dirname, '../fixtures/tiny-bert');
const refs = JSON.parse(readFileSync(join(FIXTURE, 'references.json'), 'utf8')) as {
  texts: string[];
  cases: { pooling: string; prompt: string | null; include_prompt: boolean; normalize: boolean; embeddings: number[][] }[];
};
const want = refs.cases.find((c) => c.pooling === 'mean' && c.prompt === 'query' && c.include_prompt && c.normalize)!.embeddings;
const ctx = { task: { name: 'SciFact', type: 'Retrieval' } as TaskMetadata, split: 'test', subset: 'default', promptType: 'query' as const };

const ENV_KEYS = ['HF_ENDPOINT', 'HF_HUB_OFFLINE', 'HF_HUB_CACHE', 'TRANSFORMERS_JS_CACHE', 'MTEB_HUB_MIRROR', 'HF_TOKEN'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const root = mkdtempSync(join(tmpdir(), 'mteb-ts-hub-'));
const requests: string[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    // test-org/tiny-bert and intfloat/e5-small-v2: the fixture; test-org/no-onnx: without its onnx/ folder;
    // Xenova/*: a transformers.js-style mirror without the sentence-transformers files
    const m = /^\/(test-org\/tiny-bert|test-org\/no-onnx|intfloat\/e5-small-v2|Xenova\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(req.url ?? '');
    const rel = m ? decodeURIComponent(m[3]!) : '';
    const file = m ? join(FIXTURE, rel) : '';
    const stFile = /^(modules\.json|1_Pooling\/|2_Normalize\/|sentence_bert_config\.json|config_sentence_transformers\.json)/.test(rel);
    const hidden = (m?.[1] === 'test-org/no-onnx' && rel.startsWith('onnx/')) || (m?.[1]?.startsWith('Xenova/') && stFile);
    if (!m || !existsSync(file) || file.endsWith('references.json') || hidden) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.env.HF_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.TRANSFORMERS_JS_CACHE = join(root, 'tjs');
  process.env.HF_HUB_CACHE = join(root, 'hf-empty');
  mkdirSync(process.env.HF_HUB_CACHE, { recursive: true });
  delete process.env.HF_HUB_OFFLINE;
  delete process.env.MTEB_HUB_MIRROR;
  process.env.HF_TOKEN = 'hf_secret_test_token';
});

afterAll(() => {
  server?.close();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(root, { recursive: true, force: true });
});

describe('hf: models from the hub (local fake endpoint)', () => {
  it('a hub repo without the ONNX file (or without the --dtype variant) names it and the fix', async () => {
    const err = await create('test-org/no-onnx', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/onnx\/model\.onnx[\s\S]*hint: the repo ships no ONNX export/);
    expect((err as ModelError).context.file).toMatch(/test-org\/no-onnx\/resolve\/main\/onnx\/model\.onnx$/);
    const q8 = await create('test-org/tiny-bert', { dtype: 'q8' }).catch((e: unknown) => e);
    expect(q8).toBeInstanceOf(ModelError);
    expect((q8 as Error).message).toMatch(/model_quantized\.onnx[\s\S]*hint: the repo has no onnx\/model_quantized\.onnx for --dtype q8; try --dtype fp32/);
    expect((q8 as Error).message).not.toContain('hf_secret_test_token');
  });

  it('known models: pinned mteb revision, registry prompts, and ST settings for mirrors without ST files', async () => {
    const e5 = await create('intfloat/e5-small-v2', {});
    expect(e5.revision).toBe('dca8b1a9dae0d4575df2bf423a5edb485a431236');
    expect(requests.some((r) => r.startsWith('/intfloat/e5-small-v2/resolve/dca8b1a9dae0d4575df2bf423a5edb485a431236/onnx/model.onnx'))).toBe(true);
    expect(e5.meta.extra?.prompts_source).toBe('known-models registry (intfloat/e5-small-v2)');

    const mirror = await create('Xenova/all-MiniLM-L6-v2', {});
    expect(mirror.revision).toBe('main');
    expect(mirror.meta.extra).toMatchObject({ pooling: ['mean'], normalize: true, max_seq_length: 256, known_model: { name: 'sentence-transformers/all-MiniLM-L6-v2', via_mirror: true } });
    expect(mirror.meta.prompts).toEqual({});
    expect((await mirror.encode(['a cat'], ctx)).cols).toBe(32);
    const bgeMirror = await create('Xenova/bge-small-en-v1.5', {});
    expect(bgeMirror.meta.extra).toMatchObject({ pooling: ['cls'], normalize: true, max_seq_length: 512 });
    expect(bgeMirror.resolvePrompt!(ctx)).toBe('Represent this sentence for searching relevant passages: ');
  });

  it('downloads, caches, then loads offline with identical vectors', async () => {
    const online = await create('test-org/tiny-bert', {});
    expect(online.revision).toBe('main');
    const a = await online.encode(refs.texts, ctx);
    let md = 0;
    want.forEach((row, i) => row.forEach((v, j) => (md = Math.max(md, Math.abs(a.data[i * a.cols + j]! - v)))));
    expect(md).toBeLessThan(1e-5);
    expect(requests.some((r) => r.startsWith('/test-org/tiny-bert/resolve/main/onnx/model.onnx'))).toBe(true);
    expect(requests.some((r) => r.startsWith('/test-org/tiny-bert/resolve/main/1_Pooling/config.json'))).toBe(true);
    // the ST JSON files we fetch ourselves carry the token (never printed)
    expect(requests.find((r) => r.includes('modules.json'))).toContain('auth=yes');
    expect(existsSync(join(root, 'tjs', 'test-org/tiny-bert/onnx/model.onnx'))).toBe(true);

    await new Promise<void>((r) => server.close(() => r()));
    process.env.HF_HUB_OFFLINE = '1';
    const before = requests.length;
    const offline = await create('test-org/tiny-bert', {});
    const b = await offline.encode(refs.texts, ctx);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(requests.length).toBe(before);
  });

  it('offline and not cached: ModelError with the offline hint', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    const err = await create('test-org/tiny-bert@0123456789abcdef0123456789abcdef01234567', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/is not in the model cache and HF_HUB_OFFLINE=1[\s\S]*hint: run once without HF_HUB_OFFLINE/);
    expect((err as Error).message).not.toContain('hf_secret_test_token');
  });

  it('uses a hub mirror folder models/<owner>/<name> when present', async () => {
    const mirror = join(root, 'mirror');
    mkdirSync(join(mirror, 'models', 'test-org'), { recursive: true });
    const { cpSync } = await import('node:fs');
    cpSync(FIXTURE, join(mirror, 'models', 'test-org', 'mirrored-bert'), { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(mirror, 'models', 'test-org', 'mirrored-bert', '.mirror.json'), JSON.stringify({ repo: 'test-org/mirrored-bert', revision: 'f'.repeat(40) }));
    const enc = await create('test-org/mirrored-bert', { hubMirror: mirror });
    expect(enc.name).toBe('test-org/mirrored-bert');
    expect(enc.revision).toBe('f'.repeat(40));
    expect((await enc.encode(['a cat'], ctx)).cols).toBe(32);
  });
});
