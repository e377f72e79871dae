/**
 * Row L2 normalization as torch.nn.functional.normalize(x, p=2, dim=1) does it (x / max(||x||, 1e-12)),
 * which is how mteb's cosine similarity prepares both sides. The norm is accumulated in float64
 * and rounded to float32; the division is then exact-rounded like torch's.
 */
export function l2NormalizeRowsInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let ss = 0;
    for (let c = 0; c < cols; c++) {
      const v = src[base + c]!;
      ss += v * v;
    }
    // Divide by the float32 norm (not multiply by its inverse) so values match torch's x / norm bit for bit.
    const norm = Math.fround(Math.max(Math.sqrt(ss), 1e-12));
    for (let c = 0; c < cols; c++) dst[base + c] = src[base + c]! / norm;
  }
}
