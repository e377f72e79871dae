import type { Encoder } from '../../core/encoder.js';
import type { ModelOptions } from '../options.js';
import { createWordEmbeddings } from './word-embeddings.js';

/** `fasttext:<file>[?options]`: a fastText .bin model (with subword vectors for unknown words) or a .vec file. */
export const create = (spec: string, opts: ModelOptions): Promise<Encoder> => createWordEmbeddings('fasttext', spec, opts);
