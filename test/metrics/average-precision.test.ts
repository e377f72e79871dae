import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../metrics/average-precision.js';

// Reference values: sklearn 1.2.1 (Debian python3-sklearn), e.g.
//   /usr/bin/python3 -c "from sklearn.metrics import average_precision_score as a; print(repr(a([1,0,1,0,1],[0.5,0.5,0.2,0.9,0.2])))"
describe('averagePrecision (sklearn average_precision_score)', () => {
  const cases: [string, number[], number[], number][] = [
    ['ties grouped', [1, 0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9, 0.2], 0.5111111111111111],
    ['perfect ranking', [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1.0],
    ['inverse ranking', [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9], 0.41666666666666663],
    ['all scores tied -> prevalence', [1, 0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3, 0.3], 0.4],
    ['no positive label (sklearn warns, returns -0.0)', [0, 0, 0], [0.1, 0.2, 0.3], 0],
    ['only positives', [1, 1, 1], [0.1, 0.2, 0.3], 1.0],
    ['negative scores', [1, 0, 0, 1, 1, 0], [-3, -1, -2, -0.5, -3, -1], 0.6666666666666667],
  ];
  for (const [name, y, s, want] of cases) {
    it(name, () => expect(averagePrecision(y, s)).toBeCloseTo(want, 14));
  }

  it('200 random labels with heavy ties', () => {
    // rs=np.random.RandomState(0); y=(rs.rand(200)<0.3).astype(int); s=np.round(rs.rand(200)*10).astype(int)
    // average_precision_score(y, s/10) = 0.3121755472588766
    const y = [
      ...'00000000000000111000000010100010001000000001001100000111010111011001010000011111001001010000101101010100100010000100000000000010010011000000000000100010101000010000001001011101000110010000000110001110',
    ].map(Number);
    const s =
      '3,7,4,2,0,1,7,5,5,9,10,2,7,3,0,8,3,4,6,8,6,9,3,8,2,10,7,2,9,7,3,2,5,0,2,4,4,5,3,6,9,1,5,1,7,4,6,2,1,5,4,9,8,7,9,1,6,6,10,3,2,1,0,9,7,8,3,6,1,5,10,9,3,10,2,9,9,8,6,9,3,8,6,0,3,1,10,5,5,6,4,1,8,2,5,2,1,9,10,10,9,8,3,1,4,2,1,1,7,0,8,1,1,1,7,2,4,6,9,7,3,1,1,3,3,5,7,7,3,4,2,8,1,7,8,8,3,4,6,3,4,2,5,0,8,1,5,3,6,10,6,0,4,5,5,7,3,1,4,10,2,9,5,5,9,5,7,4,9,7,7,3,8,6,2,2,8,10,5,6,9,5,10,6,8,9,8,2,6,4,1,4,3,8,0,10,4,4,0,2'
        .split(',')
        .map((v) => Number(v) / 10);
    expect(y).toHaveLength(200);
    expect(averagePrecision(y, s)).toBeCloseTo(0.3121755472588766, 13);
  });

  it('accepts typed arrays', () => {
    expect(averagePrecision(Uint8Array.from([1, 0, 1, 0, 1]), Float32Array.from([0.5, 0.5, 0.25, 0.75, 0.25]))).toBeCloseTo(
      // average_precision_score([1,0,1,0,1],[0.5,0.5,0.25,0.75,0.25]) (same ranking as the ties case)
      0.5111111111111111,
      14,
    );
  });

  it('empty input is NaN (sklearn raises)', () => expect(averagePrecision([], [])).toBeNaN());
  it('rejects NaN scores and non-binary labels', () => {
    expect(() => averagePrecision([1, 0], [NaN, 1])).toThrow(RangeError);
    expect(() => averagePrecision([2, 0], [0, 1])).toThrow(RangeError);
    expect(() => averagePrecision([1, 0], [0])).toThrow(RangeError);
  });
});
