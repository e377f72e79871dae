import type { TaskMetadata } from '../../tasks/metadata.js';

/** Four bitext pairs; `tag` prefixes the first side so that two subsets encode different texts. */
export const bitextPairs = (tag: string) =>
  ['the cat sat', 'a dog ran far', 'rain falls today', 'we eat bread'].map((s, i) => ({ sentence1: `${tag} ${s}`, sentence2: `${s} ${i}` }));

/** A one-subset bitext task of four pairs whose rows ship inline (no dataset files, no hub). */
export function inlineBitextTask(): TaskMetadata {
  return {
    name: 'InlineBitext',
    type: 'BitextMining',
    description: 'test',
    dataset: { path: 'test/inline-bitext', revision: 'r1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'f1',
    origin: 'custom',
    inline: { default: { test: bitextPairs('x') } },
  };
}

/** A two-subset (aaa-eng, bbb-eng) inline bitext task, for tests of checkpoints, resume and locks between subsets. */
export function twoSubsetBitextTask(name: string, path: string): TaskMetadata {
  return {
    name,
    type: 'BitextMining',
    description: 'test',
    dataset: { path, revision: 'r1' },
    evalSplits: ['test'],
    subsets: { 'aaa-eng': ['aaa-Latn', 'eng-Latn'], 'bbb-eng': ['bbb-Latn', 'eng-Latn'] },
    mainScore: 'f1',
    origin: 'custom',
    inline: { 'aaa-eng': { test: bitextPairs('A') }, 'bbb-eng': { test: bitextPairs('B') } },
  };
}
