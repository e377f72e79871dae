import { describe, expect, it } from 'vitest';
import { parseCardConfigs, pickConfig } from '../../../tasks/data/card.js';
import { inferConfigs } from '../../../tasks/data/local-repo.js';
import { defaultDataPatterns, globToRegExp, resolvePattern } from '../../../tasks/data/patterns.js';

/**
 * Expected splits follow the `datasets` rules (datasets/data_files.py get_data_patterns, and the examples of
 * the HF "Structure your repository" guide): sharded `data/{split}-NNNNN-of-NNNNN.*` first, then split
 * keywords (train/training, validation/valid/dev/val, test/testing/eval/evaluation) as a folder name, then in a
 * file name delimited by - _ . space or digits, else everything is "train".
 */
function splitsOf(files: string[]): Record<string, string[]> {
  const cfg = inferConfigs(files)[0];
  if (!cfg) return {};
  return Object.fromEntries(Object.entries(cfg.dataFiles).map(([s, ps]) => [s, [...new Set(ps.flatMap((p) => resolvePattern(p, files)))].sort()]));
}

describe('default split patterns (no configs in the card)', () => {
  it('split names as file names', () => {
    expect(splitsOf(['README.md', 'train.csv', 'test.csv'])).toEqual({ train: ['train.csv'], test: ['test.csv'] });
  });
  it('split keywords inside file names, delimited by non-word characters', () => {
    expect(splitsOf(['my_train_file.csv', 'random-test.file.csv', 'dev_set.jsonl', 'latest.csv'])).toEqual({
      train: ['my_train_file.csv'],
      validation: ['dev_set.jsonl'],
      test: ['random-test.file.csv'],
    });
  });
  it('keywords glued to letters do not count ("contest", "trainer" are not splits)', () => {
    expect(splitsOf(['contest.csv', 'trainer.csv'])).toEqual({ train: ['contest.csv', 'trainer.csv'] });
  });
  it('split folders win over file names', () => {
    expect(splitsOf(['data/train/shard_test.jsonl', 'data/test/a.jsonl', 'data/validation/b.jsonl'])).toEqual({
      train: ['data/train/shard_test.jsonl'],
      validation: ['data/validation/b.jsonl'],
      test: ['data/test/a.jsonl'],
    });
  });
  it('sharded parquet names give any split name, in train/validation/test order then sorted', () => {
    const files = [
      'data/train-00000-of-00002.parquet',
      'data/train-00001-of-00002.parquet',
      'data/corpus-00000-of-00001.parquet',
      'data/test-00000-of-00001.parquet',
    ];
    expect(defaultDataPatterns(files)).toEqual({
      train: ['data/train-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*'],
      test: ['data/test-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*'],
      corpus: ['data/corpus-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*'],
    });
  });
  it('without any split keyword, everything with a data extension is train; hidden files and non-data files are ignored', () => {
    expect(splitsOf(['a.jsonl', 'sub/b.parquet', '.hidden/c.jsonl', '__pycache__/x.json', 'README.md', 'script.py'])).toEqual({
      train: ['a.jsonl', 'sub/b.parquet'],
    });
  });
  it("metadata files of datasets' FILES_TO_IGNORE (dataset_infos.json, ...) are not data", () => {
    expect(splitsOf(['dataset_infos.json', 'data/dataset_info.json', 'test.jsonl'])).toEqual({ test: ['test.jsonl'] });
    expect(inferConfigs(['dataset_infos.json', 'config.json'])).toEqual([]);
  });
  it('a repo without data files has no config', () => {
    expect(inferConfigs(['README.md', '.gitattributes'])).toEqual([]);
  });
});

describe('globs (fsspec semantics)', () => {
  it('* stays within a folder, ** crosses folders (also zero of them), [..] classes', () => {
    expect(globToRegExp('data/*.jsonl').test('data/a.jsonl')).toBe(true);
    expect(globToRegExp('data/*.jsonl').test('data/x/a.jsonl')).toBe(false);
    expect(globToRegExp('**/test.jsonl').test('test.jsonl')).toBe(true);
    expect(globToRegExp('**/test.jsonl').test('a/b/test.jsonl')).toBe(true);
    expect(globToRegExp('data/*/test.jsonl.gz').test('data/afr-eng/test.jsonl.gz')).toBe(true);
    expect(globToRegExp('part-[0-9].csv').test('part-7.csv')).toBe(true);
    expect(globToRegExp('part-[0-9].csv').test('part-x.csv')).toBe(false);
    expect(globToRegExp('a[-._ 0-9]b').test('a b')).toBe(true);
  });
});

describe('dataset card configs', () => {
  const card = [
    '---',
    'configs:',
    '- config_name: corpus',
    '  data_files:',
    '  - split: corpus',
    '    path: corpus.jsonl',
    '- config_name: en',
    '  data_dir: en',
    '  sep: "\\t"',
    '- config_name: qrels',
    '  default: true',
    '  data_files: {test: qrels/test.tsv, dev: [qrels/dev1.tsv, qrels/dev2.tsv]}',
    '- config_name: plain',
    '  data_files: "all/*.csv"',
    '---',
    'prose',
  ].join('\n');
  it('reads data_files in every form, data_dir and builder keys', () => {
    expect(parseCardConfigs(card)).toEqual([
      { name: 'corpus', isDefault: false, dataFiles: { corpus: ['corpus.jsonl'] } },
      { name: 'en', isDefault: false, dataFiles: {}, dataDir: 'en', builderKwargs: { sep: '\t' } },
      { name: 'qrels', isDefault: true, dataFiles: { test: ['qrels/test.tsv'], dev: ['qrels/dev1.tsv', 'qrels/dev2.tsv'] } },
      { name: 'plain', isDefault: false, dataFiles: { train: ['all/*.csv'] } },
    ]);
  });
  it('picks the default config like load_dataset without a name', () => {
    const cfgs = parseCardConfigs(card);
    expect(pickConfig(cfgs, 'default')?.name).toBe('qrels');
    expect(pickConfig(cfgs, 'en')?.name).toBe('en');
    expect(pickConfig(cfgs, 'xx')).toBeUndefined();
    expect(pickConfig([{ name: 'only', isDefault: false, dataFiles: {} }], 'default')?.name).toBe('only');
  });
  it('invalid YAML front matter names the card', () => {
    expect(() => parseCardConfigs('---\nconfigs: [\n---\n', '/x/README.md')).toThrow(/invalid YAML front matter[\s\S]*README\.md/);
  });
});
