/**
 * Optional native MiniBatchKMeans step kernels (native/kmeans_step.cc, built by `npm run build:native`): label
 * assignment and the inertia/center update on rows read by id, bit-identical to the JS/wasm paths
 * (metrics/kmeans/step-kernels.ts). Undefined when the addon is not built: the fit then runs its JS/wasm code.
 */
import { availableParallelism } from 'node:os';
import type { KMeansStepKernels } from '../../metrics/kmeans.js';
import { loadAddon } from './addon.js';

interface Addon {
  kernel: string;
  labels(...args: [...Parameters<KMeansStepKernels['labels']>, threads: number]): void;
  inertiaUpdate: KMeansStepKernels['inertiaUpdate'];
  candidates: KMeansStepKernels['candidates'];
  step: KMeansStepKernels['step'];
}

export interface KMeansStepAddon extends KMeansStepKernels {
  /** 'avx512' or 'generic' (compiled without AVX-512). */
  kernel: string;
}

/** Below this many multiply-adds a label call runs on one thread (a helper thread's start-up costs more). */
const THREAD_WORK = 1 << 24;

let cached: KMeansStepAddon | null | undefined;

export function loadKMeansStep(): KMeansStepAddon | undefined {
  if (cached === undefined) {
    const a = loadAddon<Addon>('kmeans_step');
    cached = a
      ? {
          kernel: a.kernel,
          labels: (x, d, rows, count, centers, k, xnorms, labels) =>
            a.labels(x, d, rows, count, centers, k, xnorms, labels, count * k * d >= THREAD_WORK ? availableParallelism() : 1),
          inertiaUpdate: a.inertiaUpdate,
          candidates: a.candidates,
          step: a.step,
        }
      : null;
  }
  return cached ?? undefined;
}
