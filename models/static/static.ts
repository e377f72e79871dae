import type { Encoder } from '../../core/encoder.js';
import type { ModelOptions } from '../options.js';
import { createStatic } from './static-embedding.js';

/** `static:<repo|path>[?dimensions=N]`: sentence-transformers StaticEmbedding models (potion, M2V, static-*-mrl). */
export const create = (spec: string, opts: ModelOptions): Promise<Encoder> => createStatic('static', spec, opts);
