/**
 * Optional whole-step kernels for MiniBatchKMeans (the native addon provides them: compute/native/kmeans-step.ts).
 * Each does the same IEEE operations in the same order as the JS/wasm code it replaces, reading rows of x by row id
 * (no gathered copy of the batch), so results are bit-identical with or without them.
 */
export interface KMeansStepKernels {
  /**
   * `assignLabels` (labels.ts) for rows `rows` (or 0..count-1) of x: labels[i] = nearest center of that row.
   * xnorms holds labels.ts norm2 of every row of x by row id (NaN = not yet known: computed and stored).
   * The kernel may split the rows between threads when `rows` is null (each row's result does not depend on it).
   */
  labels(
    x: Float32Array,
    d: number,
    rows: Int32Array | null,
    count: number,
    centers: Float32Array,
    k: number,
    xnorms: Float64Array,
    labels: Int32Array,
  ): void;
  /** The batch inertia and center additions of minibatch-step.ts `inertiaAndAddRows`, rows of x by row id. */
  inertiaUpdate(
    x: Float32Array,
    d: number,
    rows: Int32Array | null,
    labels: Int32Array,
    count: number,
    centers: Float32Array,
    centersNew: Float32Array,
  ): number;
  /**
   * One minibatch step after the draws: `labels` for rows `rows`, then minibatch-step.ts `inertiaAndUpdate` (center
   * scaling, additions, counts) into centersNew and counts; returns the batch inertia.
   */
  step(
    x: Float32Array,
    d: number,
    rows: Int32Array | null,
    count: number,
    centers: Float32Array,
    k: number,
    xnorms: Float64Array,
    labels: Int32Array,
    centersNew: Float32Array,
    counts: Float32Array,
  ): number;
  /**
   * plusplus.ts candidate distances of all n rows to rows `ids` (out[q·n + i], `sqDistRowsToAll`: full groups of four
   * ids as dist4, the rest as sqDistRowToAll), then out = closest wherever closest < out, when closest is given.
   * xx: rowNorms64 of x.
   */
  candidates(x: Float32Array, n: number, d: number, xx: Float64Array, ids: Int32Array, closest: Float32Array | null, out: Float32Array): void;
}
