/**
 * HF tokenizers truncation for a single sequence: the text's own tokens are cut to max_length - n_special, then the
 * special tokens are added (so [SEP] / </s> survive). Fake tokenizers: one id per character ('a' = 1, 'b' = 2 ...).
 */
import { describe, expect, it } from 'vitest';
import { type EncodingTokenizer, encodeTruncated, padBatch } from '../../models/sentence-transformers/tokenize.js';

function fake(prefix: number[], suffix: number[], rewrite = false): EncodingTokenizer {
  return {
    encode(text: string, opts?: { add_special_tokens?: boolean }) {
      const body = [...text.replace(/\s/g, '')].map((c) => c.charCodeAt(0) - 96);
      if (opts?.add_special_tokens === false) return body;
      // rewrite: a post-processor that changes the body ids (no fixed layout)
      return [...prefix, ...(rewrite ? body.map((x) => x + 100) : body), ...suffix];
    },
  };
}

describe('encodeTruncated', () => {
  it('BERT-like [CLS] x [SEP]: keeps both specials', () => {
    const tok = fake([101], [102]);
    expect(encodeTruncated(tok, 'abcdef', 5)).toEqual([101, 1, 2, 3, 102]);
    expect(encodeTruncated(tok, 'abc', 5)).toEqual([101, 1, 2, 3, 102]); // fits: untouched
  });

  it('prefix-only and suffix-only templates', () => {
    expect(encodeTruncated(fake([0, 9], []), 'abcdef', 4)).toEqual([0, 9, 1, 2]);
    expect(encodeTruncated(fake([], [2]), 'abcdef', 4)).toEqual([1, 2, 3, 2]);
  });

  it('max_length below the special count keeps only specials', () => {
    expect(encodeTruncated(fake([101], [102]), 'abcdef', 2)).toEqual([101, 102]);
  });

  it('falls back to a plain cut when the post-processor rewrites ids', () => {
    expect(encodeTruncated(fake([7], [8], true), 'abcdef', 4)).toEqual([7, 101, 102, 103]);
  });
});

describe('padBatch', () => {
  it('pads right with the pad id and builds the mask', () => {
    const b = padBatch([[5, 6, 7], [8]], 0);
    expect(b.seqLen).toBe(3);
    expect(Array.from(b.inputIds, Number)).toEqual([5, 6, 7, 8, 0, 0]);
    expect(Array.from(b.attentionMask, Number)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(b.tokens).toBe(4);
  });

  it('pads left when the tokenizer says so', () => {
    const b = padBatch([[5, 6, 7], [8]], 1, true);
    expect(Array.from(b.inputIds, Number)).toEqual([5, 6, 7, 1, 1, 8]);
    expect(Array.from(b.attentionMask, Number)).toEqual([1, 1, 1, 0, 0, 1]);
  });
});
