/**
 * scikit-learn's k-means++ seeding and `MiniBatchKMeans` (dense, float32 input, unit sample weights), reproduced
 * step by step (sklearn/cluster/_kmeans.py, _k_means_minibatch.pyx, _k_means_common.pyx): the same RandomState
 * draws in the same order, float64-upcast distances in k-means++, float32 center updates, random reassignment,
 * EWA early stopping and final labels. The parts, one job per file in metrics/kmeans/:
 * - sklearn-compat.ts: where the RNG use changed across sklearn releases;
 * - plusplus.ts: k-means++ seeding;
 * - blas-order.ts: numpy einsum and OpenBLAS SGEMM summation orders (emulated exactly);
 * - dots.ts: dot-product backends of the label step (JS, WebAssembly SIMD; onnxruntime in compute/kmeans/);
 * - labels.ts: label assignment (estimate, then re-decide near-ties with the exact emulation);
 * - minibatch.ts, minibatch-step.ts: the minibatch loop and one step's inertia, center update and reassignment;
 * - wasm.ts: WebAssembly SIMD kernels doing the same IEEE operations in the same order as the JS loops.
 * - step-kernels.ts: the interface of optional whole-step kernels (native/kmeans_step.cc through
 *   compute/native/kmeans-step.ts) doing the same operations in the same order on rows read by id.
 *
 * Label steps: sklearn computes ‖c‖² − 2·x·c with numpy einsum (SSE3 4-lane order) and OpenBLAS SGEMM. Known
 * limit, measured against Debian's OpenBLAS 0.3.21: with BLAS limited to one thread (as sklearn does inside fit),
 * the kernel accumulates the 8-row edge blocks of the centers (e.g. centers 0–7 and 40–47 of 50) in a different
 * order (≈ two interleaved accumulators), so exact or last-bit ties that involve those centers can resolve
 * differently. Dense embeddings: bit-identical in our tests. test/metrics/kmeans-equivalence.test.ts holds the
 * speed work to the frozen reference (test/metrics/kmeans-reference.ts) bit for bit.
 */

export { einsumRowNorm32 } from './kmeans/blas-order.js';
export { type DotBackend, fastDots, jsDots } from './kmeans/dots.js';
export { assignLabels, type LabelOptions } from './kmeans/labels.js';
export { type MiniBatchKMeansOptions, type MiniBatchKMeansResult, miniBatchKMeans, miniBatchKMeansLabels } from './kmeans/minibatch.js';
export { candidateDistances, type KernelOptions, type KMeansPlusPlusResult, kmeansPlusPlus } from './kmeans/plusplus.js';
export { type KMeansCompat, SKLEARN_1_2, SKLEARN_1_9, sklearnCompat } from './kmeans/sklearn-compat.js';
export type { KMeansStepKernels } from './kmeans/step-kernels.js';
