/**
 * fastText's character n-grams and word vectors, as src/dictionary.cc and src/fasttext.cc compute them
 * (facebookresearch/fastText @ 1142dc4):
 *   - hash: 32-bit FNV-1a over the UTF-8 bytes, each byte sign-extended first (`uint32_t(int8_t(c))`, kept by
 *     fastText for compatibility with the released models);
 *   - computeSubwords: over "<" + word + ">", every run of n = minn..maxn UTF-8 characters, except the lone "<" and
 *     ">" (n == 1 at either end); id = nwords + hash % bucket;
 *   - getWordVector: the mean of the input rows of the word itself (when in the vocabulary) and of its n-grams
 *     ("</s>" has none), accumulated in float32 and scaled by float32(1 / count). An unknown word with no n-gram
 *     gets the zero vector.
 */
import type { SubwordTable } from './vector-table.js';

export const EOS = '</s>';

/** fastText's Dictionary::hash. */
export function fasttextHash(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let h = 2166136261;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    h = Math.imul((h ^ (b >= 0x80 ? b | 0xffffff00 : b)) >>> 0, 16777619) >>> 0;
  }
  return h;
}

/** Bucket indices (0 .. bucket-1, i.e. without the nwords offset) of a word's n-grams, in fastText's order. */
export function subwordBuckets(word: Uint8Array | string, minn: number, maxn: number, bucket: number): number[] {
  const w = typeof word === 'string' ? Buffer.from(word, 'utf8') : word;
  const out: number[] = [];
  if (bucket <= 0 || maxn <= 0) return out;
  // "<" + word + ">"
  const s = new Uint8Array(w.length + 2);
  s[0] = 0x3c;
  s.set(w, 1);
  s[s.length - 1] = 0x3e;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    if ((s[i]! & 0xc0) === 0x80) continue;
    let h = 2166136261;
    let j = i;
    for (let n = 1; j < len && n <= maxn; n++) {
      // one UTF-8 character: its first byte, then continuation bytes; the hash extends as the n-gram grows
      do {
        const b = s[j++]!;
        h = Math.imul((h ^ (b >= 0x80 ? b | 0xffffff00 : b)) >>> 0, 16777619) >>> 0;
      } while (j < len && (s[j]! & 0xc0) === 0x80);
      if (n >= minn && !(n === 1 && (i === 0 || j === len))) out.push(h % bucket);
    }
  }
  return out;
}

/**
 * getWordVector into `out` (length dim): `ownRow` is the word's own input row (undefined when out of vocabulary),
 * `buckets` its n-gram rows. Returns the number of rows averaged.
 */
export function averageRows(
  out: Float32Array,
  ownRow: Float32Array | undefined,
  buckets: readonly number[],
  table: Float32Array,
  dim: number,
): number {
  out.fill(0);
  const count = (ownRow ? 1 : 0) + buckets.length;
  if (ownRow) out.set(ownRow);
  for (const b of buckets) {
    const off = b * dim;
    for (let d = 0; d < dim; d++) out[d] = out[d]! + table[off + d]!; // Float32Array stores round each sum to float32
  }
  if (count > 0) {
    const scale = Math.fround(1 / count);
    for (let d = 0; d < dim; d++) out[d] = out[d]! * scale;
  }
  return count;
}

/** The vector fastText gives a word that is not in its vocabulary (zero n-grams: undefined). */
export function oovVector(word: string, sub: SubwordTable, dim: number): Float32Array | undefined {
  if (word === EOS) return undefined;
  const buckets = subwordBuckets(word, sub.minn, sub.maxn, sub.bucket);
  if (!buckets.length) return undefined;
  if (sub.ensure) for (const b of buckets) sub.ensure(b);
  const out = new Float32Array(dim);
  averageRows(out, undefined, buckets, sub.rows, dim);
  return out;
}
