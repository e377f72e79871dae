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
}

export interface VectorTable {
  dim: number;
  /** Words in row order. */
  words: string[];
  /** [words.length, dim] float32, row-major. */
  vectors: Float32Array;
  subwords?: SubwordTable;
}

/** Which row a duplicated word maps to: gensim keeps the first, sentence-transformers' from_text_file the last. */
export type DuplicateRule = 'first' | 'last';

export function buildIndex(words: readonly string[], rule: DuplicateRule): Map<string, number> {
  const index = new Map<string, number>();
  if (rule === 'last') words.forEach((w, i) => index.set(w, i));
  else words.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  return index;
}
