import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddingStore, withEmbeddingCache } from '../../models/embedding-cache.js';
import { runCli } from '../helpers/cli.js';

// Issue 12 item 3: a damaged embedding cache must cost time, never change a score.
const dir = mkdtempSync(join(tmpdir(), 'mteb-cache-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A deterministic cacheable model (module: provider): character-class counts, so STS scores are well spread.
const modelFile = join(dir, 'model.mjs');
writeFileSync(
  modelFile,
  `export default { name: 'test/charcount', revision: 'r1', async encode(texts) {
    const d = new Float32Array(texts.length * 4);
    texts.forEach((t, i) => { for (const c of t) { const k = c.charCodeAt(0) % 4; d[i * 4 + k] += 1; } d[i * 4 + 3] += 0.5; });
    return { rows: texts.length, cols: 4, data: d };
  } };`,
);

async function runSts(cache: string, out: string) {
  const r = await runCli(['run', '-m', `module:${modelFile}`, '-t', 'DemoSTS', '--cache-dir', cache, '--output-folder', out, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return { scores: JSON.parse(r.stdout).tasks[0].scores, stderr: r.stderr };
}

function segments(cache: string): string[] {
  const model = readdirSync(cache)[0]!;
  return readdirSync(join(cache, model))
    .filter((f) => f.endsWith('.emb'))
    .map((f) => join(cache, model, f));
}

/** Overwrites `bytes` at the given offset from the end of the file (the vectors are the file's tail). */
function overwriteTail(file: string, fromEnd: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, statSync(file).size - fromEnd);
  } finally {
    closeSync(fd);
  }
}

describe('embedding cache integrity', () => {
  it('overwritten vector bytes: the segment fails its checksum, is dropped with a warning, scores equal a clean run', async () => {
    const clean = await runSts(join(dir, 'c0'), join(dir, 'o0'));
    const cache = join(dir, 'c1');
    await runSts(cache, join(dir, 'o1'));
    const segs = segments(cache);
    expect(segs.length).toBeGreaterThan(0);
    // Scale every float of the segment's last 8 vectors' worth of bytes: the old cache served these silently.
    for (const f of segs) overwriteTail(f, 64, Buffer.from(new Float32Array(16).fill(123.5).buffer));
    const again = await runSts(cache, join(dir, 'o1b'));
    expect(again.stderr).toMatch(/warning: embedding cache segment .*\.emb fails its checksum; its \d+ entries are dropped and encoded again/);
    expect(again.scores).toEqual(clean.scores);
    // The damaged segments are gone; a third run is silent and still equal.
    for (const f of segs) expect(() => statSync(f)).toThrow();
    const third = await runSts(cache, join(dir, 'o1c'));
    expect(third.stderr).not.toMatch(/warning/);
    expect(third.scores).toEqual(clean.scores);
  });

  it('NaN bytes in a v1 segment (no checksum): those entries are dropped with a warning and re-encoded', async () => {
    const cache = join(dir, 'c2');
    const store = new EmbeddingStore(cache, 'm', undefined, '', () => {});
    // A v1 segment as older releases wrote it: "MTEBEMC1", n, dim, keys, vectors.
    const keys = ['00112233445566778899aabbccddeeff', 'ffeeddccbbaa99887766554433221100'];
    const head = Buffer.alloc(16);
    head.write('MTEBEMC1', 0, 'latin1');
    head.writeUInt32LE(2, 8);
    head.writeUInt32LE(2, 12);
    const body = Buffer.concat([Buffer.from(keys.join(''), 'hex'), Buffer.from(new Float32Array([1, 2, Number.NaN, 4]).buffer)]);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(store.folder, { recursive: true });
    writeFileSync(join(store.folder, 'old.emb'), Buffer.concat([head, body]));
    const warnings: string[] = [];
    const fresh = new EmbeddingStore(cache, 'm', undefined, '', (w) => warnings.push(w));
    expect(fresh.size).toBe(2);
    fresh.verify(keys);
    expect(fresh.has(keys[0]!)).toBe(true);
    expect(fresh.has(keys[1]!)).toBe(false);
    expect(Array.from(fresh.read([keys[0]!]).data)).toEqual([1, 2]);
    expect(warnings).toEqual([expect.stringMatching(/old\.emb holds 1 non-finite vector\(s\); dropped/)]);
  });

  it('NaN bytes in a v2 segment: checksum fails, the model is not blamed, results equal a clean encode', async () => {
    const cache = join(dir, 'c3');
    const inner = {
      name: 'm2',
      meta: { name: 'm2' },
      calls: 0,
      async encode(t: readonly string[]) {
        this.calls++;
        return { rows: t.length, cols: 2, data: Float32Array.from(t.flatMap((s) => [s.length, 1])) };
      },
    };
    const ctx = { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' } as never;
    const first = await withEmbeddingCache(inner, cache, 2048, () => {}).encode(['a', 'bb'], ctx);
    const [seg] = segments(cache);
    overwriteTail(seg!, 8, Buffer.from(new Float32Array([Number.NaN, Number.NaN]).buffer));
    const warnings: string[] = [];
    const second = await withEmbeddingCache(inner, cache, 2048, (w) => warnings.push(w)).encode(['a', 'bb'], ctx);
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
    expect(inner.calls).toBe(2);
    expect(warnings.join('\n')).toMatch(/fails its checksum/);
  });

  it('truncated segments and stale temporary files are swept; fresh temporary files are left alone', async () => {
    const cache = join(dir, 'c4');
    const enc = withEmbeddingCache(
      {
        name: 'm3',
        meta: { name: 'm3' },
        async encode(t) {
          return { rows: t.length, cols: 1, data: new Float32Array(t.length).fill(1) };
        },
      },
      cache,
      1,
      () => {},
    );
    await enc.encode(['a', 'b'], { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' } as never);
    const folder = enc.store.folder;
    const [seg] = readdirSync(folder)
      .filter((f) => f.endsWith('.emb'))
      .map((f) => join(folder, f));
    writeFileSync(seg!, readFileSync(seg!).subarray(0, 30));
    const stale = join(folder, '.x.emb.1.ab.tmp');
    const fresh = join(folder, '.y.emb.2.cd.tmp');
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'half');
    const old = (Date.now() - 2 * 3600 * 1000) / 1000;
    utimesSync(stale, old, old);
    const warnings: string[] = [];
    const store = new EmbeddingStore(cache, 'm3', undefined, '', (w) => warnings.push(w));
    expect(store.size).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/is truncated; deleted/)]);
    const left = readdirSync(folder);
    expect(left).not.toContain(seg!.split('/').pop());
    expect(left).not.toContain('.x.emb.1.ab.tmp');
    expect(left).toContain('.y.emb.2.cd.tmp');
  });
});
