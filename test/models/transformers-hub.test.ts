/**
 * hf:<repo> through the hub: the dataset tests' fake hub (test/helpers/hub-server.ts, a real HTTP server on
 * 127.0.0.1 speaking /api/models/... and /<repo>/resolve/...) serves model repos built from the tiny-BERT fixture.
 * Models go through the same hub client and HF cache as datasets: models--owner--name/{blobs,snapshots,refs},
 * only the needed files, HF_HUB_OFFLINE=1 with zero requests, retries on 500/429, errors naming repo/revision/file.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors.js';
import { requestStats } from '../../hub/client.js';
import { create } from '../../models/transformers.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { type HubServer, startHubServer } from '../helpers/hub-server.js';

const FIXTURE = resolve(__dirname, '../fixtures/tiny-bert');
const refs = JSON.parse(readFileSync(join(FIXTURE, 'references.json'), 'utf8')) as {
  texts: string[];
  cases: { pooling: string; prompt: string | null; include_prompt: boolean; normalize: boolean; embeddings: number[][] }[];
};
const want = refs.cases.find((c) => c.pooling === 'mean' && c.prompt === 'query' && c.include_prompt && c.normalize)!.embeddings;
const ctx = { task: { name: 'SciFact', type: 'Retrieval' } as TaskMetadata, split: 'test', subset: 'default', promptType: 'query' as const };

const ENV_KEYS = ['HF_ENDPOINT', 'HF_HUB_OFFLINE', 'HF_HUB_CACHE', 'HF_HOME', 'TRANSFORMERS_JS_CACHE', 'MTEB_HUB_MIRROR', 'HF_TOKEN'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const root = mkdtempSync(join(tmpdir(), 'mteb-ts-hub-'));
const TOKEN = 'hf_secret_test_token';
const E5_REV = 'dca8b1a9dae0d4575df2bf423a5edb485a431236';
const TINY_COMMIT = '1111111111111111111111111111111111111111';
let server: HubServer;
let repoDir: string;

const isSt = (p: string) => /^(modules\.json|1_Pooling\/|2_Normalize\/|sentence_bert_config\.json|config_sentence_transformers\.json)/.test(p);
const lfs = (p: string) => p.endsWith('.onnx') || p.includes('.onnx_data');

/** Files under a folder, relative and '/'-separated. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (lstatSync(full).isDirectory()) rec(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) rec(dir);
  return out.sort();
}

function maxDiff(a: { data: Float32Array; cols: number }): number {
  let md = 0;
  want.forEach((row, i) => row.forEach((v, j) => (md = Math.max(md, Math.abs(a.data[i * a.cols + j]! - v)))));
  return md;
}

function useCache(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  process.env.HF_HUB_CACHE = dir;
  return dir;
}

beforeAll(async () => {
  // The repo as the hub would hold it: the fixture plus files the encoder must NOT fetch (other dtypes,
  // PyTorch weights, a README) and an external-data file it must fetch with model.onnx.
  repoDir = join(root, 'repo');
  cpSync(FIXTURE, repoDir, { recursive: true });
  rmSync(join(repoDir, 'references.json'));
  writeFileSync(join(repoDir, 'onnx', 'model_fp16.onnx'), 'not a real fp16 model');
  writeFileSync(join(repoDir, 'onnx', 'model.onnx_data'), 'external data placeholder');
  writeFileSync(join(repoDir, 'pytorch_model.bin'), 'torch weights placeholder');
  writeFileSync(join(repoDir, 'README.md'), '# tiny bert\n');

  server = await startHubServer();
  server.addRepo('test-org/tiny-bert', repoDir, TINY_COMMIT, { type: 'model', lfs, token: TOKEN, exclude: (p) => p.endsWith('.gitkeep') });
  server.addRepo('test-org/no-onnx', FIXTURE, undefined, { type: 'model', lfs, exclude: (p) => p.startsWith('onnx/') || p === 'references.json' });
  server.addRepo('intfloat/e5-small-v2', FIXTURE, E5_REV, { type: 'model', lfs, exclude: (p) => p === 'references.json' });
  // transformers.js-style mirrors: no sentence-transformers files
  for (const id of ['Xenova/all-MiniLM-L6-v2', 'Xenova/bge-small-en-v1.5']) {
    server.addRepo(id, FIXTURE, undefined, { type: 'model', lfs, exclude: (p) => isSt(p) || p === 'references.json' });
  }
  process.env.HF_ENDPOINT = server.url;
  // transformers.js' own cache must stay unused
  process.env.TRANSFORMERS_JS_CACHE = join(root, 'tjs');
  delete process.env.HF_HOME;
  delete process.env.HF_HUB_OFFLINE;
  delete process.env.MTEB_HUB_MIRROR;
  process.env.HF_TOKEN = TOKEN;
  useCache('hf');
});

afterAll(async () => {
  await server?.close();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(root, { recursive: true, force: true });
});

describe('hf: models through the hub client and the HF cache (local fake hub)', () => {
  it('downloads only the needed files into models--owner--name, then HF_HUB_OFFLINE=1 makes zero requests with identical vectors', async () => {
    const cache = useCache('hf');
    const online = await create('test-org/tiny-bert', {});
    // main resolved to its commit, and recorded
    expect(online.revision).toBe(TINY_COMMIT);
    expect(online.meta.extra).toMatchObject({ hub_revision: 'main', hub_commit: TINY_COMMIT });
    expect(online.cacheIdentity).toContain(`commit=${TINY_COMMIT}`);
    const a = await online.encode(refs.texts, ctx);
    expect(maxDiff(a)).toBeLessThan(1e-5);

    // huggingface_hub's layout: refs/main -> commit, snapshots/<commit>/<path> -> ../../blobs/<etag>
    const base = join(cache, 'models--test-org--tiny-bert');
    expect(readFileSync(join(base, 'refs', 'main'), 'utf8').trim()).toBe(TINY_COMMIT);
    const snap = join(base, 'snapshots', TINY_COMMIT);
    expect(walk(snap)).toEqual([
      '1_Pooling/config.json',
      'config.json',
      'config_sentence_transformers.json',
      'modules.json',
      'onnx/model.onnx',
      'onnx/model.onnx_data',
      'sentence_bert_config.json',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const link = readlinkSync(join(snap, 'onnx', 'model.onnx'));
    expect(link).toMatch(/^\.\.\/\.\.\/\.\.\/blobs\/[0-9a-f]{64}$/); // LFS file: blob named by its sha256
    expect(readlinkSync(join(snap, 'config.json'))).toMatch(/^\.\.\/\.\.\/blobs\/[0-9a-f]{40}$/); // git blob sha1
    expect(readFileSync(join(snap, 'onnx', 'model.onnx')).equals(readFileSync(join(FIXTURE, 'onnx', 'model.onnx')))).toBe(true);
    expect(readdirSync(join(base, 'blobs')).filter((f) => f.includes('.incomplete'))).toEqual([]);
    // model API paths and resolve URLs without the datasets/ prefix; nothing else fetched; transformers.js never downloads
    expect(server.requests).toContain(`GET /api/models/test-org/tiny-bert/revision/main`);
    expect(server.requests.some((r) => r.startsWith(`GET /test-org/tiny-bert/resolve/${TINY_COMMIT}/onnx/model.onnx`))).toBe(true);
    expect(server.requests.some((r) => /model_fp16|pytorch_model|README/.test(r))).toBe(false);
    expect(existsSync(join(root, 'tjs'))).toBe(false);

    process.env.HF_HUB_OFFLINE = '1';
    const before = server.requests.length;
    const statsBefore = requestStats.count;
    const offline = await create('test-org/tiny-bert', {});
    const b = await offline.encode(refs.texts, ctx);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(offline.revision).toBe(TINY_COMMIT);
    expect(offline.cacheIdentity).toBe(online.cacheIdentity);
    expect(server.requests.length).toBe(before);
    expect(requestStats.count).toBe(statsBefore);
    // the pinned commit itself also works offline
    const pinned = await create(`test-org/tiny-bert@${TINY_COMMIT}`, {});
    expect(pinned.revision).toBe(TINY_COMMIT);
    expect(server.requests.length).toBe(before);
    delete process.env.HF_HUB_OFFLINE;
  });

  it('offline: a file or revision not in the cache fails naming repo, revision and file', async () => {
    useCache('hf');
    process.env.HF_HUB_OFFLINE = '1';
    try {
      const before = server.requests.length;
      // onnx/model_fp16.onnx was never downloaded
      const fp16 = await create('test-org/tiny-bert', { dtype: 'fp16' }).catch((e: unknown) => e);
      expect(fp16).toBeInstanceOf(ModelError);
      expect((fp16 as Error).message).toMatch(
        /offline \(--offline or HF_HUB_OFFLINE\) and file onnx\/model_fp16\.onnx of model test-org\/tiny-bert at revision main is not in the HF cache/,
      );
      expect((fp16 as Error).message).toMatch(
        /hint: offline runs read only the HF cache .* a run without --offline .* --hub-mirror <dir> holding models\/test-org\/tiny-bert/,
      );
      // a cached snapshot that lost a file (deleted by hand)
      const snap = join(process.env.HF_HUB_CACHE!, 'models--test-org--tiny-bert', 'snapshots', TINY_COMMIT);
      rmSync(join(snap, 'tokenizer.json'));
      const tok = await create('test-org/tiny-bert', {}).catch((e: unknown) => e);
      expect(tok).toBeInstanceOf(ModelError);
      expect((tok as Error).message).toMatch(/file tokenizer\.json of model test-org\/tiny-bert at revision main is not in the HF cache/);
      // a revision never resolved
      const rev = await create('test-org/tiny-bert@0123456789abcdef0123456789abcdef01234567', {}).catch((e: unknown) => e);
      expect(rev).toBeInstanceOf(ModelError);
      expect((rev as Error).message).toMatch(
        /offline \(--offline or HF_HUB_OFFLINE\) and model test-org\/tiny-bert at revision 0123456789abcdef0123456789abcdef01234567 is not in the HF cache/,
      );
      for (const e of [fp16, tok, rev]) expect((e as Error).message).not.toContain(TOKEN);
      expect(server.requests.length).toBe(before);
    } finally {
      delete process.env.HF_HUB_OFFLINE;
    }
    // online again: the lost file is fetched back
    const again = await create('test-org/tiny-bert', {});
    expect(maxDiff(await again.encode(refs.texts, ctx))).toBeLessThan(1e-5);
  });

  it('retries 500 and 429 (Retry-After) answers and ends with the same vectors', async () => {
    const cache = useCache('retry');
    server.faults.push(
      { match: '/resolve/', kind: '500', times: 1 },
      { match: 'tokenizer.json', kind: '429', times: 1, retryAfter: 0 },
      { match: '/api/models/test-org/tiny-bert/revision', kind: '500', times: 1 },
    );
    const before = server.requests.length;
    const enc = await create('test-org/tiny-bert', {});
    expect(maxDiff(await enc.encode(refs.texts, ctx))).toBeLessThan(1e-5);
    expect(server.faults).toEqual([]);
    const reqs = server.requests.slice(before);
    expect(reqs.filter((r) => r === 'GET /api/models/test-org/tiny-bert/revision/main')).toHaveLength(2);
    expect(reqs.filter((r) => r.endsWith('/tokenizer.json'))).toHaveLength(2);
    expect(existsSync(join(cache, 'models--test-org--tiny-bert', 'snapshots', TINY_COMMIT, 'tokenizer.json'))).toBe(true);
  });

  it('a repo without the ONNX file (or without the --dtype variant) names it and the fix', async () => {
    useCache('hf');
    const err = await create('test-org/no-onnx', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(
      /model test-org\/no-onnx at revision main \(commit [0-9a-f]{40}\) has no onnx\/model\.onnx[\s\S]*hint: the repo ships no ONNX export/,
    );
    expect((err as ModelError).context.file).toBe('test-org/no-onnx@main/onnx/model.onnx');
    const q8 = await create('test-org/tiny-bert', { dtype: 'q8' }).catch((e: unknown) => e);
    expect(q8).toBeInstanceOf(ModelError);
    expect((q8 as Error).message).toMatch(
      /has no onnx\/model_quantized\.onnx[\s\S]*hint: --dtype q8 needs onnx\/model_quantized\.onnx; this model has: --dtype fp32, --dtype fp16/,
    );
    expect((q8 as Error).message).not.toContain(TOKEN);
    // a private repo without the token looks absent, and the error names the repo
    delete process.env.HF_TOKEN;
    try {
      useCache('anon');
      const fresh = await create('test-org/tiny-bert', {}).catch((e: unknown) => e);
      expect(fresh).toBeInstanceOf(ModelError);
      expect((fresh as Error).message).toMatch(
        /model test-org\/tiny-bert not found or not accessible[\s\S]*hint: if the repo is private or gated, set HF_TOKEN/,
      );
    } finally {
      process.env.HF_TOKEN = TOKEN;
    }
  });

  it('known models: pinned registry revision, registry prompts, and ST settings for mirrors without ST files', async () => {
    useCache('hf');
    const e5 = await create('intfloat/e5-small-v2', {});
    expect(e5.revision).toBe(E5_REV);
    expect(server.requests).toContain(`GET /api/models/intfloat/e5-small-v2/revision/${E5_REV}`);
    expect(server.requests.some((r) => r.startsWith(`GET /intfloat/e5-small-v2/resolve/${E5_REV}/onnx/model.onnx`))).toBe(true);
    expect(e5.meta.extra?.prompts_source).toBe('known-models registry (intfloat/e5-small-v2)');
    // --model-revision overrides the registry
    const other = await create('intfloat/e5-small-v2', { revision: 'main' });
    expect(other.revision).toBe(E5_REV); // the fake hub's main points at the same commit
    expect(server.requests).toContain('GET /api/models/intfloat/e5-small-v2/revision/main');

    const mirror = await create('Xenova/all-MiniLM-L6-v2', {});
    expect(mirror.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(mirror.meta.extra).toMatchObject({
      pooling: ['mean'],
      normalize: true,
      max_seq_length: 256,
      known_model: { name: 'sentence-transformers/all-MiniLM-L6-v2', via_mirror: true },
    });
    expect(mirror.meta.prompts).toEqual({});
    expect((await mirror.encode(['a cat'], ctx)).cols).toBe(32);
    const bgeMirror = await create('Xenova/bge-small-en-v1.5', {});
    expect(bgeMirror.meta.extra).toMatchObject({ pooling: ['cls'], normalize: true, max_seq_length: 512 });
    expect(bgeMirror.resolvePrompt!(ctx)).toBe('Represent this sentence for searching relevant passages: ');
  });

  it('a Transformer module in a subfolder (modules.json path) is fetched and loaded from there', async () => {
    useCache('hf');
    // sentence-transformers layout with the transformer under 0_Transformer/
    const dir = join(root, 'sub-repo');
    mkdirSync(join(dir, '0_Transformer'), { recursive: true });
    cpSync(join(FIXTURE, '1_Pooling'), join(dir, '1_Pooling'), { recursive: true });
    for (const f of ['config_sentence_transformers.json']) cpSync(join(FIXTURE, f), join(dir, f));
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'sentence_bert_config.json', 'onnx']) {
      cpSync(join(FIXTURE, f), join(dir, '0_Transformer', f), { recursive: true });
    }
    const modules = JSON.parse(readFileSync(join(FIXTURE, 'modules.json'), 'utf8')) as { path: string }[];
    modules[0]!.path = '0_Transformer';
    writeFileSync(join(dir, 'modules.json'), JSON.stringify(modules));
    const repo = server.addRepo('test-org/sub-bert', dir, undefined, { type: 'model', lfs });
    const enc = await create('test-org/sub-bert', {});
    expect(maxDiff(await enc.encode(refs.texts, ctx))).toBeLessThan(1e-5);
    expect(walk(join(process.env.HF_HUB_CACHE!, 'models--test-org--sub-bert', 'snapshots', repo.commit))).toEqual([
      '0_Transformer/config.json',
      '0_Transformer/onnx/model.onnx',
      '0_Transformer/sentence_bert_config.json',
      '0_Transformer/special_tokens_map.json',
      '0_Transformer/tokenizer.json',
      '0_Transformer/tokenizer_config.json',
      '1_Pooling/config.json',
      'config_sentence_transformers.json',
      'modules.json',
    ]);
  });

  it('uses a hub mirror folder models/<owner>/<name> when present', async () => {
    const mirror = join(root, 'mirror');
    mkdirSync(join(mirror, 'models', 'test-org'), { recursive: true });
    cpSync(FIXTURE, join(mirror, 'models', 'test-org', 'mirrored-bert'), { recursive: true });
    writeFileSync(
      join(mirror, 'models', 'test-org', 'mirrored-bert', '.mirror.json'),
      JSON.stringify({ repo: 'test-org/mirrored-bert', revision: 'f'.repeat(40) }),
    );
    const enc = await create('test-org/mirrored-bert', { hubMirror: mirror });
    expect(enc.name).toBe('test-org/mirrored-bert');
    expect(enc.revision).toBe('f'.repeat(40));
    expect((await enc.encode(['a cat'], ctx)).cols).toBe(32);
  });
});
