import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../metrics/random.js';
import { adjustedMutualInfoScore, homogeneityCompletenessVMeasure, lgamma, mutualInfoScore, vMeasureScore } from '../../metrics/v-measure.js';

/*
 * Expected values: scripts/reference/v_measure_reference.py run with Debian's /usr/bin/python3
 * (scikit-learn 1.2.1, scipy 1.10.1): sklearn homogeneity_completeness_v_measure, adjusted_mutual_info_score
 * (average_method="arithmetic"), mutual_info_score, and scipy.special.gammaln.
 * The random cases are rs = RandomState(0); t = (rs.random_sample(1000)*7).astype(int), p = (rs.random_sample(1000)*5)...,
 * then t = (rs.random_sample(16384)*20)..., p = (rs.random_sample(16384)*20)... from the same stream.
 */
const REF = {
  small: { h: 0.7103099178571525, c: 0.771556173679471, v: 0.7396673768007591, ami: 0.5023607027202736, mi: 0.7803552045207032 },
  strings: { h: 0.38009201113242763, c: 0.38009201113242763, v: 0.38009201113242763, ami: -0.0538852035293823, mi: 0.41011631828840905 },
  single_true: { h: 1.0, c: 0.0, v: 0.0, ami: 0.0, mi: 0.0 },
  single_pred: { h: 0.0, c: 1.0, v: 0.0, ami: 0.0, mi: 0.0 },
  both_single: { h: 1.0, c: 1.0, v: 1.0, ami: 1.0, mi: 0.0 },
  all_distinct: { h: 1.0, c: 1.0, v: 1.0, ami: 1.0, mi: 1.6094379124341005 },
  all_distinct_vs_single: { h: 0.0, c: 1.0, v: 0.0, ami: 0.0, mi: 0.0 },
  perfect_renamed: { h: 1.0, c: 1.0, v: 1.0, ami: 1.0, mi: 1.0789922078775833 },
  independent: { h: 0.0, c: 0.0, v: 0.0, ami: -0.49999999999999944, mi: 0.0 },
  random_1000: { h: 0.0048827114373095875, c: 0.005905500427226203, v: 0.005345622581596339, ami: -0.0014876273495483525, mi: 0.009480231829895519 },
  random_16384: { h: 0.004050172795747532, c: 0.0040496802079850866, v: 0.004049926486888093, ami: 0.0003562126731001768, mi: 0.012130519935612908 },
};

const rs = new NumpyRandomState(0);
const draw = (n: number, k: number) => Array.from(rs.randomSample(n), (u) => Math.floor(u * k));
const r1000t = draw(1000, 7);
const r1000p = draw(1000, 5);
const r16kt = draw(16384, 20);
const r16kp = draw(16384, 20);

const CASES: Record<keyof typeof REF, [(number | string)[], (number | string)[]]> = {
  small: [
    [0, 0, 1, 1, 2, 2],
    [0, 0, 1, 2, 2, 2],
  ],
  strings: [
    ['b', 'a', 'a', 'c', 'b', 'c', 'c'],
    ['x', 'x', 'y', 'y', 'z', 'z', 'z'],
  ],
  single_true: [
    [3, 3, 3, 3],
    [0, 1, 0, 1],
  ],
  single_pred: [
    [0, 1, 2, 0],
    [5, 5, 5, 5],
  ],
  both_single: [
    [1, 1, 1],
    [2, 2, 2],
  ],
  all_distinct: [
    [0, 1, 2, 3, 4],
    [4, 3, 2, 1, 0],
  ],
  all_distinct_vs_single: [
    [0, 1, 2, 3, 4],
    [0, 0, 0, 0, 0],
  ],
  perfect_renamed: [
    [0, 0, 1, 1, 2, 2, 2],
    [7, 7, 3, 3, 1, 1, 1],
  ],
  independent: [
    [0, 0, 1, 1],
    [0, 1, 0, 1],
  ],
  random_1000: [r1000t, r1000p],
  random_16384: [r16kt, r16kp],
};

describe('v-measure and AMI vs sklearn 1.2.1', () => {
  for (const [name, [t, p]] of Object.entries(CASES)) {
    const ref = REF[name as keyof typeof REF];
    it(name, () => {
      const r = homogeneityCompletenessVMeasure(t, p);
      expect(r.homogeneity).toBeCloseTo(ref.h, 14);
      expect(r.completeness).toBeCloseTo(ref.c, 14);
      expect(r.vMeasure).toBeCloseTo(ref.v, 14);
      expect(vMeasureScore(t, p)).toBe(r.vMeasure);
      expect(mutualInfoScore(t, p)).toBeCloseTo(ref.mi, 14);
      expect(adjustedMutualInfoScore(t, p)).toBeCloseTo(ref.ami, 11);
    });
  }

  it('empty labelings score 1', () => {
    expect(vMeasureScore([], [])).toBe(1);
    expect(adjustedMutualInfoScore([], [])).toBe(1);
  });

  it('rejects different lengths', () => {
    expect(() => vMeasureScore([0, 1], [0])).toThrow(RangeError);
  });
});

describe('lgamma vs scipy.special.gammaln', () => {
  const xs = [1, 2, 3, 10, 20, 25, 100, 16385, 60000];
  const ref = [
    0.0, 0.0, 0.6931471805599453, 12.801827480081469, 39.339884187199495, 54.78472939811232, 359.1342053695754, 142613.0986620014, 600121.4083622557,
  ];
  xs.forEach((x, i) => {
    it(`lgamma(${x})`, () => {
      const want = ref[i]!;
      expect(Math.abs(lgamma(x) - want)).toBeLessThanOrEqual(Math.max(1e-15, Math.abs(want) * 4e-16));
    });
  });
});
