import type { TaskMetadata } from '../../tasks/metadata.js';

/** A one-subset bitext task of four pairs whose rows ship inline (no dataset files, no hub). */
export function inlineBitextTask(): TaskMetadata {
  const pairs = ['the cat sat', 'a dog ran far', 'rain falls today', 'we eat bread'].map((s, i) => ({ sentence1: `x ${s}`, sentence2: `${s} ${i}` }));
  return {
    name: 'InlineBitext',
    type: 'BitextMining',
    description: 'test',
    dataset: { path: 'test/inline-bitext', revision: 'r1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'f1',
    origin: 'custom',
    inline: { default: { test: pairs } },
  };
}
