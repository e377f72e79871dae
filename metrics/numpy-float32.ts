/**
 * numpy's float32 reductions, reproduced to the bit. sklearn's paired distances (used by mteb's STS and pair
 * classification evaluators) run them on float32 embeddings, and when many pairs tie (zero vectors from averaged
 * word vectors, near-duplicates) the last bit decides the rank order and so the Spearman correlation.
 *
 * Checked against Debian's numpy 1.24.2 on 2,000+ random rows each (scripts/reference/numpy_float32.py). x86-64
 * wheels of numpy 1.x and 2.x compile these loops for the SSE baseline (4 float32 lanes, no FMA).
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

/**
 * `x.sum()` of float32 values along a contiguous axis: numpy's pairwise summation (loops_utils.h.src
 * `FLOAT_pairwise_sum`): fewer than 8 values added in order; up to 128 with eight float32 accumulators combined as
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the remainder in order; longer runs split in two at a multiple of 8.
 */
export function pairwiseSum32(x: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s = f(s + x[start + i]!);
    return s;
  }
  if (n <= 128) {
    let r0 = x[start]!;
    let r1 = x[start + 1]!;
    let r2 = x[start + 2]!;
    let r3 = x[start + 3]!;
    let r4 = x[start + 4]!;
    let r5 = x[start + 5]!;
    let r6 = x[start + 6]!;
    let r7 = x[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      r0 = f(r0 + x[p]!);
      r1 = f(r1 + x[p + 1]!);
      r2 = f(r2 + x[p + 2]!);
      r3 = f(r3 + x[p + 3]!);
      r4 = f(r4 + x[p + 4]!);
      r5 = f(r5 + x[p + 5]!);
      r6 = f(r6 + x[p + 6]!);
      r7 = f(r7 + x[p + 7]!);
    }
    let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) res = f(res + x[start + i]!);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwiseSum32(x, start, n2) + pairwiseSum32(x, start + n2, n - n2));
}

/** float32 machine epsilon times ten: sklearn's `_handle_zeros_in_scale` treats smaller norms as zero. */
export const NEAR_ZERO_NORM_32 = f(10 * 2 ** -23);
