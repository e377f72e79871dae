/**
 * Optional native plain logistic-regression products (native/lr_plain.cc, built by `npm run build:native`): the
 * loops of metrics/logistic-regression.ts jsDenseProducts with the same bits. Undefined when not built.
 */
import { loadAddon } from './addon.js';

export interface LrPlainKernel {
  /** out (n × k) = X W (W: d × k). */
  forward(x: Float64Array, n: number, d: number, w: Float64Array, k: number, out: Float64Array): void;
  /** out (d × k) = Xᵀ P (P: n × k). */
  backward(x: Float64Array, n: number, d: number, p: Float64Array, k: number, out: Float64Array): void;
}

export function loadLrPlain(): LrPlainKernel | undefined {
  return loadAddon<LrPlainKernel>('lr_plain');
}
