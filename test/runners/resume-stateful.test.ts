import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { PyRandom } from '../../metrics/random.js';
import { evaluate } from '../../runners/evaluate.js';
import { ResultStore } from '../../runners/result-store.js';
import { loadTaskFile } from '../../tasks/custom-tasks.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { comparable } from '../helpers/comparable-result.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { writeShardTasks } from '../helpers/shard-tasks.js';

/**
 * mteb v2 clustering draws every subset from one task-level random.Random(42). A run killed between subsets and
 * resumed must continue that stream from the checkpoint, not restart it (issue #12 item 6 / #14).
 */
const dir = mkdtempSync(join(tmpdir(), 'mteb-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function task(): TaskMetadata {
  const { taskFile } = writeShardTasks(dir);
  return loadTaskFile(taskFile).find((t) => t.name === 'MultiClustering')!;
}

/** Hash embeddings; throws on the n-th encode call (0-based) to simulate a crash between subsets. */
function encoder(crashAt?: number): Encoder {
  let calls = 0;
  return {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    async encode(texts) {
      if (calls++ === crashAt) throw new Error('simulated crash');
      return hashEmbed(texts, 32);
    },
  };
}

describe('Python random state in the checkpoint', () => {
  // Fingerprints printed by scripts/reference/pyrandom_state.py (CPython's random.getstate()[1]).
  const fp = (r: PyRandom) => createHash('sha256').update(r.getState().join(',')).digest('hex');
  it('equals CPython getstate() after seeding and after draws, and setState continues the same stream', () => {
    const r = new PyRandom(42);
    expect(fp(r)).toBe('9fbad6fe6eb01fa316eb8517b175ad0f8db0aae01d56258ec64edd576f8e7b05');
    r.sample(100, 10);
    r.choices(50, 7);
    expect(fp(r)).toBe('d81f990bb59bcf79fdfb8abcaff99e1f15d9010d7b43fa43120759fd8c8164ec');
    expect(r.getState()[624]).toBe(25);
    const copy = new PyRandom(0);
    copy.setState(JSON.parse(JSON.stringify(r.getState())));
    expect(copy.choices(1000, 50)).toEqual(r.choices(1000, 50));
    expect(() => copy.setState([1, 2, 3])).toThrow(/624 32-bit words/);
  });
});

describe('clustering killed between subsets resumes to the identical file', () => {
  const t = task();
  it.each([
    ['after one subset', 1],
    ['across the split boundary', 3],
    ['before the last subset', 5],
  ])('crash %s', async (_label, crashAt) => {
    const clean = join(dir, `clean-${crashAt}`);
    const resumed = join(dir, `resumed-${crashAt}`);
    const a = await evaluate(encoder(), [t], { outputFolder: clean });
    expect(a.failures).toEqual([]);

    const first = await evaluate(encoder(crashAt), [t], { outputFolder: resumed });
    expect(first.failures.map((f) => f.error.message)).toEqual([expect.stringMatching(/simulated crash/)]);
    const store = new ResultStore(resumed, 'test/hash', 'v1');
    const partial = JSON.parse(readFileSync(store.partialPath(t.name), 'utf8'));
    expect(partial.resume_state.after).toHaveLength(crashAt);
    expect(partial.resume_state.state['clustering.rng_state']).toHaveLength(625);

    const logs: string[] = [];
    const second = await evaluate(encoder(), [t], { outputFolder: resumed, log: (m) => logs.push(m) });
    expect(second.failures).toEqual([]);
    expect(logs.join('\n')).not.toMatch(/starts over/);
    // Only the remaining pairs ran.
    expect(logs.filter((m) => /: (test|validation)\//.test(m))).toHaveLength(6 - crashAt);
    expect(comparable(store.finalPath(t.name))).toEqual(comparable(new ResultStore(clean, 'test/hash', 'v1').finalPath(t.name)));
    expect(existsSync(store.partialPath(t.name))).toBe(false);
    expect(readFileSync(store.finalPath(t.name), 'utf8')).not.toMatch(/resume_state/);
  });

  it('a checkpoint without the state starts over (and still gives the identical file)', async () => {
    const out = join(dir, 'stateless');
    await evaluate(encoder(2), [t], { outputFolder: out });
    const store = new ResultStore(out, 'test/hash', 'v1');
    const p = JSON.parse(readFileSync(store.partialPath(t.name), 'utf8'));
    delete p.resume_state;
    writeFileSync(store.partialPath(t.name), JSON.stringify(p));
    const logs: string[] = [];
    await evaluate(encoder(), [t], { outputFolder: out, log: (m) => logs.push(m) });
    expect(logs.join('\n')).toMatch(/starts over/);
    expect(comparable(store.finalPath(t.name))).toEqual(comparable(new ResultStore(join(dir, 'clean-1'), 'test/hash', 'v1').finalPath(t.name)));
  });

  it('the stream matters: the remaining subsets from a fresh stream score differently', async () => {
    // What the resumed run did before the fix: later subsets drawn from a new random.Random(42).
    const out = join(dir, 'fresh');
    const rest: TaskMetadata = { ...t, evalSplits: ['test'], subsets: { de: t.subsets.de!, fr: t.subsets.fr! } };
    await evaluate(encoder(), [rest], { outputFolder: out });
    const fresh = JSON.parse(readFileSync(new ResultStore(out, 'test/hash', 'v1').finalPath(t.name), 'utf8'));
    const clean = JSON.parse(readFileSync(new ResultStore(join(dir, 'clean-1'), 'test/hash', 'v1').finalPath(t.name), 'utf8'));
    expect(fresh.scores.test[0].hf_subset).toBe('de');
    expect(fresh.scores.test[0].v_measures).not.toEqual(clean.scores.test[1].v_measures);
  });
});
