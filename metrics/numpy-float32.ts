/**
 * numpy's float32 reductions, reproduced to the bit. sklearn's paired distances (used by mteb's STS and pair
 * classification evaluators) run them on float32 embeddings, and when many pairs tie (zero vectors from averaged
 * word vectors, near-duplicates) the last bit decides the rank order and so the Spearman correlation.
 *
 * Checked against Debian's numpy 1.24.2 (scripts/reference/numpy_float32.py). x86-64 wheels of numpy 1.x and 2.x
 * compile this loop for the SSE baseline (4 float32 lanes, no FMA). numpy's float32 `sum` is pairwiseSum32 in
 * pairwise-sum.ts.
 */

const f = Math.fround;

/**
 * `np.einsum('ij,ij->i', A, B)` for one row of float32 data: numpy's `sum_of_products_contig_contig_outstride0_two`
 * (numpy/_core/src/multiarray/einsum_sumprod.c.src): four 4-lane vectors per step folded into one accumulator as
 * acc = a3*b3 + acc, then a2*b2, a1*b1, a0*b0 (multiply and add rounded apart), a zero-padded tail, then the SSE3
 * horizontal sum (l0 + l1) + (l2 + l3).
 */
export function einsumDot32(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, n: number): number {
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; n - i >= 16; i += 16) {
    for (let k = 12; k >= 0; k -= 4) {
      const p = ao + i + k;
      const q = bo + i + k;
      l0 = f(f(a[p]! * b[q]!) + l0);
      l1 = f(f(a[p + 1]! * b[q + 1]!) + l1);
      l2 = f(f(a[p + 2]! * b[q + 2]!) + l2);
      l3 = f(f(a[p + 3]! * b[q + 3]!) + l3);
    }
  }
  for (; i < n; i += 4) {
    const p = ao + i;
    const q = bo + i;
    const m = n - i;
    l0 = f(f(a[p]! * b[q]!) + l0);
    if (m > 1) l1 = f(f(a[p + 1]! * b[q + 1]!) + l1);
    if (m > 2) l2 = f(f(a[p + 2]! * b[q + 2]!) + l2);
    if (m > 3) l3 = f(f(a[p + 3]! * b[q + 3]!) + l3);
  }
  return f(f(l0 + l1) + f(l2 + l3));
}

/** float32 machine epsilon times ten: sklearn's `_handle_zeros_in_scale` treats smaller norms as zero. */
export const NEAR_ZERO_NORM_32 = f(10 * 2 ** -23);
