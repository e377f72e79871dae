/**
 * #12 item 9: a 50 MB text must not be tokenized whole when only max_length tokens are kept. transformers.js runs
 * the full pipeline (added-token split, normalizer, pre-tokenizer, model) over the whole string first, and some
 * steps are far from linear on one huge piece (a Unigram lattice or a BPE word over the whole text).
 *
 * The cut: a prefix `text.slice(0, c)` whose body tokens are provably a prefix of the full text's body tokens.
 * Such a c is a "clean cut": text[c - 1] is an ASCII letter or digit and text[c] is a space (U+0020). For the
 * pipelines accepted by `cutPlan` below, every step treats that boundary as a hard one:
 *   - added-token splitting: no added token (raw or normalized) contains "<alnum><space>", so no match spans it,
 *     and lstrip/rstrip only trim whitespace on the right of the boundary;
 *   - normalizers act per character or per Unicode normalization segment, and a space (canonical class 0, never
 *     composing with what precedes it) starts a new segment; a letter or digit ends both sides' text unchanged
 *     (lower-casing an ASCII character keeps it ASCII; JS's final-sigma rule cannot see across the space);
 *     Replace only with patterns that cannot touch either boundary character;
 *   - the first pre-tokenizer splits there (BERT, Whitespace(Split), the GPT-2 / cl100k-style regexes: none of
 *     their matches contains a letter or digit followed by whitespace), and later ones work piece by piece;
 *     or, for Metaspace (which transformers.js never splits) with a Unigram model, no vocabulary piece has "▁"
 *     past its first character, so every lattice path has a node boundary there and the Viterbi choice left of
 *     it is computed from the same nodes in the same order;
 *   - the model (WordPiece, BPE, Unigram) works per pre-token.
 * Then body(prefix) is a prefix of body(text), and when it has at least `keep` tokens its first `keep` tokens are
 * exactly the ones truncation keeps. The caller checks that count (whitespace or deleted characters can make a
 * long prefix yield few tokens) and doubles the prefix until it holds, so a cut can never change the ids; where no
 * clean cut exists, or the pipeline is not one of the above, the whole text is tokenized as before.
 */

/** What we read from a transformers.js PreTrainedTokenizer (v4) to decide whether cutting is safe. */
interface TokenizerInternals {
  _tokenizerJSON?: { normalizer?: unknown; pre_tokenizer?: unknown; model?: unknown };
  _tokenizer?: {
    added_tokens?: readonly { content: string; normalized?: boolean }[];
    normalizer?: ((text: string) => string) | null;
  };
}

