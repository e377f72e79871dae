/**
 * numpy's pairwise summation (`np.sum` / `np.add.reduce` on a contiguous axis): blocks of ≤ 128 are summed with
 * 8 interleaved accumulators, larger runs are split in two at a multiple of 8. Reproducing it makes float sums
 * bit-identical to numpy, which matters where sklearn compares or thresholds float32 sums.
 */

/** Pairwise sum in float64 of a[off .. off+n). */
export function pairwiseSum64(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  return 0 + pw64(a, off, n);
}

function pw64(a: ArrayLike<number>, off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[off]!,
      r1 = a[off + 1]!,
      r2 = a[off + 2]!,
      r3 = a[off + 3]!;
    let r4 = a[off + 4]!,
      r5 = a[off + 5]!,
      r6 = a[off + 6]!,
      r7 = a[off + 7]!;
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = off + i;
      r0 += a[p]!;
      r1 += a[p + 1]!;
      r2 += a[p + 2]!;
      r3 += a[p + 3]!;
      r4 += a[p + 4]!;
      r5 += a[p + 5]!;
      r6 += a[p + 6]!;
      r7 += a[p + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[off + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pw64(a, off, n2) + pw64(a, off + n2, n - n2);
}

const f = Math.fround;

/** Pairwise sum with float32 accumulators (numpy's float32 `sum`), returned as the float32 value. */
export function pairwiseSum32(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  return f(0 + pw32(a, off, n));
}

function pw32(a: ArrayLike<number>, off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f(res + a[off + i]!);
    return res;
  }
  if (n <= 128) {
    let r0 = f(a[off]!),
      r1 = f(a[off + 1]!),
      r2 = f(a[off + 2]!),
      r3 = f(a[off + 3]!);
    let r4 = f(a[off + 4]!),
      r5 = f(a[off + 5]!),
      r6 = f(a[off + 6]!),
      r7 = f(a[off + 7]!);
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = off + i;
      r0 = f(r0 + a[p]!);
      r1 = f(r1 + a[p + 1]!);
      r2 = f(r2 + a[p + 2]!);
      r3 = f(r3 + a[p + 3]!);
      r4 = f(r4 + a[p + 4]!);
      r5 = f(r5 + a[p + 5]!);
      r6 = f(r6 + a[p + 6]!);
      r7 = f(r7 + a[p + 7]!);
    }
    let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) res = f(res + a[off + i]!);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pw32(a, off, n2) + pw32(a, off + n2, n - n2));
}
