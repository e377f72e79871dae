import { createHash } from 'node:crypto';
import type { Encoder } from '../core/encoder.js';
import { PCG64 } from '../metrics/pcg64.js';
import type { ModelOptions } from './options.js';

/**
 * mteb's random baseline (mteb/baseline-random-encoder): each text's vector is
 * `np.random.default_rng(int(sha256(text), 16) % 2**32).random(dim, dtype=float32)`, so it is reproduced exactly.
 */
export const RANDOM_DIM = 32;

export function randomVector(text: string, dim = RANDOM_DIM): Float32Array {
  const hex = createHash('sha256').update(text, 'utf8').digest('hex');
  const rng = new PCG64(BigInt(parseInt(hex.slice(-8), 16)));
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = rng.nextFloat32();
  return out;
}

export async function create(_spec: string, opts: ModelOptions): Promise<Encoder> {
  const dim = typeof opts.embedDim === 'number' ? opts.embedDim : RANDOM_DIM;
  return {
    name: 'mteb/baseline-random-encoder',
    revision: '1',
    cacheable: false,
    similarity: 'cosine',
    meta: { name: 'mteb/baseline-random-encoder', revision: '1', embedDim: dim, similarity: 'cosine', framework: [] },
    async encode(texts) {
      const data = new Float32Array(texts.length * dim);
      texts.forEach((t, i) => data.set(randomVector(t, dim), i * dim));
      return { rows: texts.length, cols: dim, data };
    },
  };
}
