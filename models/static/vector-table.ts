/**
 * A loaded table of static word vectors: the vocabulary, one float32 row per word, and for fastText .bin models
 * the subword bucket rows that give out-of-vocabulary words a vector.
 */
export interface SubwordTable {
  /** fastText's -minn / -maxn: character n-gram lengths (in UTF-8 characters). */
  minn: number;
  maxn: number;
  /** fastText's -bucket: number of hashed n-gram rows. */
  bucket: number;
  /** [bucket, dim] float32: input-matrix rows nwords .. nwords + bucket - 1. */
  rows: Float32Array;
  /** Checks the stored checksum of bucket row b before it is first read (mapped packed files). */
  ensure?: (b: number) => void;
}

export interface VectorTable {
  dim: number;
  /** Number of word rows (words.length without decoding the vocabulary). */
  size: number;
  /** Words in row order (decoded on first use for a packed file). */
  readonly words: string[];
  /** [size, dim] float32, row-major. */
  vectors: Float32Array;
  subwords?: SubwordTable;
  /** The row of a word, duplicates resolved by the rule the table was packed with. */
  lookup(word: string): number | undefined;
  /** Checks the stored checksum of word row `row` before it is first read (mapped packed files). */
  ensure?: (row: number) => void;
}

/** Which row a duplicated word maps to: gensim keeps the first, sentence-transformers' from_text_file the last. */
export type DuplicateRule = 'first' | 'last';

/** Text files are read by sentence-transformers (from_text_file: an OrderedDict, the last duplicate wins); binary files by gensim / fastText (the first). */
export function duplicateRule(format: 'text' | 'word2vec-binary' | 'fasttext-binary'): DuplicateRule {
  return format === 'text' ? 'last' : 'first';
}

export function buildIndex(words: readonly string[], rule: DuplicateRule): Map<string, number> {
  const index = new Map<string, number>();
  if (rule === 'last') words.forEach((w, i) => index.set(w, i));
  else
    words.forEach((w, i) => {
      if (!index.has(w)) index.set(w, i);
    });
  return index;
}
