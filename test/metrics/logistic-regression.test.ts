import { describe, expect, it } from 'vitest';
import { EvaluationError } from '../../core/errors.js';
import { type Label, LogisticRegression, type SklearnCompat, sortedUniqueLabels } from '../../metrics/logistic-regression.js';

/**
 * References printed by `/usr/bin/python3 scripts/reference/logistic_regression.py` (scikit-learn 1.2.1,
 * scipy 1.10.1, numpy 1.24.2; Debian). 'sklearn-1.2' is sklearn's own LogisticRegression(max_iter=...);
 * 'modern' is sklearn >= 1.3's lbfgs call (mean loss, maxls 50, ftol 64 eps) rebuilt from 1.2.1's
 * LinearModelLoss + scipy L-BFGS-B. Coefficients rounded to 10 decimals.
 */
const REF: Record<string, Record<SklearnCompat, { coef: number[][]; intercept: number[]; nIter: number; pred: string }>> = {
  binary: {
    'sklearn-1.2': {
      coef: [[1.2770549302, -1.7745533982, 1.0515524601, 0.5365107343, -1.3405615857, -2.0666047087]],
      intercept: [0.2552077246],
      nIter: 9,
      pred: 'neg neg pos pos neg pos pos pos neg neg neg pos pos neg pos pos pos neg neg neg pos pos pos neg pos pos pos neg pos neg pos pos neg pos pos neg neg pos neg pos neg neg pos pos neg neg pos pos neg neg pos pos pos neg pos neg pos neg neg pos',
    },
    modern: {
      coef: [[1.2771291431, -1.7745780547, 1.0516406317, 0.5365575476, -1.3406684343, -2.0672733475]],
      intercept: [0.2550244328],
      nIter: 6,
      pred: 'neg neg pos pos neg pos pos pos neg neg neg pos pos neg pos pos pos neg neg neg pos pos pos neg pos pos pos neg pos neg pos pos neg pos pos neg neg pos neg pos neg neg pos pos neg neg pos pos neg neg pos pos pos neg pos neg pos neg neg pos',
    },
  },
  multiclass: {
    'sklearn-1.2': {
      coef: [
        [-1.7708730999, 0.7313710643, -0.2858254024, -0.5658745631, 1.5979303488, 0.8694656649, 0.1699059104],
        [0.1571769062, -0.2049989191, 0.620429343, 0.4537920433, -0.3769716268, -2.0540603109, 1.9592516389],
        [1.9175196891, 0.8995034214, -0.6248365645, -0.7817957491, 0.172382322, -0.5580724562, -2.3637140351],
        [-0.3038234954, -1.4258755666, 0.2902326239, 0.8938782689, -1.3933410441, 1.7426671022, 0.2345564858],
      ],
      intercept: [-0.1680965902, -0.1054080576, 0.0169423541, 0.2565622938],
      nIter: 14,
      pred: '3 3 11 20 11 20 7 11 11 20 20 7 20 20 11 7 7 11 20 11 3 7 20 20 11 11 20 20 7 11 11 20 3 7 11 20 20 11 3 11 3 20 11 20 11 20 7 11 11 3 7 7 20 20 11 3 7 11 3 11 20 7 20 20 11 11 20 20 7 20 20 20 3 7 11 20 20 11 3 20 20 7 11 20 11 20 7 11 20 3',
    },
    modern: {
      coef: [
        [-1.7719290084, 0.7327531988, -0.2855026601, -0.5634034164, 1.5986531826, 0.8692452998, 0.1723380589],
        [0.1556731276, -0.2050275732, 0.6203986079, 0.4537780664, -0.3763661329, -2.0558039473, 1.9555581215],
        [1.9191834079, 0.8991009561, -0.6255337868, -0.7826474324, 0.172169938, -0.5556483738, -2.3627008945],
        [-0.3029275271, -1.4268265817, 0.2906378389, 0.8922727824, -1.3944569877, 1.7422070213, 0.2348047141],
      ],
      intercept: [-0.1680765086, -0.1054678931, 0.0171724393, 0.2563719624],
      nIter: 10,
      pred: '3 3 11 20 11 20 7 11 11 20 20 7 20 20 11 7 7 11 20 11 3 7 20 20 11 11 20 20 7 11 11 20 3 7 11 20 20 11 3 11 3 20 11 20 11 20 7 11 11 3 7 7 20 20 11 3 7 11 3 11 20 7 20 20 11 11 20 20 7 20 20 20 3 7 11 20 20 11 3 20 20 7 11 20 11 20 7 11 20 3',
    },
  },
  multiclass_iter4: {
    'sklearn-1.2': {
      coef: [
        [-1.76281657, 0.6431919486, -0.2045496352, -0.564073202, 1.5936837041, 0.9859462221, 0.2089197552],
        [0.0721652355, -0.2032547799, 0.4476965563, 0.3811289041, -0.3932234427, -2.1191271295, 1.9345101553],
        [2.013145532, 0.8992721996, -0.5289218222, -0.7286283643, 0.1473338498, -0.5883406412, -2.3517235453],
        [-0.3224941976, -1.3392093683, 0.2857749012, 0.9115726621, -1.3477941111, 1.7215215485, 0.2082936349],
      ],
      intercept: [-0.1243868434, -0.1083555706, 0.0152619789, 0.2174804352],
      nIter: 4,
      pred: '3 3 11 20 11 20 7 11 11 3 20 7 20 20 11 7 7 11 20 11 3 7 20 20 11 11 20 20 7 11 11 20 3 7 11 20 20 11 3 11 3 20 11 20 11 20 7 11 11 3 7 7 20 20 11 3 7 11 3 11 20 7 20 20 11 11 3 20 7 20 20 20 3 7 11 20 3 11 3 20 20 7 11 20 11 20 7 11 20 3',
    },
    modern: {
      coef: [
        [-1.76281657, 0.6431919486, -0.2045496352, -0.564073202, 1.5936837041, 0.9859462221, 0.2089197552],
        [0.0721652355, -0.2032547799, 0.4476965563, 0.3811289041, -0.3932234427, -2.1191271295, 1.9345101553],
        [2.013145532, 0.8992721996, -0.5289218222, -0.7286283643, 0.1473338498, -0.5883406412, -2.3517235453],
        [-0.3224941976, -1.3392093683, 0.2857749012, 0.9115726621, -1.3477941111, 1.7215215485, 0.2082936349],
      ],
      intercept: [-0.1243868434, -0.1083555706, 0.0152619789, 0.2174804352],
      nIter: 4,
      pred: '3 3 11 20 11 20 7 11 11 3 20 7 20 20 11 7 7 11 20 11 3 7 20 20 11 11 20 20 7 11 11 20 3 7 11 20 20 11 3 11 3 20 11 20 11 20 7 11 11 3 7 7 20 20 11 3 7 11 3 11 20 7 20 20 11 11 3 20 7 20 20 20 3 7 11 20 3 11 3 20 20 7 11 20 11 20 7 11 20 3',
    },
  },
  binary_iter4: {
    'sklearn-1.2': {
      coef: [[1.2780076186, -1.7748850272, 1.0512352631, 0.5360082458, -1.3353884212, -2.0733030671]],
      intercept: [0.2570293099],
      nIter: 4,
      pred: 'neg neg pos pos neg pos pos pos neg neg neg pos pos neg pos pos pos neg neg neg pos pos pos neg pos pos pos neg pos neg pos pos neg pos pos neg neg pos neg pos neg neg pos pos neg neg pos pos neg neg pos pos pos neg pos neg pos neg neg pos',
    },
    modern: {
      coef: [[1.2780076186, -1.7748850272, 1.0512352631, 0.5360082458, -1.3353884212, -2.0733030671]],
      intercept: [0.2570293099],
      nIter: 4,
      pred: 'neg neg pos pos neg pos pos pos neg neg neg pos pos neg pos pos pos neg neg neg pos pos pos neg pos pos pos neg pos neg pos pos neg pos pos neg neg pos neg pos neg neg pos pos neg neg pos pos neg neg pos pos pos neg pos neg pos neg neg pos',
    },
  },
};

