import { describe, expect, it } from 'vitest';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import { encodeContext } from '../../../tasks/types/module.js';

const task: TaskMetadata = {
  name: 'T',
  type: 'Retrieval',
  description: 'd',
  dataset: { path: 'owner/t', revision: 'abc' },
  evalSplits: ['dev', 'test'],
  subsets: { de: ['deu-Latn'], en: ['eng-Latn', 'eng-Latg'] },
  mainScore: 'ndcg_at_10',
  params: { ignore_identical_ids: true },
  prompt: 'Find the passage',
};

describe('encodeContext', () => {
  it('tells the encoder the task name and type and the subset languages, nothing else of the metadata', () => {
    expect(encodeContext({ task, split: 'test', subset: 'en', batchSize: 8 })).toEqual({
      task: { name: 'T', type: 'Retrieval' },
      split: 'test',
      subset: 'en',
      languages: ['eng-Latn', 'eng-Latg'],
      batchSize: 8,
    });
  });
  it('can name another split (classification encodes its train split) and a subset the task does not list', () => {
    const ctx = encodeContext({ task, split: 'test', subset: 'xx', batchSize: 8 }, 'train');
    expect(ctx.split).toBe('train');
    expect(ctx.languages).toEqual([]);
  });
});
