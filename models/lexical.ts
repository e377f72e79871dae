import type { Encoder } from '../core/encoder.js';
import type { ModelOptions } from './options.js';

/**
 * A lexical baseline that needs no download: words and their character trigrams, hashed (FNV-1a, signed) into
 * 512 buckets with 1 + ln(count) weights, L2-normalized. Deterministic and fast; it exists so the demo and the
 * offline quick start measure something real without a neural model.
 */
export const LEXICAL_DIM = 512;
const NAME = 'mteb-ts/lexical-hash-512';

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function lexicalFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    add(`w:${w}`);
    const padded = `<${w}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`);
  }
  return counts;
}

export function lexicalVector(text: string, dim = LEXICAL_DIM): Float32Array {
  const v = new Float64Array(dim);
  for (const [f, c] of lexicalFeatures(text)) {
    const h = fnv1a(f);
    const w = (f.startsWith('w:') ? 2 : 1) * (1 + Math.log(c));
    v[h % dim]! += h & 0x80000000 ? -w : w;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(v, (x) => x / norm);
}

export async function create(_spec: string, _opts: ModelOptions): Promise<Encoder> {
  return {
    name: NAME,
    revision: '1',
    cacheable: false,
    similarity: 'cosine',
    meta: { name: NAME, revision: '1', embedDim: LEXICAL_DIM, similarity: 'cosine', framework: ['mteb-ts'] },
    async encode(texts) {
      const data = new Float32Array(texts.length * LEXICAL_DIM);
      texts.forEach((t, i) => data.set(lexicalVector(t), i * LEXICAL_DIM));
      return { rows: texts.length, cols: LEXICAL_DIM, data };
    },
  };
}
