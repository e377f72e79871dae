// An example encoder for `mteb-ts run -m module:examples/encoder.mjs ...` (see examples/README.md).
// It hashes character trigrams into 256 dimensions: no download, no dependency, deterministic. Replace `encode`
// with calls to your own model; keep the contract: one row per text, in input order, as a row-major Float32Array.

const DIM = 256;

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** @type {import('mteb-ts').Encoder} */
export default {
  name: 'example/char-trigram-hash',
  // `revision` (or meta.revision) names the result folder: mteb-results/example__char-trigram-hash/v1/
  revision: 'v1',
  meta: { name: 'example/char-trigram-hash', revision: 'v1', embedDim: DIM, similarity: 'cosine', framework: ['example'] },
  similarity: 'cosine',
  /**
   * @param {readonly string[]} texts
   * @param {import('mteb-ts').EncodeContext} ctx  the task, split, subset and (retrieval) prompt type
   */
  async encode(texts, ctx) {
    const data = new Float32Array(texts.length * DIM);
    // A query prefix, as instruction-tuned models use one: retrieval tasks pass ctx.promptType.
    const prefix = ctx.promptType === 'query' ? 'query: ' : '';
    texts.forEach((text, row) => {
      const t = ` ${prefix}${text.toLowerCase()} `;
      for (let i = 0; i + 3 <= t.length; i++) data[row * DIM + (fnv1a(t.slice(i, i + 3)) % DIM)] += 1;
    });
    return { rows: texts.length, cols: DIM, data };
  },
};
