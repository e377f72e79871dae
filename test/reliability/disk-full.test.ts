/**
 * #12 item 10 (ENOSPC) and item 8 (the `.partial` race): faults injected through the atomic writer's seam
 * (`atomicIo`), since no test can fill a real disk. A full disk must name the file, never be retried, and must not
 * fail a run where only a cache was being written.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicIo, writeFileAtomic } from '../../core/atomic.js';
import type { Encoder } from '../../core/encoder.js';
import { DiskFullError } from '../../core/errors.js';
import { withEmbeddingCache } from '../../models/embedding-cache.js';
import { gloveCachePath } from '../../models/glove.js';
import { evaluate } from '../../runners/evaluate.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { inlineBitextTask } from '../helpers/inline-bitext.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const real = { ...atomicIo };
const tmp = tempDirs('mteb-enospc-');
afterEach(() => {
  Object.assign(atomicIo, real);
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/** Fails every write whose target path matches `when` with ENOSPC; counts the attempts. */
function fillDiskFor(when: (path: string) => boolean): { attempts: number } {
  const seen = { attempts: 0 };
  atomicIo.writeFileSync = ((path: string, data: string | Uint8Array) => {
    if (when(String(path))) {
      seen.attempts++;
      throw enospc();
    }
    return real.writeFileSync(path, data);
  }) as typeof atomicIo.writeFileSync;
  return seen;
}

const task = inlineBitextTask();
const encoder = (): Encoder & { calls: number } => {
  const e = {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    calls: 0,
    async encode(texts: readonly string[]) {
      e.calls++;
      return hashEmbed(texts);
    },
  };
  return e;
};

describe('a full disk (ENOSPC) names the path and is not retried', () => {
  it('writeFileAtomic throws a DiskFullError naming the file, tries once and leaves no temporary file', () => {
    const d = tmp();
    const file = join(d, 'sub', 'out.json');
    const seen = fillDiskFor(() => true);
    let err: unknown;
    try {
      writeFileAtomic(file, '{}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiskFullError);
    expect((err as DiskFullError).message).toContain(file);
    expect((err as DiskFullError).message).toMatch(/disk is full \(ENOSPC\)/);
    expect((err as DiskFullError).context.file).toBe(file);
    expect(seen.attempts).toBe(1);
    expect(readdirSync(join(d, 'sub'))).toEqual([]);
  });

  it('a run whose result folder is full fails the task with the checkpoint path, and writes no half file', async () => {
    const o = tmp();
    fillDiskFor((p) => p.includes(`${join('v1', '.partial')}`));
    const report = await evaluate(encoder(), [task], { outputFolder: o, warn: () => {} });
    expect(report.failures).toHaveLength(1);
    const msg = report.failures[0]!.error.message;
    expect(msg).toContain(join(o, 'results', 'test__hash', 'v1', '.partial', 'InlineBitext.json'));
    expect(msg).toMatch(/disk is full/);
    expect(msg).toMatch(/task InlineBitext/);
    expect(existsSync(join(o, 'results', 'test__hash', 'v1', 'InlineBitext.json'))).toBe(false);
    expect(readdirSync(join(o, 'results', 'test__hash', 'v1')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a full embedding-cache disk warns once with the path and the run goes on with the same vectors', async () => {
    const cache = tmp();
    const warnings: string[] = [];
    const seen = fillDiskFor((p) => p.startsWith(cache));
    const inner = encoder();
    const cached = withEmbeddingCache(inner, cache, 2, (m) => warnings.push(m));
    const ctx = { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' };
    const texts = ['alpha beta', 'gamma', 'alpha beta', 'delta epsilon', 'zeta'];
    const got = await cached.encode(texts, ctx);
    expect(Array.from(got.data)).toEqual(Array.from(hashEmbed(texts).data));
    const again = await cached.encode(['gamma', 'omega'], ctx);
    expect(Array.from(again.data)).toEqual(Array.from(hashEmbed(['gamma', 'omega']).data));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(cache);
    expect(warnings[0]).toMatch(/disk is full \(ENOSPC\).*no longer cached/);
    expect(seen.attempts).toBe(1); // once full, the cache is not written again in this run
  });

  it('the GloVe cache lives under --cache-dir when given, else under the mteb-ts cache root (as the README says)', () => {
    expect(gloveCachePath('1.0.0', '/x/cache')).toBe(join('/x/cache', 'glove', 'wink-sg-100d-1.0.0.bin'));
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toMatch(/`<--cache-dir>\/glove\/`/);
  });
});

describe('two runs sharing an output folder (#12 item 8)', () => {
  it('a checkpoint write survives another run removing the empty .partial folder between mkdir and write', () => {
    const d = tmp();
    const dir = join(d, '.partial');
    let removed = 0;
    atomicIo.mkdirSync = ((path: string, opts: { recursive: boolean }) => {
      const r = real.mkdirSync(path, opts);
      // The other run's writeFinal: rmdir of the then-empty checkpoint folder, in the window before our write.
      if (path === dir && removed++ === 0) rmdirSync(dir);
      return r;
    }) as typeof atomicIo.mkdirSync;
    writeFileAtomic(join(dir, 'T.json'), '{"ok":true}');
    expect(readFileSync(join(dir, 'T.json'), 'utf8')).toBe('{"ok":true}');
    expect(removed).toBe(2);
  });
});
