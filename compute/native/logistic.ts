/**
 * Optional native multinomial logistic-regression data term (native/logistic.cc, built by `npm run build:native`):
 * one call per L-BFGS evaluation computes the loss, Xᵀ(P − Y) and the column sums of P − Y in float64, reading X
 * once in cache blocks. Its result does not depend on `threads` (fixed row segments added in order). Undefined when
 * the addon is not built (compute/logistic/ort-dense.ts then uses its onnxruntime graph).
 */
import { loadAddon } from './addon.js';

export interface LogisticKernel {
  kernel: string;
  /**
   * For W (d × k, row-major) and intercepts b: P = (softmax(X W + b) − onehot(y))·scale; writes gw = Xᵀ P (d × k)
   * and bsum = column sums of P; returns scale · Σ_i (log Σ_c exp R_ic − R_iy).
   */
  multinomial(
    x: Float64Array,
    n: number,
    d: number,
    w: Float64Array,
    b: Float64Array,
    y: Int32Array,
    k: number,
    scale: number,
    gw: Float64Array,
    bsum: Float64Array,
    threads: number,
  ): number;
}

export function loadLogistic(): LogisticKernel | undefined {
  return loadAddon<LogisticKernel>('logistic');
}
