import type { Matrix } from '../../core/matrix.js';

/**
 * A deterministic text -> float32 vector function, implemented identically in
 * scripts/reference/hash_embeddings.py so parity tests can embed the same texts in TypeScript and Python.
 *
 * Definition (kept to operations that are bit-identical in both languages):
 * 1. lowercase ASCII A-Z only (Unicode case mapping differs across ICU/Python versions);
 * 2. features = the words of the text split on runs of [ \t\n\r] (prefixed "w:"), plus every window of
 *    3 Unicode code points of " " + text + " " (prefixed "c:");
 * 3. h = FNV-1a 32-bit over the UTF-8 bytes of the feature; bucket = h mod dim; sign = -1 if bit 31 of h
 *    is set else +1; vector[bucket] += sign (integer counts, exact in float32).
 * The empty text maps to the zero vector.
 */
export function hashEmbed(texts: readonly string[], dim = 64): Matrix {
  const data = new Float32Array(texts.length * dim);
  const enc = new TextEncoder();
  const add = (row: number, feature: string) => {
    const bytes = enc.encode(feature);
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) {
      h ^= bytes[i]!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    const bucket = h % dim;
    data[row * dim + bucket]! += h & 0x80000000 ? -1 : 1;
  };
  texts.forEach((text, row) => {
    const t = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
    for (const w of t.split(/[ \t\n\r]+/)) if (w) add(row, `w:${w}`);
    const cps = Array.from(` ${t} `);
    for (let i = 0; i + 3 <= cps.length; i++) add(row, `c:${cps[i]}${cps[i + 1]}${cps[i + 2]}`);
  });
  return { rows: texts.length, cols: dim, data };
}
