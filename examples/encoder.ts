// The TypeScript form of examples/encoder.mjs. `module:` imports it directly where Node can load TypeScript
// (Node >= 23.6, or `node --import tsx`); elsewhere compile it first:
//   npx tsc --module nodenext --target es2022 --rootDir examples --outDir build examples/encoder.ts
//   npx mteb-ts run -m module:build/encoder.js -t STSBenchmark
import type { EncodeContext, Encoder, Matrix } from 'mteb-ts';

const DIM = 256;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const encoder: Encoder = {
  name: 'example/char-trigram-hash',
  revision: 'v1',
  meta: { name: 'example/char-trigram-hash', revision: 'v1', embedDim: DIM, similarity: 'cosine', framework: ['example'] },
  similarity: 'cosine',
  async encode(texts: readonly string[], ctx: EncodeContext): Promise<Matrix> {
    const data = new Float32Array(texts.length * DIM);
    const prefix = ctx.promptType === 'query' ? 'query: ' : '';
    texts.forEach((text, row) => {
      const t = ` ${prefix}${text.toLowerCase()} `;
      for (let i = 0; i + 3 <= t.length; i++) data[row * DIM + (fnv1a(t.slice(i, i + 3)) % DIM)]! += 1;
    });
    return { rows: texts.length, cols: DIM, data };
  },
};

export default encoder;
