import type { Encoder } from '../../core/encoder.js';
import type { ModelOptions } from '../options.js';
import { createStatic } from './static-embedding.js';

/** `model2vec:<repo|path>[?dimensions=N]`: model2vec's StaticModel.encode semantics. */
export const create = (spec: string, opts: ModelOptions): Promise<Encoder> => createStatic('model2vec', spec, opts);
