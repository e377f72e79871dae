import { describe, expect, it } from 'vitest';
import { ALL_TASKS } from '../../../tasks/catalog/index.js';
import type { TaskMetadataOf } from '../../../tasks/metadata.js';
import { CLASSIFICATION_PARAMS } from '../../../tasks/params/classification.js';
import { CLUSTERING_PARAMS } from '../../../tasks/params/clustering.js';
import { withDataHookParams } from '../../../tasks/params/data-hooks.js';
import { RETRIEVAL_PARAMS } from '../../../tasks/params/retrieval.js';
import { paramProblems, resolveParams } from '../../../tasks/params/rules.js';
import { STS_PARAMS } from '../../../tasks/params/sts.js';
import { SUMMARIZATION_PARAMS } from '../../../tasks/params/summarization.js';
import { findTaskTypeSpec } from '../../../tasks/task-types.js';

describe('task parameters', () => {
  it("defaults are mteb's class attributes", () => {
    // mteb/abstasks/sts.py: min_score = 0, max_score = 5
    expect(resolveParams(STS_PARAMS, undefined)).toEqual({ min_score: 0, max_score: 5 });
    // mteb/abstasks/summarization.py: min_score = 0, max_score = 5
    expect(resolveParams(SUMMARIZATION_PARAMS, {})).toMatchObject({ min_score: 0, max_score: 5, deprecated_evaluator: false });
    // mteb/abstasks/classification.py: samples_per_label = 8, n_experiments = 10, train_split "train",
    // label_column_name "label", input_column_name "text", is_cross_validation False
    expect(resolveParams(CLASSIFICATION_PARAMS, {})).toEqual({
      samples_per_label: 8,
      n_experiments: 10,
      train_split: 'train',
      label_column: 'label',
      input_column: 'text',
      is_cross_validation: false,
      n_splits: 5,
    });
    // mteb/abstasks/clustering.py: max_fraction_of_documents_to_embed = 0.04, max_document_to_embed = None,
    // max_documents_per_cluster = 16_384, n_clusters = 10, k_mean_batch_size = 512, max_depth = None
    expect(resolveParams(CLUSTERING_PARAMS, {})).toMatchObject({
      max_fraction_of_documents_to_embed: 0.04,
      max_document_to_embed: null,
      max_documents_per_cluster: 16384,
      n_clusters: 10,
      k_mean_batch_size: 512,
      max_depth: null,
    });
    expect(resolveParams(RETRIEVAL_PARAMS, {})).toEqual({
      ignore_identical_ids: false,
      max_over_subqueries: false,
      ignore_titles: false,
      binary_qrels: false,
    });
  });

  it('a set value wins, null included; undefined keeps the default', () => {
    const p = resolveParams(CLUSTERING_PARAMS, { max_fraction_of_documents_to_embed: null, n_clusters: undefined, max_depth: 2 });
    expect(p.max_fraction_of_documents_to_embed).toBeNull();
    expect(p.n_clusters).toBe(10);
    expect(p.max_depth).toBe(2);
  });

  it('reports every bad parameter by name, nested fields by path', () => {
    expect(paramProblems(STS_PARAMS, { min_score: '0', max_score: 5, extra: 1 })).toEqual([
      { field: 'min_score', message: 'must be a number, got "0"' },
      { field: 'extra', message: 'unknown parameter (known: min_score, max_score)' },
    ]);
    expect(paramProblems(CLASSIFICATION_PARAMS, { stratified_subsampling: { splits: 'test' } })).toEqual([
      { field: 'stratified_subsampling.splits', message: 'must be a list of strings, got "test"' },
    ]);
    expect(paramProblems(CLUSTERING_PARAMS, { subsample: { method: 'stratified' } })).toEqual([
      { field: 'subsample.size', message: 'must be a positive integer, got nothing' },
    ]);
    expect(paramProblems(CLUSTERING_PARAMS, { max_fraction_of_documents_to_embed: 1.5 })[0]!.message).toBe(
      'must be a number in (0, 1] or null, got 1.5',
    );
    expect(
      paramProblems(CLUSTERING_PARAMS, {
        max_fraction_of_documents_to_embed: null,
        max_depth: null,
        subsample: { size: 5, method: 'train_test_split', seed: 1 },
      }),
    ).toEqual([]);
  });

  it("every catalog task (generated lines included) passes its type's rules at run time too", () => {
    let checked = 0;
    for (const t of ALL_TASKS) {
      const spec = findTaskTypeSpec(t.type);
      if (!spec || !t.params) continue;
      expect(paramProblems(withDataHookParams(spec.params), t.params as Record<string, unknown>), t.name).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('catalog entries type-check against their type (a wrong or foreign parameter does not compile)', () => {
    const ok: TaskMetadataOf<'STS'>['params'] = { min_score: 1, max_score: 4 };
    // @ts-expect-error -- min_score is a number
    const wrongType: TaskMetadataOf<'STS'>['params'] = { min_score: '1' };
    // @ts-expect-error -- samples_per_label is a Classification parameter, not an STS one
    const foreign: TaskMetadataOf<'STS'>['params'] = { samples_per_label: 8 };
    expect([ok, wrongType, foreign]).toHaveLength(3);
  });
});
