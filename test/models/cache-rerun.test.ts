import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder } from '../../core/encoder.js';
import { withEmbeddingCache } from '../../models/embedding-cache.js';
import type { TaskResult } from '../../results/schema.js';
import { evaluate } from '../../runners/evaluate.js';
import { getTask } from '../../tasks/registry.js';
import { runCli } from '../helpers/cli.js';

/**
 * A warm embedding cache must make a rerun model-free: the evaluators get the same vectors from disk, so every
 * score is identical and the (deliberately slow) encoder is never called. Wall time is not asserted.
 */

const root = mkdtempSync(join(tmpdir(), 'cache-rerun-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(root, `${name}-${n++}`);

const DIM = 16;
/** Deterministic vector from (prompt type, text): sha256 bytes mapped to [-1, 1). */
function vectorOf(text: string, promptType: string | undefined): Float32Array {
  const h = createHash('sha256')
    .update(`${promptType ?? ''}\u0000${text}`)
    .digest();
  return Float32Array.from({ length: DIM }, (_, i) => h[i]! / 128 - 1);
}

/** A slow fake model (sleeps per call) that records every call; queries and documents get different prompts. */
function slowModel(): Encoder & { calls: number; texts: number } {
  const enc = {
    name: 'test/slow-fake',
    revision: 'r1',
    similarity: 'cosine' as const,
    meta: { name: 'test/slow-fake', revision: 'r1', embedDim: DIM, similarity: 'cosine' as const },
    calls: 0,
    texts: 0,
    resolvePrompt: (c: EncodeContext) => (c.promptType === 'query' ? 'query: ' : c.promptType === 'document' ? 'passage: ' : undefined),
    async encode(texts: readonly string[], ctx: EncodeContext) {
      enc.calls++;
      enc.texts += texts.length;
      await new Promise((r) => setTimeout(r, 20));
      const data = new Float32Array(texts.length * DIM);
      texts.forEach((t, i) => data.set(vectorOf(t, ctx.promptType), i * DIM));
      return { rows: texts.length, cols: DIM, data };
    },
  };
  return enc;
}

const TASKS = ['DemoSTS', 'DemoPairClassification', 'DemoRetrieval', 'DemoReranking'].map((t) => getTask(t));
const scoresOf = (rs: TaskResult[]) => Object.fromEntries(rs.map((r) => [r.task_name, r.scores]));

describe('warm embedding cache rerun', () => {
  it('calls the model zero times and gives identical scores (evaluate + withEmbeddingCache)', async () => {
    const cacheDir = fresh('emb');
    const cold = slowModel();
    const first = await evaluate(withEmbeddingCache(cold, cacheDir), TASKS, { outputFolder: null, raiseError: true });
    expect(first.failures).toEqual([]);
    expect(first.results.map((r) => r.task_name)).toEqual(TASKS.map((t) => t.name));
    expect(cold.calls).toBeGreaterThan(0);

    const warmInner = slowModel();
    const warm = withEmbeddingCache(warmInner, cacheDir);
    const second = await evaluate(warm, TASKS, { outputFolder: null, raiseError: true });
    expect(warmInner.calls).toBe(0);
    expect(warm.stats.misses).toBe(0);
    expect(warm.stats.hits).toBeGreaterThan(0);
    expect(scoresOf(second.results)).toEqual(scoresOf(first.results));

    // Sanity: the cached scores are those of the model itself, not of some stale or mixed-up entry.
    const direct = await evaluate(slowModel(), TASKS, { outputFolder: null, raiseError: true });
    expect(scoresOf(direct.results)).toEqual(scoresOf(first.results));
  });

  it('a changed model revision misses the cache (the key includes the revision)', async () => {
    const cacheDir = fresh('emb');
    const task = getTask('DemoSTS');
    await evaluate(withEmbeddingCache(slowModel(), cacheDir), [task], { outputFolder: null, raiseError: true });
    const other = Object.assign(slowModel(), { revision: 'r2' });
    await evaluate(withEmbeddingCache(other, cacheDir), [task], { outputFolder: null, raiseError: true });
    expect(other.calls).toBeGreaterThan(0);
  });

  it('through the CLI (module: model, --cache-dir): the rerun writes the same scores without calling the model', async () => {
    const dir = fresh('mod');
    mkdirSync(dir);
    const file = join(dir, 'slow.mjs');
    // The module counts its encode calls on globalThis (the CLI runs in this process).
    writeFileSync(
      file,
      `import { createHash } from 'node:crypto';
const DIM = ${DIM};
export default {
  name: 'test/slow-module', revision: 'r1', similarity: 'cosine',
  meta: { name: 'test/slow-module', revision: 'r1' },
  async encode(texts, ctx) {
    globalThis.__slowModuleCalls = (globalThis.__slowModuleCalls ?? 0) + 1;
    await new Promise((r) => setTimeout(r, 20));
    const data = new Float32Array(texts.length * DIM);
    texts.forEach((t, i) => {
      const h = createHash('sha256').update((ctx.promptType ?? '') + '\\u0000' + t).digest();
      for (let k = 0; k < DIM; k++) data[i * DIM + k] = h[k] / 128 - 1;
    });
    return { rows: texts.length, cols: DIM, data };
  },
};
`,
    );
    const g = globalThis as { __slowModuleCalls?: number };
    const cacheDir = fresh('emb');
    const outs = [fresh('out'), fresh('out')];
    const runOnce = (out: string) =>
      runCli(['run', '-m', `module:${file}`, '-t', 'DemoSTS', 'DemoRetrieval', '--cache-dir', cacheDir, '--output-folder', out]);

    g.__slowModuleCalls = 0;
    const a = await runOnce(outs[0]!);
    // Nothing on stderr but the cache hit rate as each task starts encoding (#11 item 2): all misses here.
    expect(a.stderr).toBe(
      '  DemoSTS test/default: 32 texts, 0 in the embedding cache (0%)\n  DemoRetrieval test/default queries: 8 texts, 0 in the embedding cache (0%)\n',
    );
    expect(a.code).toBe(0);
    expect(g.__slowModuleCalls).toBeGreaterThan(0);

    g.__slowModuleCalls = 0;
    const b = await runOnce(outs[1]!);
    expect(b.code).toBe(0);
    expect(b.stderr).toBe(
      '  DemoSTS test/default: 32 texts, 32 in the embedding cache (100%)\n  DemoRetrieval test/default queries: 8 texts, 8 in the embedding cache (100%)\n',
    );
    expect(g.__slowModuleCalls).toBe(0);

    const scores = (out: string, t: string) => {
      const root = join(out, 'results');
      const [folder] = readdirSync(root);
      const [rev] = readdirSync(join(root, folder!));
      return (JSON.parse(readFileSync(join(root, folder!, rev!, `${t}.json`), 'utf8')) as TaskResult).scores;
    };
    for (const t of ['DemoSTS', 'DemoRetrieval']) expect(scores(outs[1]!, t)).toEqual(scores(outs[0]!, t));
  });
});
