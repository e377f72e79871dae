/**
 * sentence-transformers' Pooling module (sentence_transformers/models/Pooling.py) as pure functions over one
 * padded batch of token embeddings. Several modes concatenate in ST's order: cls, max, mean, mean_sqrt_len_tokens,
 * weightedmean, lasttoken.
 */

export type PoolingMode = 'cls' | 'max' | 'mean' | 'mean_sqrt_len_tokens' | 'weightedmean' | 'lasttoken';

/** ST's concatenation order. */
export const POOLING_ORDER: readonly PoolingMode[] = ['cls', 'max', 'mean', 'mean_sqrt_len_tokens', 'weightedmean', 'lasttoken'];

/** One padded batch: hidden is [batch, seqLen, dim] row-major; mask is [batch, seqLen] of 0/1. */
export interface TokenBatch {
  hidden: Float32Array;
  mask: ArrayLike<number>;
  batch: number;
  seqLen: number;
  dim: number;
}

/**
 * Pools a batch into [batch, dim * modes.length] (modes are applied in ST's order whatever order they are given in).
 * maskedPrefix > 0 zeroes the first positions of the mask for pooling, as ST does for `include_prompt: false`.
 */
export function pool(b: TokenBatch, modes: readonly PoolingMode[], maskedPrefix = 0): Float32Array {
  const ordered = POOLING_ORDER.filter((m) => modes.includes(m));
  if (!ordered.length) throw new RangeError('no pooling mode selected');
  const { batch, seqLen, dim, hidden } = b;
  const width = dim * ordered.length;
  const out = new Float32Array(batch * width);
  const mask = new Float64Array(seqLen);
  const acc = new Float64Array(dim);
  for (let i = 0; i < batch; i++) {
    for (let t = 0; t < seqLen; t++) mask[t] = t < maskedPrefix ? 0 : Number(b.mask[i * seqLen + t]) ? 1 : 0;
    const base = i * seqLen * dim;
    let off = i * width;
    for (const mode of ordered) {
      const dst = out.subarray(off, off + dim);
      switch (mode) {
        case 'cls':
          dst.set(hidden.subarray(base, base + dim));
          break;
        case 'max':
          dst.fill(-Infinity);
          for (let t = 0; t < seqLen; t++) {
            const row = base + t * dim;
            for (let d = 0; d < dim; d++) {
              // ST replaces padded positions by -1e9 before taking the max
              const v = mask[t] ? hidden[row + d]! : -1e9;
              if (v > dst[d]!) dst[d] = v;
            }
          }
          break;
        case 'mean':
        case 'mean_sqrt_len_tokens':
        case 'weightedmean': {
          acc.fill(0);
          let total = 0;
          for (let t = 0; t < seqLen; t++) {
            const w = mode === 'weightedmean' ? (t + 1) * mask[t]! : mask[t]!;
            if (!w) continue;
            total += w;
            const row = base + t * dim;
            for (let d = 0; d < dim; d++) acc[d]! += w * hidden[row + d]!;
          }
          const denom = Math.max(total, 1e-9); // torch.clamp(min=1e-9)
          const scale = mode === 'mean_sqrt_len_tokens' ? Math.sqrt(denom) : denom;
          for (let d = 0; d < dim; d++) dst[d] = acc[d]! / scale;
          break;
        }
        case 'lasttoken': {
          // last position whose mask is 1; an all-zero mask selects position 0 (ST's flip/argmax arithmetic)
          let last = 0;
          for (let t = seqLen - 1; t >= 0; t--) {
            if (mask[t]) {
              last = t;
              break;
            }
          }
          dst.set(hidden.subarray(base + last * dim, base + (last + 1) * dim));
          break;
        }
      }
      off += dim;
    }
  }
  return out;
}

/** In-place L2 normalization of each row, as torch.nn.functional.normalize(p=2, eps=1e-12). */
export function normalizeRows(data: Float32Array, cols: number): Float32Array {
  for (let off = 0; off < data.length; off += cols) {
    let ss = 0;
    for (let d = 0; d < cols; d++) ss += data[off + d]! * data[off + d]!;
    const n = Math.max(Math.sqrt(ss), 1e-12);
    for (let d = 0; d < cols; d++) data[off + d] = data[off + d]! / n;
  }
  return data;
}