export interface CutPlan {
  /** Characters a first prefix should hold per kept token (the longest vocabulary entry). */
  charsPerToken: number;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A letter or digit followed by a space: the one shape no accepted component may match across. */
const SPANS_BOUNDARY = /[A-Za-z0-9] /;

/** Replace (normalizer) regexes that only rewrite whitespace runs to one space. */
const WHITESPACE_RUN_REGEXES = new Set([' {2,}', ' +', '\\s+', '\\s{2,}', '\\s\\s+']);

/** Split pre-tokenizer regexes known to split at a clean cut: GPT-2, cl100k (Llama 3), Qwen2. */
const SPLITTING_REGEXES = new Set([
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
]);

function normalizerSafe(n: unknown): boolean {
  if (n === null || n === undefined) return true;
  if (!isObj(n)) return false;
  switch (n.type) {
    case 'BertNormalizer':
    case 'Lowercase':
    case 'StripAccents':
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
    case 'Strip':
    case 'Prepend':
    case 'Precompiled':
      return true;
    case 'Sequence':
      return Array.isArray(n.normalizers) && n.normalizers.every(normalizerSafe);
    case 'Replace': {
      const p = n.pattern;
      if (!isObj(p)) return false;
      // a literal that contains neither a space nor an ASCII letter/digit cannot touch the boundary's two characters
      if (typeof p.String === 'string') return p.String.length > 0 && !/[ A-Za-z0-9]/.test(p.String);
      return typeof p.Regex === 'string' && WHITESPACE_RUN_REGEXES.has(p.Regex) && n.content === ' ';
    }
    default:
      return false;
  }
}

/** Whether this pre-tokenizer, applied to the whole text, ends a piece at every clean cut. */
function splitsAtCut(p: Json): boolean {
  switch (p.type) {
    case 'BertPreTokenizer':
    case 'Whitespace':
    case 'WhitespaceSplit':
      return true;
    case 'ByteLevel':
      return p.use_regex !== false;
    case 'Split': {
      const pat = p.pattern;
      const behavior = typeof p.behavior === 'string' ? p.behavior.toLowerCase() : 'isolated';
      return isObj(pat) && typeof pat.Regex === 'string' && SPLITTING_REGEXES.has(pat.Regex) && p.invert !== true && behavior === 'isolated';
    }
    default:
      return false;
  }
}

/** Unigram + Metaspace: safe when no piece holds the replacement character past its first position. */
function metaspaceUnigramSafe(pre: Json, model: Json): boolean {
  if (model.type !== 'Unigram' || !Array.isArray(model.vocab)) return false;
  const rep = typeof pre.str_rep === 'string' && pre.str_rep ? pre.str_rep : typeof pre.replacement === 'string' ? pre.replacement : '\u2581';
  if ([...rep].length !== 1 || rep.length !== 1) return false;
  for (const entry of model.vocab as unknown[]) {
    const piece = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof piece !== 'string') return false;
    if (piece.indexOf(rep, 1) !== -1) return false;
  }
  return true;
}

function longestEntry(model: Json): number {
  let max = 1;
  const vocab = model.vocab;
  if (Array.isArray(vocab)) {
    for (const e of vocab) if (Array.isArray(e) && typeof e[0] === 'string') max = Math.max(max, e[0].length);
  } else if (isObj(vocab)) {
    const prefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '';
    for (const k of Object.keys(vocab)) max = Math.max(max, prefix && k.startsWith(prefix) ? k.length - prefix.length : k.length);
  }
  return max;
}

const plans = new WeakMap<object, CutPlan | null>();

/** How to cut texts for this tokenizer, or null when no cut is provably safe (then the whole text is tokenized). */
export function cutPlan(tok: object): CutPlan | null {
  let plan = plans.get(tok);
  if (plan === undefined) {
    plan = analyse(tok as TokenizerInternals);
    plans.set(tok, plan);
  }
  return plan;
}

function analyse(tok: TokenizerInternals): CutPlan | null {
  const json = tok._tokenizerJSON;
  const inner = tok._tokenizer;
  if (!isObj(json) || !inner || !isObj(json.model)) return null;
  const model = json.model;
  if (model.type !== 'WordPiece' && model.type !== 'BPE' && model.type !== 'Unigram') return null;
  if (!normalizerSafe(json.normalizer)) return null;
  const pre = json.pre_tokenizer;
  if (!isObj(pre)) return null;
  const first = pre.type === 'Sequence' ? (Array.isArray(pre.pretokenizers) ? pre.pretokenizers[0] : undefined) : pre;
  if (!isObj(first)) return null;
  if (!splitsAtCut(first) && !(first === pre && pre.type === 'Metaspace' && metaspaceUnigramSafe(pre, model))) return null;
  for (const t of inner.added_tokens ?? []) {
    if (SPANS_BOUNDARY.test(t.content)) return null;
    if (inner.normalizer && SPANS_BOUNDARY.test(inner.normalizer(t.content))) return null;
  }
  return { charsPerToken: longestEntry(model) };
}

/** The first clean cut at or after `from` (text[c - 1] an ASCII letter/digit, text[c] a space), or -1. */
export function cleanCutAtOrAfter(text: string, from: number): number {
  const re = /[A-Za-z0-9] /g;
  re.lastIndex = Math.max(0, from - 1);
  const m = re.exec(text);
  return m ? m.index + 1 : -1;
}
