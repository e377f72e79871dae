import type { Encoder } from '../../core/encoder.js';
import { hashEmbed } from './hash-embeddings.js';

/**
 * The `test/hash` encoder (revision v1, results under test__hash/v1) over hashEmbed, recording every text it encodes.
 * With `failOn`, a batch holding a text that starts with it throws, as a crash mid-task would.
 */
export function seenHashEncoder(failOn?: string): Encoder & { seen: string[] } {
  const seen: string[] = [];
  return {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    seen,
    async encode(texts) {
      if (failOn && texts.some((t) => t.startsWith(failOn))) throw new Error('simulated crash');
      seen.push(...texts);
      return hashEmbed(texts);
    },
  };
}
