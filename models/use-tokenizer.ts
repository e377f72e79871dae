/**
 * The SentencePiece (unigram Viterbi) tokenization of @energetic-ai/embeddings' USE-lite `Tokenizer.encode`, in
 * linear time. The library passes `symbols.slice(i)` to its trie at every position, so a text of n characters costs
 * n²/2 copies: a 100k-character text ran for minutes and a 50 MB one exhausted the heap (exit 134). The trie only
 * ever looks `longest piece` symbols ahead, so a window of that length gives the identical search, and everything
 * else (NFKC, "▁" for spaces, ties going to the later piece, unknown runs merged) is kept as the library does it.
 */

/** What this module needs of the library's Tokenizer (plain JS properties). */
export interface UseTokenizer {
  vocabulary: [string, number][];
  trie: { commonPrefixSearch(ss: string[]): [string[], number, number][] };
  encode(input: string): number[];
}

const SEPARATOR = '\u2581';

/** Replaces `tok.encode` by the linear-time equivalent; returns the tokenizer. */
export function linearTimeEncode<T extends UseTokenizer>(tok: T): T {
  let longest = 1;
  for (const [piece] of tok.vocabulary) longest = Math.max(longest, Array.from(piece).length);
  tok.encode = (input: string) => encodeLinear(tok, input, longest);
  return tok;
}

function encodeLinear(tok: UseTokenizer, raw: string, longest: number): number[] {
  const normalized = raw.normalize('NFKC');
  const input = normalized.length > 0 ? SEPARATOR + normalized.replace(/ /g, SEPARATOR) : normalized;
  const symbols = Array.from(input);
  const n = symbols.length;
  // Per end position, the pieces ending there, in ascending start order (the library's object keys iterate so).
  const ending: { start: number; score: number; index: number }[][] = Array.from({ length: n + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    for (const [chars, score, index] of tok.trie.commonPrefixSearch(symbols.slice(i, i + longest + 1))) {
      ending[i + chars.length]!.push({ start: i, score, index });
    }
  }
  const best = new Float64Array(n + 1);
  const words = new Int32Array(n + 1);
  for (let end = 0; end <= n; end++) {
    // Already in ascending start order (pushed by increasing i), as the library's integer object keys iterate.
    for (const w of ending[end]!) {
      const score = w.score + best[w.start]!;
      if (best[end] === 0 || score >= best[end]!) {
        best[end] = score;
        words[end] = w.index;
      }
    }
  }
  const results: number[] = [];
  let iter = n;
  while (iter > 0) {
    results.push(words[iter]!);
    iter -= tok.vocabulary[words[iter]!]![0].length;
  }
  const merged: number[] = [];
  let previousUnk = false;
  for (const id of results) {
    if (!(previousUnk && id === 0)) merged.push(id);
    previousUnk = id === 0;
  }
  return merged.reverse();
}
