import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder } from '../../core/encoder.js';
import { EmbeddingStore, withEmbeddingCache } from '../../models/embedding-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'mteb-cache-refresh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx: EncodeContext = { task: { name: 'T', type: 'Retrieval' } as never, split: 'test', subset: 'default', promptType: 'document' };

function counting(): Encoder & { encoded: string[] } {
  const encoded: string[] = [];
  return {
    name: 'test/count',
    revision: 'v1',
    meta: { name: 'test/count' },
    encoded,
    async encode(texts) {
      encoded.push(...texts);
      const data = new Float32Array(texts.length * 2);
      texts.forEach((t, i) => data.set([t.length, t.charCodeAt(0)], i * 2));
      return { rows: texts.length, cols: 2, data };
    },
  };
}

describe('a long-lived embedding cache sees segments other processes wrote after it was opened', () => {
  it('reads, instead of encoding, what another cache instance wrote later', async () => {
    const ia = counting();
    const a = withEmbeddingCache(ia, dir);
    const b = withEmbeddingCache(counting(), dir);
    await a.encode(['x'], ctx); // a has scanned the (then almost empty) folder
    const fromB = await b.encode(['alpha', 'beta', 'gamma'], ctx);
    const fromA = await a.encode(['alpha', 'beta', 'gamma', 'delta'], ctx);
    expect(Array.from(fromA.data.subarray(0, 6))).toEqual(Array.from(fromB.data));
    expect(a.stats).toEqual({ hits: 3, misses: 2 });
    expect(ia.encoded).toEqual(['x', 'delta']);
    const store = new EmbeddingStore(dir, 'test/count', 'v1');
    expect(store.size).toBe(5);
    expect(store.refresh()).toBe(0);
  });
});
