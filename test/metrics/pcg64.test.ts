import { describe, expect, it } from 'vitest';
import { PCG64 } from '../../metrics/pcg64.js';

// References printed by Debian python3-numpy 1.24.2:
//   r = np.random.default_rng(seed); r.random(5, dtype=np.float32).tolist()
//   np.random.default_rng(seed).random(3).tolist(); np.random.default_rng(seed).bit_generator.random_raw(2).tolist()
const REF: Record<number, { f32: number[]; f64: number[]; raw: string[] }> = {
  0: {
    f32: [0.8506242036819458, 0.6369616389274597, 0.5111364722251892, 0.26978665590286255, 0.3078293800354004],
    f64: [0.6369616873214543, 0.2697867137638703, 0.04097352393619469],
    raw: ['11749869230777074271', '4976686463289251617'],
  },
  42: {
    f32: [0.08925092220306396, 0.7739560008049011, 0.6545714735984802, 0.4388784170150757, 0.43301522731781006],
    f64: [0.7739560485559633, 0.4388784397520523, 0.8585979199113825],
    raw: ['14276969152011380360', '8095878257575067585'],
  },
  4294967295: {
    f32: [0.19081097841262817, 0.25194352865219116, 0.7242474555969238, 0.21906578540802002, 0.9095590114593506],
    f64: [0.2519435680449965, 0.21906579628685663, 0.28728472043517017],
    raw: ['4647538520743280031', '4041050679407036418'],
  },
};

describe('PCG64 (numpy default_rng)', () => {
  for (const [seed, ref] of Object.entries(REF)) {
    it(`seed ${seed}: raw, float32 and float64 streams equal numpy`, () => {
      const a = new PCG64(Number(seed));
      expect([a.nextUint64(), a.nextUint64()].map(String)).toEqual(ref.raw);
      const b = new PCG64(Number(seed));
      expect(Array.from({ length: 5 }, () => b.nextFloat32())).toEqual(ref.f32);
      const c = new PCG64(Number(seed));
      expect(Array.from({ length: 3 }, () => c.nextDouble())).toEqual(ref.f64);
    });
  }
});
