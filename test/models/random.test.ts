import { describe, expect, it } from 'vitest';
import { create, randomVector } from '../../models/random.js';

// mteb's _string_to_vector, printed by Debian python3-numpy 1.24.2:
//   seed = int(hashlib.sha256(t.encode("utf-8")).hexdigest(), 16) % 2**32
//   np.random.default_rng(seed).random(32, dtype=np.float32)[:6].tolist()
const REF: Record<string, number[]> = {
  '': [0.6806396842002869, 0.603676974773407, 0.8603056073188782, 0.4297792315483093, 0.5704951286315918, 0.4754127860069275],
  'hello world': [0.6396815776824951, 0.5474080443382263, 0.8621823191642761, 0.1362677812576294, 0.25030648708343506, 0.09348434209823608],
  'Ünïcode ✓ 日本': [0.30408936738967896, 0.3697073459625244, 0.11364942789077759, 0.7362356185913086, 0.32411688566207886, 0.96540766954422],
};

describe('random baseline', () => {
  for (const [text, ref] of Object.entries(REF)) {
    it(`reproduces mteb's vector for ${JSON.stringify(text)}`, () => {
      expect(Array.from(randomVector(text).subarray(0, 6))).toEqual(ref);
    });
  }
  it('encodes in input order with 32 dims and mteb metadata', async () => {
    const enc = await create('', {});
    const m = await enc.encode(['hello world', ''], { task: {} as never, split: 'test', subset: 'default' });
    expect([m.rows, m.cols]).toEqual([2, 32]);
    expect(m.data[0]).toBe(REF['hello world']![0]);
    expect(m.data[32]).toBe(REF['']![0]);
    expect(enc.name).toBe('mteb/baseline-random-encoder');
  });
});
