/**
 * Optional native L-BFGS two-loop recursion (native/lbfgs.cc, built by `npm run build:native`): metrics/lbfgs.ts
 * twoLoopJs with the same bits, injected through LbfgsOptions.twoLoop. Undefined when not built.
 */
import type { TwoLoop } from '../../metrics/lbfgs.js';
import { loadAddon } from './addon.js';

export function loadTwoLoop(): TwoLoop | undefined {
  return loadAddon<{ twoLoop: TwoLoop }>('lbfgs')?.twoLoop;
}
