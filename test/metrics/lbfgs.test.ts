import { describe, expect, it } from 'vitest';
import { type LbfgsOptions, minimizeLbfgs, minimizeLbfgsAsync } from '../../metrics/lbfgs.js';

/**
 * Printed by `/usr/bin/python3 scripts/reference/lbfgs.py` (scipy 1.10.1, Fortran L-BFGS-B 3.0):
 * minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B", options) on the 5-d Rosenbrock function.
 */
const REF: Record<string, { nit: number; nfev: number; status: number; fun: string; x: string[] }> = {
  defaults: {
    nit: 24,
    nfev: 26,
    status: 0,
    fun: '1.3003448953674884e-12',
    x: ['1.0000001063151185', '1.0000002130794126', '1.0000004591484999', '1.0000009075913048', '1.0000018449804888'],
  },
  maxiter7: {
    nit: 7,
    nfev: 8,
    status: 1,
    fun: '0.022277817163417833',
    x: ['1.0153915716081423', '1.0308395133488921', '1.0631158528110416', '1.1304461074026977', '1.2786690749193907'],
  },
  sklearn_modern: {
    nit: 24,
    nfev: 26,
    status: 0,
    fun: '1.3003448953674884e-12',
    x: ['1.0000001063151185', '1.0000002130794126', '1.0000004591484999', '1.0000009075913048', '1.0000018449804888'],
  },
  m3: {
    nit: 21,
    nfev: 26,
    status: 0,
    fun: '7.97468961579399e-11',
    x: ['0.9999999374835009', '0.9999999712093202', '1.0000003554359855', '1.0000013866288', '1.000003148009862'],
  },
};

/** scipy.optimize.rosen / rosen_der, with numpy's operation order. */
function rosen(x: Float64Array, g: Float64Array): number {
  const n = x.length;
  let f = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    f += 100 * (a * a) + b * b;
  }
  for (let i = 1; i < n - 1; i++) {
    const xm = x[i]!;
    g[i] = 200 * (xm - x[i - 1]! * x[i - 1]!) - 400 * (x[i + 1]! - xm * xm) * xm - 2 * (1 - xm);
  }
  g[0] = -400 * x[0]! * (x[1]! - x[0]! * x[0]!) - 2 * (1 - x[0]!);
  g[n - 1] = 200 * (x[n - 1]! - x[n - 2]! * x[n - 2]!);
  return f;
}

const X0 = [1.3, 0.7, 0.8, 1.9, 1.2];
const OPTS: Record<string, LbfgsOptions> = {
  defaults: {},
  maxiter7: { maxiter: 7 },
  sklearn_modern: { maxiter: 100, maxls: 50, gtol: 1e-4, ftol: 64 * 2.220446049250313e-16 },
  m3: { m: 3 },
};

describe('L-BFGS vs scipy L-BFGS-B', () => {
  for (const [name, opts] of Object.entries(OPTS)) {
    it(name, () => {
      const ref = REF[name]!;
      const r = minimizeLbfgs(rosen, X0, opts);
      expect(r.nit).toBe(ref.nit);
      expect(r.nfev).toBe(ref.nfev);
      expect(r.success).toBe(ref.status === 0);
      ref.x.forEach((v, i) => expect(Math.abs(r.x[i]! - Number(v))).toBeLessThan(1e-12));
      expect(Math.abs(r.f - Number(ref.fun))).toBeLessThan(1e-14);
    });
  }

  it('the async driver follows the same path', async () => {
    const r = await minimizeLbfgsAsync(async (x, g) => rosen(x, g), X0, OPTS.m3);
    expect(r.nit).toBe(REF.m3!.nit);
    expect(r.nfev).toBe(REF.m3!.nfev);
  });

  it('stops at once when the starting gradient is below gtol', () => {
    const r = minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * x[0]!;
        return x[0]! * x[0]!;
      },
      [0],
    );
    expect(r.nit).toBe(0);
    expect(r.nfev).toBe(1);
    expect(r.status).toBe('converged-gtol');
  });
});
