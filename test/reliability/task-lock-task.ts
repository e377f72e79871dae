import type { TaskMetadata } from '../../tasks/metadata.js';

const pairs = (tag: string) =>
  ['the cat sat', 'a dog ran far', 'rain falls today', 'we eat bread'].map((s, i) => ({ sentence1: `${tag} ${s}`, sentence2: `${s} ${i}` }));

/** A two-subset inline bitext task (no data files) for the task-lock tests. */
export const lockTestTask: TaskMetadata = {
  name: 'LockedBitext',
  type: 'BitextMining',
  description: 'test',
  dataset: { path: 'test/locked-bitext', revision: 'r1' },
  evalSplits: ['test'],
  subsets: { 'aaa-eng': ['aaa-Latn', 'eng-Latn'], 'bbb-eng': ['bbb-Latn', 'eng-Latn'] },
  mainScore: 'f1',
  origin: 'custom',
  inline: { 'aaa-eng': { test: pairs('A') }, 'bbb-eng': { test: pairs('B') } },
};
