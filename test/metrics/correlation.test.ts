import { describe, expect, it } from 'vitest';
import { averageRanks, correlationPValue, pearson, spearman } from '../../metrics/correlation.js';

// Reference values: scipy 1.10.1 (Debian python3-scipy), printed with
//   from scipy.stats import pearsonr, spearmanr, rankdata
//   print(repr(pearsonr(x, y)[0]), repr(pearsonr(x, y)[1]), repr(spearmanr(x, y)[0]), repr(spearmanr(x, y)[1]))
describe('pearson / spearman (scipy.stats)', () => {
  it('simple case', () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 14);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.7999999999999999, 14);
  });

  it('ties use average ranks', () => {
    const x = [1, 2, 2, 3, 3, 3, 4];
    const y = [0.5, 0.1, 0.1, 0.9, 0.3, 0.3, 0.8];
    expect([...averageRanks(y)]).toEqual([5.0, 1.5, 1.5, 7.0, 3.5, 3.5, 6.0]); // rankdata(y)
    expect(pearson(x, y)).toBeCloseTo(0.4727455680310745, 14);
    expect(spearman(x, y)).toBeCloseTo(0.4763849587291912, 14);
  });

  it('16 random normal values (np.random.RandomState(1): a=randn(16); b=0.3a+randn(16))', () => {
    const a = [
      1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705, 0.8654076293246785, -2.3015386968802827, 1.74481176421648,
      -0.7612069008951028, 0.31903909605709857, -0.2493703754774101, 1.462107937044974, -2.060140709497654, -0.3224172040135075, -0.38405435466841564,
      1.1337694423354374, -1.0998912673140309,
    ];
    const b = [
      0.3148754015485367, -1.0613853420163943, -0.11623777896344387, 0.26092462706897107, -0.8409968884155177, 0.4542621007755293, 1.4250342498577395,
      0.2741322686333374, 0.9965676780815413, -0.7585389718175561, 0.3157421555948441, -1.553811647108365, -0.36461324083006813, 0.4151391603376613,
      -0.35152991902467784, -0.7267209070501865,
    ];
    const r = pearson(a, b);
    const rho = spearman(a, b);
    expect(r).toBeCloseTo(0.39605733387031516, 14);
    expect(rho).toBeCloseTo(0.31764705882352945, 14);
    expect(correlationPValue(r, 16)).toBeCloseTo(0.12885813796896656, 12);
    expect(correlationPValue(rho, 16)).toBeCloseTo(0.23057346362184541, 12);
  });

  it('p-values of small cases', () => {
    expect(correlationPValue(0.8, 5)).toBeCloseTo(0.10408803866182785, 12);
    expect(correlationPValue(0.4727455680310745, 7)).toBeCloseTo(0.2840312227468138, 12);
    expect(correlationPValue(0.4763849587291912, 7)).toBeCloseTo(0.27981764465609704, 12);
    expect(correlationPValue(-0.9811557810392122, 4)).toBeCloseTo(0.018844218960787806, 12);
    expect(correlationPValue(pearson([1, 2, 3], [1, 3, 2]), 3)).toBeCloseTo(0.6666666666666667, 12);
    expect(correlationPValue(1, 10)).toBe(0);
  });

  it('constant input is NaN like scipy (ConstantInputWarning)', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNaN();
  });

  it('two points give +-1; fewer are NaN; NaN propagates', () => {
    expect(pearson([1, 2], [3, 1])).toBe(-1);
    expect(spearman([1, 2], [3, 1])).toBeCloseTo(-1, 14);
    expect(pearson([1], [1])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
    expect(pearson([1, NaN, 3], [1, 2, 3])).toBeNaN();
    expect(spearman([1, NaN, 3], [1, 2, 3])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });

  it('float32 inputs are read as float64', () => {
    const x = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    expect(pearson(x, [1, 2, 3, 4])).toBeCloseTo(1, 7);
  });
});
