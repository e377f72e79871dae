import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'module-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('module: provider', () => {
  it('loads a default-exported Encoder object and a factory function', async () => {
    const obj = join(dir, 'obj.mjs');
    writeFileSync(
      obj,
      `export default { name: 'my/obj', async encode(texts) { return { rows: texts.length, cols: 1, data: Float32Array.from(texts, (t) => t.length) }; } };`,
    );
    const enc = await getModel(`module:${obj}`, { noCache: true });
    expect(enc.name).toBe('my/obj');
    expect(enc.meta.name).toBe('my/obj');
    expect(Array.from((await enc.encode(['ab', 'abc'], { task: {} as never, split: 's', subset: 'd' })).data)).toEqual([2, 3]);

    const fac = join(dir, 'fac.mjs');
    writeFileSync(
      fac,
      `export function create(opts) { return { name: 'my/fac-' + opts.batchSize, meta: { name: 'x' }, async encode(t) { return { rows: t.length, cols: 1, data: new Float32Array(t.length) }; } }; }`,
    );
    expect((await getModel(`module:${fac}`, { noCache: true, batchSize: 7 })).name).toBe('my/fac-7');
  });

  it('explains what a module must export, and names a missing file', async () => {
    const bad = join(dir, 'bad.mjs');
    writeFileSync(bad, 'export const x = 1;');
    await expect(getModel(`module:${bad}`)).rejects.toThrow(/must export an Encoder/);
    await expect(getModel(`module:${join(dir, 'nope.mjs')}`)).rejects.toThrow(/module file not found.*nope\.mjs/);
  });
});
