/**
 * The summation orders of the label step as sklearn's numpy and OpenBLAS compute it: einsum row norms of the
 * centers and the Haswell SGEMM kernel's K-blocked float32 FMA accumulation. Used only to re-decide near-ties
 * exactly (labels.ts).
 */

const f32 = Math.fround;

/**
 * numpy `np.einsum("ij,ij->i", X, X)` for one float32 row as Debian's numpy 1.24 computes it (SSE3 baseline):
 * 4 float32 lanes, blocks of 16 accumulated as a3·b3 + (a2·b2 + (a1·b1 + (a0·b0 + acc)))… in that nesting,
 * a zero-filled tail, then (l0 + l1) + (l2 + l3). sklearn's `row_norms(centers)` in the label step uses it.
 */
export function einsumRowNorm32(a: Float32Array, off: number, d: number): number {
  let l0 = 0,
    l1 = 0,
    l2 = 0,
    l3 = 0;
  let t = 0;
  for (; d - t >= 16; t += 16) {
    for (let q = 3; q >= 0; q--) {
      const o = off + t + 4 * q;
      l0 = f32(f32(a[o]! * a[o]!) + l0);
      l1 = f32(f32(a[o + 1]! * a[o + 1]!) + l1);
      l2 = f32(f32(a[o + 2]! * a[o + 2]!) + l2);
      l3 = f32(f32(a[o + 3]! * a[o + 3]!) + l3);
    }
  }
  for (; t < d; t += 4) {
    const o = off + t;
    l0 = f32(f32(a[o]! * a[o]!) + l0);
    if (t + 1 < d) l1 = f32(f32(a[o + 1]! * a[o + 1]!) + l1);
    if (t + 2 < d) l2 = f32(f32(a[o + 2]! * a[o + 2]!) + l2);
    if (t + 3 < d) l3 = f32(f32(a[o + 3]! * a[o + 3]!) + l3);
  }
  return f32(f32(f32(l0 + l1) + f32(l2 + l3)) + 0);
}

/** OpenBLAS (Haswell kernel) SGEMM K-blocking: GEMM_Q = 320, halves rounded up to 8 between Q and 2Q. */
export function gemmBlocks(d: number): number[] {
  const out = [0];
  let ls = 0;
  while (ls < d) {
    let m = d - ls;
    if (m >= 640) m = 320;
    else if (m > 320) m = Math.floor((Math.floor(m / 2) + 7) / 8) * 8;
    ls += m;
    out.push(ls);
  }
  return out;
}

/**
 * One entry of sklearn's `pairwise = ‖C‖² ; pairwise += −2·X·Cᵀ` (sgemm, beta = 1) as OpenBLAS computes it:
 * per K block a sequential float32 FMA accumulation, then C = float32(−2·acc + C).
 */
export function gemmDist32(x: Float32Array, xo: number, c: Float32Array, co: number, cn32: number, blocks: number[]): number {
  let out = cn32;
  for (let b = 0; b + 1 < blocks.length; b++) {
    let acc = 0;
    for (let t = blocks[b]!; t < blocks[b + 1]!; t++) acc = f32(x[xo + t]! * c[co + t]! + acc);
    out = f32(-2 * acc + out);
  }
  return out;
}
