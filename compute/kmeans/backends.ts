/**
 * The fastest available MiniBatchKMeans backends for the clustering evaluators: the native step kernels when the
 * addon is built (compute/native/kmeans-step.ts), and the product backend (ortDots: native products or onnxruntime)
 * for the JS label path otherwise. Every choice gives the same labels and centers bit for bit.
 */
import type { MiniBatchKMeansOptions } from '../../metrics/kmeans.js';
import { loadKMeansStep } from '../native/kmeans-step.js';
import { ortDots } from './ort-dots.js';

export function kmeansBackends(): Pick<MiniBatchKMeansOptions, 'dots' | 'stepKernels'> {
  return { dots: ortDots, stepKernels: loadKMeansStep() };
}
