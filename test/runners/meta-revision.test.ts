import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { evaluate } from '../../runners/evaluate.js';
import { getBenchmark, getBenchmarkTasks } from '../../tasks/registry.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-meta-rev-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An encoder that sets its revision only in `meta`, as user encoders often do. */
const encoder = (meta: Encoder['meta'], revision?: string): Encoder => ({
  name: 'user/only-meta',
  revision,
  meta,
  async encode(texts) {
    const data = new Float32Array(texts.length * 4);
    texts.forEach((t, i) => {
      for (let d = 0; d < 4; d++) data[i * 4 + d] = ((t.charCodeAt(d % t.length) || 1) % 7) + d;
    });
    return { rows: texts.length, cols: 4, data };
  },
});

describe('the revision of an encoder that sets only meta.revision', () => {
  const sts = getBenchmarkTasks(getBenchmark('demo')).filter((t) => t.type === 'STS');

  it('names the result folder and model_meta.json alike (not no_revision_available/ beside "v0")', async () => {
    const out = join(tmp, 'a');
    const report = await evaluate(encoder({ name: 'user/only-meta', revision: 'v0' }), sts, { outputFolder: out });
    expect(report.failures).toEqual([]);
    expect(report.revision).toBe('v0');
    const folder = join(out, 'results', 'user__only-meta', 'v0');
    expect(existsSync(join(folder, `${sts[0]!.name}.json`))).toBe(true);
    expect(existsSync(join(out, 'results', 'user__only-meta', 'no_revision_available'))).toBe(false);
    expect(JSON.parse(readFileSync(join(folder, 'model_meta.json'), 'utf8')).revision).toBe('v0');
  });

  it('`revision` alone is recorded in model_meta.json too', async () => {
    const out = join(tmp, 'b');
    await evaluate(encoder({ name: 'user/only-meta' }, 'r1'), sts, { outputFolder: out });
    expect(JSON.parse(readFileSync(join(out, 'results', 'user__only-meta', 'r1', 'model_meta.json'), 'utf8')).revision).toBe('r1');
  });
});
