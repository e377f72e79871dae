import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { evaluate } from '../../runners/evaluate.js';
import { RowCountCheck } from '../../runners/row-counts.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { getTask } from '../../tasks/registry.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';

const encoder: Encoder = {
  name: 'test/hash',
  revision: 'v1',
  meta: { name: 'test/hash', revision: 'v1' },
  encode: async (texts) => hashEmbed(texts),
};

/** A 3-pair STS task with mteb-style expected row counts; `expected` is what the catalog would claim. */
function stsTask(expected: number): TaskMetadata {
  const rows = [
    { sentence1: 'a cat', sentence2: 'a cat sits', score: 4 },
    { sentence1: 'a dog', sentence2: 'the sky', score: 0 },
    { sentence1: 'rain', sentence2: 'it rains', score: 3 },
  ];
  return {
    name: 'InlineRowCountSTS',
    type: 'STS',
    description: 'test',
    dataset: { path: 'test/inline-sts', revision: 'r1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'cosine_spearman',
    origin: 'custom',
    params: { min_score: 0, max_score: 5 },
    expectedRows: { test: { samples: expected } },
    inline: { default: { test: rows } },
  } as TaskMetadata;
}

describe("expectedRows: a run warns when loaded rows differ from mteb's descriptive statistics", () => {
  it('warns once, naming task, split, counts and revision; silent when they agree', async () => {
    const warned: string[] = [];
    await evaluate(encoder, [stsTask(5)], { outputFolder: null, raiseError: true, warn: (m) => warned.push(m) });
    expect(warned).toEqual([
      "InlineRowCountSTS test: loaded 3 rows (mteb: 5) per mteb's descriptive statistics; the data may differ from the pinned revision r1",
    ]);
    const quiet: string[] = [];
    await evaluate(encoder, [stsTask(3)], { outputFolder: null, raiseError: true, warn: (m) => quiet.push(m) });
    expect(quiet).toEqual([]);
  });

  it('retrieval compares documents and queries; only splits with every subset loaded are checked', () => {
    const gq = getTask('GermanQuAD-Retrieval');
    expect(gq.expectedRows?.test).toEqual({ documents: 474, queries: 2204 });
    const ok = new RowCountCheck(gq);
    ok.add('test', 'default', { samples: 2678, documents: 474, queries: 2204 });
    expect(ok.warnings()).toEqual([]);
    const off = new RowCountCheck(gq);
    off.add('test', 'default', { samples: 2677, documents: 474, queries: 2203 });
    expect(off.warnings()[0]).toMatch(/^GermanQuAD-Retrieval test: loaded 2203 queries \(mteb: 2204\)/);
    // MLSUMClusteringS2S.v2 sums its 4 subsets (validation: 6894): one subset alone is not comparable.
    const ml = getTask('MLSUMClusteringS2S.v2');
    expect(ml.expectedRows?.validation).toEqual({ samples: 6894 });
    const part = new RowCountCheck(ml);
    part.add('validation', 'fr', { samples: 2048 });
    expect(part.warnings()).toEqual([]);
    // A filtered copy (-l fra keeps one subset) is still compared against all of the catalog task's subsets.
    const f = new RowCountCheck({ ...ml, subsets: { fr: ml.subsets.fr! } });
    f.add('validation', 'fr', { samples: 2048 });
    expect(f.warnings()).toEqual([]);
    const all = new RowCountCheck(ml);
    for (const s of ['de', 'fr', 'ru', 'es']) all.add('validation', s, { samples: 1700 });
    expect(all.warnings()).toEqual([
      `MLSUMClusteringS2S.v2 validation: loaded 6800 rows (mteb: 6894) per mteb's descriptive statistics; the data may differ from the pinned revision ${ml.dataset.revision}`,
    ]);
  });
});
