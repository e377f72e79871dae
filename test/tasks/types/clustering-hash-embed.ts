/**
 * The deterministic embedding of scripts/reference/clustering_parity.py, bit for bit: signed FNV-1a feature
 * hashing of lower-cased ASCII [a-z0-9]+ tokens of the UTF-8 bytes into DIM dims, L2-normalized in float64
 * (sequential sum), then cast to float32.
 */
import type { Matrix } from '../../../core/matrix.js';

export const DIM = 256;

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a hashes of the lower-cased ASCII [a-z0-9]+ tokens of the UTF-8 bytes, in order. */
function tokenHashes(text: string): number[] {
  const bytes = Buffer.from(text + ' ', 'utf8');
  const out: number[] = [];
  let start = -1;
  for (let i = 0; i < bytes.length; i++) {
    let c = bytes[i]!;
    if (c >= 65 && c <= 90) {
      c += 32;
      bytes[i] = c;
    }
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(fnv1a(bytes, start, i));
      start = -1;
    }
  }
  return out;
}

export function hashEmbed(text: string, out: Float32Array, off: number): void {
  const v = new Float64Array(DIM);
  for (const h of tokenHashes(text)) v[h % DIM] = v[h % DIM]! + ((h >>> 16) & 1 ? 1 : -1);
  let s = 0;
  for (let i = 0; i < DIM; i++) s += v[i]! * v[i]!;
  const norm = s > 0 ? Math.sqrt(s) : 1;
  for (let i = 0; i < DIM; i++) out[off + i] = s > 0 ? v[i]! / norm : v[i]!;
}

export function hashEmbedAll(texts: readonly string[]): Matrix {
  const data = new Float32Array(texts.length * DIM);
  texts.forEach((t, i) => hashEmbed(t, data, i * DIM));
  return { rows: texts.length, cols: DIM, data };
}

/**
 * `embed_dense` of scripts/reference/clustering_parity.py: every token adds
 * m/2^32 − 0.5 to every dim t, m = mix(fnv1a(token), t), in token order (float64), then L2-normalized and cast.
 * Dense vectors have no exact distance ties, unlike the sparse hashing above.
 */
export function denseEmbed(text: string, out: Float32Array, off: number): void {
  const v = new Float64Array(DIM);
  for (const h of tokenHashes(text)) {
    for (let t = 0; t < DIM; t++) {
      let m = Math.imul((h ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0, 0x85ebca6b) >>> 0;
      m = (m ^ (m >>> 13)) >>> 0;
      v[t] = v[t]! + (m / 4294967296 - 0.5);
    }
  }
  let s = 0;
  for (let i = 0; i < DIM; i++) s += v[i]! * v[i]!;
  const norm = Math.sqrt(s);
  for (let i = 0; i < DIM; i++) out[off + i] = s > 0 ? v[i]! / norm : v[i]!;
}

export function denseEmbedAll(texts: readonly string[]): Matrix {
  const data = new Float32Array(texts.length * DIM);
  texts.forEach((t, i) => denseEmbed(t, data, i * DIM));
  return { rows: texts.length, cols: DIM, data };
}
