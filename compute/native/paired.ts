/**
 * Optional native paired scores (native/paired_f32.cc, built by `npm run build:native`): the same float32 and
 * float64 arithmetic as metrics/similarity.ts pairedAll, operation for operation, rows split between threads.
 * Undefined when the addon is not built (compute/paired-scores.ts then runs the JS code).
 */
import { loadAddon } from './addon.js';

export interface PairedKernel {
  pairedAll(
    a: Float32Array,
    b: Float32Array,
    rows: number,
    cols: number,
    cosine: Float64Array,
    modelCosine: Float64Array,
    dot: Float64Array,
    manhattan: Float64Array,
    euclidean: Float64Array,
    threads: number,
  ): void;
}

export function loadPairedKernel(): PairedKernel | undefined {
  return loadAddon<PairedKernel>('paired_f32');
}