/** Same integer formulas as the python script. */
function problem(n: number, d: number, k: number) {
  const X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X[i * d + j] = ((i * 131 + j * 71 + i * j * 17) % 97) / 97 - 0.5;
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]! * (((j * 5 + c * 3) % 7) - 3);
      s += ((i * 13 + c) % 5) * 0.3;
      if (s > bv) {
        bv = s;
        best = c;
      }
    }
    y.push(best);
  }
  return { X: { rows: n, cols: d, data: X }, y };
}

const CASES: [string, number, number, number, Label[], number][] = [
  ['binary', 60, 6, 2, ['neg', 'pos'], 100],
  ['multiclass', 90, 7, 4, [3, 7, 11, 20], 100],
  ['multiclass_iter4', 90, 7, 4, [3, 7, 11, 20], 4],
  ['binary_iter4', 60, 6, 2, ['neg', 'pos'], 4],
];

describe('LogisticRegression vs scikit-learn', () => {
  for (const [name, n, d, k, names, maxIter] of CASES) {
    for (const compat of ['sklearn-1.2', 'modern'] as const) {
      it(`${name} (${compat})`, () => {
        const { X, y } = problem(n, d, k);
        const labels = y.map((v) => names[v]!);
        const lr = new LogisticRegression({ compat, maxIter }).fit(X, labels);
        const ref = REF[name]![compat];
        expect(lr.classes).toEqual(names);
        expect(lr.nIter).toBe(ref.nIter);
        const flat = ref.coef.flat();
        expect(lr.coef.length).toBe(flat.length);
        for (let q = 0; q < flat.length; q++) expect(Math.abs(lr.coef[q]! - flat[q]!)).toBeLessThan(1e-6);
        for (let q = 0; q < ref.intercept.length; q++) {
          expect(Math.abs(lr.intercept[q]! - ref.intercept[q]!)).toBeLessThan(1e-6);
        }
        expect(lr.predict(X).join(' ')).toBe(ref.pred);
      });
    }
  }

  it('sorts labels like np.unique and accepts unsorted label values', () => {
    expect(sortedUniqueLabels([10, 2, 33, 2])).toEqual([2, 10, 33]);
    expect(sortedUniqueLabels(['b', 'B', 'a', 'é', 'Z'])).toEqual(['B', 'Z', 'a', 'b', 'é']);
    expect(() => sortedUniqueLabels([1, 'a'])).toThrow(EvaluationError);
  });

  it('rejects a single class and NaN features with EvaluationError', () => {
    const X = { rows: 3, cols: 2, data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    expect(() => new LogisticRegression().fit(X, ['a', 'a', 'a'])).toThrow(/at least 2 classes/);
    const bad = { rows: 2, cols: 2, data: new Float32Array([1, NaN, 0, 1]) };
    expect(() => new LogisticRegression().fit(bad, [0, 1])).toThrow(/NaN at row 0, column 1/);
  });

  it('predicts the first class on exact score ties (numpy argmax) and class 0 at score 0 (binary)', () => {
    const lr = new LogisticRegression();
    lr.classes = ['x', 'y', 'z'];
    lr.nFeatures = 1;
    lr.coef = new Float64Array([1, 1, 0]);
    lr.intercept = new Float64Array([0, 0, 0]);
    expect(lr.predict({ rows: 2, cols: 1, data: new Float32Array([2, -1]) })).toEqual(['x', 'z']);
    const bin = new LogisticRegression();
    bin.classes = [0, 1];
    bin.nFeatures = 1;
    bin.coef = new Float64Array([1]);
    bin.intercept = new Float64Array([0]);
    expect(bin.predict({ rows: 3, cols: 1, data: new Float32Array([0, 1e-3, -1]) })).toEqual([0, 1, 0]);
  });
});
