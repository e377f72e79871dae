import type { Encoder } from '../../core/encoder.js';
import type { ModelOptions } from '../options.js';
import { createWordEmbeddings } from './word-embeddings.js';

/** `word2vec:<file>[?options]`: binary or text word2vec vectors (see word-embeddings.ts). */
export const create = (spec: string, opts: ModelOptions): Promise<Encoder> => createWordEmbeddings('word2vec', spec, opts);
