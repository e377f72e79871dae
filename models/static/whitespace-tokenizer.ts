/**
 * sentence-transformers' WhitespaceTokenizer (sentence_transformers/models/tokenizer/WhitespaceTokenizer.py), the
 * tokenizer of its WordEmbeddings module and of the average_word_embeddings_* models:
 *   lower-case the text when do_lower_case; split on whitespace (Python's str.split()); for each token try it as is,
 *   then stripped of ASCII punctuation (str.strip(string.punctuation)), then lower-cased, and stop at the first form
 *   that is a stop word (token dropped) or in the vocabulary (token kept); a token none of whose forms is known is
 *   dropped.
 */
import { ST_ENGLISH_STOP_WORDS } from '../st-stop-words.js';

export interface WhitespaceTokenizerOptions {
  /** WhitespaceTokenizer(do_lower_case=...): lower-case the whole text first. Default false. */
  doLowerCase?: boolean;
  /** WhitespaceTokenizer(stop_words=...): default sentence-transformers' ENGLISH_STOP_WORDS. */
  stopWords?: ReadonlySet<string>;
}

/** The forms a token went through; `kept` is the form found in the vocabulary, if any. */
export interface TokenForms {
  kept?: string;
  /** The last form tried when none was known and none was a stop word (fastText .bin gives it a subword vector). */
  unknown?: string;
}

// Python's str.split() separators: Unicode White_Space plus the ASCII information separators \x1c-\x1f, and not
// U+FEFF (which JS's \s includes).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are Python whitespace
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Python's str.strip(string.punctuation). */
export function stripPunctuation(t: string): string {
  let a = 0;
  let b = t.length;
  while (a < b && ASCII_PUNCTUATION.includes(t[a]!)) a++;
  while (b > a && ASCII_PUNCTUATION.includes(t[b - 1]!)) b--;
  return t.slice(a, b);
}

/** Python's str.split() with no argument: no empty strings. */
export function pySplit(text: string): string[] {
  return text.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

export class WhitespaceTokenizer {
  readonly doLowerCase: boolean;
  readonly stopWords: ReadonlySet<string>;

  constructor(opts: WhitespaceTokenizerOptions = {}) {
    this.doLowerCase = opts.doLowerCase ?? false;
    this.stopWords = opts.stopWords ?? ST_ENGLISH_STOP_WORDS;
  }

  /** One entry per whitespace token that is not dropped as a stop word. */
  tokenize(text: string, known: (w: string) => boolean): TokenForms[] {
    const out: TokenForms[] = [];
    const stop = this.stopWords;
    for (const raw of pySplit(this.doLowerCase ? text.toLowerCase() : text)) {
      if (stop.has(raw)) continue;
      if (known(raw)) {
        out.push({ kept: raw });
        continue;
      }
      const stripped = stripPunctuation(raw);
      if (stop.has(stripped)) continue;
      if (stripped.length > 0 && known(stripped)) {
        out.push({ kept: stripped });
        continue;
      }
      const lower = stripped.toLowerCase();
      if (stop.has(lower)) continue;
      // (no length check on this form in sentence-transformers: an empty word in the vocabulary matches)
      if (known(lower)) {
        out.push({ kept: lower });
        continue;
      }
      // Not known in any form. For subword models the vector comes from the punctuation-stripped form in the
      // text's own case (what fastText itself would look up), when there is one.
      if (stripped.length > 0) out.push({ unknown: stripped });
    }
    return out;
  }

  /** The kept words only (the WordEmbeddings pipeline without subwords). */
  words(text: string, known: (w: string) => boolean): string[] {
    return this.tokenize(text, known).flatMap((t) => (t.kept !== undefined ? [t.kept] : []));
  }
}
