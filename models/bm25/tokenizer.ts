/**
 * bm25s.tokenize as mteb calls it (lower=True, token_pattern r"(?u)\b\w\w+\b", stopwords="en",
 * stemmer=Stemmer("english")): lowercase, take maximal runs of 2+ word characters, drop stop words,
 * then stem. Duplicates are kept (they are term frequencies in documents and repeated terms in queries).
 *
 * Python's Unicode `\w` is [\p{L}\p{N}_] (str.isalnum() or "_"; combining marks are not word
 * characters). `\b\w\w+\b` then matches exactly the maximal word-character runs of length >= 2.
 * JS's `\w`/`\b` are ASCII-only even with the u flag, hence the explicit class. (Checked over all code
 * points against CPython 3.11: identical except characters added to Unicode after version 14.)
 */

import { stemEnglish } from './stemmer.js';
import { STOPWORDS_EN } from './stopwords.js';

const TOKEN_RE = /[\p{L}\p{N}_]{2,}/gu;

/** Lowercased raw tokens (before stop words and stemming). */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(TOKEN_RE) ?? [];
}

/** A tokenizer with a stem cache (bm25s stems each distinct word once). */
export class Bm25Tokenizer {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly stopwords: ReadonlySet<string> = STOPWORDS_EN,
    private readonly stem: ((w: string) => string) | null = stemEnglish,
  ) {}

  tokenize(text: string): string[] {
    const out: string[] = [];
    for (const w of splitWords(text)) {
      if (this.stopwords.has(w)) continue;
      if (!this.stem) {
        out.push(w);
        continue;
      }
      let s = this.cache.get(w);
      if (s === undefined) {
        s = this.stem(w);
        this.cache.set(w, s);
      }
      out.push(s);
    }
    return out;
  }
}
