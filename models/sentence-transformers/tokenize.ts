/**
 * Batch tokenization with Hugging Face `tokenizers` truncation semantics.
 *
 * transformers.js (v3) truncates *after* adding special tokens, so a long text loses its final [SEP] / </s>.
 * HF tokenizers (what sentence-transformers uses) truncates the text's own tokens to
 * max_length - num_special_tokens and then adds the special tokens. We do the latter.
 */

import { cleanCutAtOrAfter, cutPlan } from './safe-cut.js';

/** The part of a transformers.js tokenizer we use. */
export interface EncodingTokenizer {
  encode(text: string, opts?: { add_special_tokens?: boolean }): number[];
  pad_token_id?: number | null;
  padding_side?: string;
}

export interface TokenizedBatch {
  /** [batch, seqLen] row-major. */
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batch: number;
  seqLen: number;
  /** Non-padding tokens in the batch. */
  tokens: number;
}

/** How many special tokens the post-processor puts before / after a single sequence (probed once per tokenizer). */
const specialLayout = new WeakMap<EncodingTokenizer, { prefix: number; suffix: number } | null>();

function layoutOf(tok: EncodingTokenizer): { prefix: number; suffix: number } | null {
  let l = specialLayout.get(tok);
  if (l === undefined) {
    l = null;
    const probe = 'a b c';
    const full = tok.encode(probe);
    const body = tok.encode(probe, { add_special_tokens: false });
    for (let p = 0; p <= full.length - body.length; p++) {
      if (body.every((id, k) => full[p + k] === id)) {
        l = { prefix: p, suffix: full.length - body.length - p };
        break;
      }
    }
    specialLayout.set(tok, l);
  }
  return l;
}

/**
 * Token ids of one text, truncated to maxLength the way HF tokenizers does for a single sequence. A text far longer
 * than maxLength tokens can hold is tokenized from a clean-cut prefix (safe-cut.ts) when that provably keeps the
 * same ids; `cut: false` tokenizes the whole text (the reference the tests compare against).
 */
export function encodeTruncated(tok: EncodingTokenizer, text: string, maxLength: number, opts: { cut?: boolean } = {}): number[] {
  const layout = layoutOf(tok);
  // fixed special-token prefix/suffix (BERT, RoBERTa, XLM-R templates): cut the middle, one encode per text
  if (layout && maxLength >= layout.prefix + layout.suffix) {
    const keep = maxLength - layout.prefix - layout.suffix;
    const middle = (full: number[]) => [...full.slice(0, layout.prefix + keep), ...full.slice(full.length - layout.suffix)];
    const plan = opts.cut === false ? null : cutPlan(tok);
    if (plan) {
      // a first guess only: the body count decides, and a prefix that falls short is doubled
      let from = Math.max(1, keep) * plan.charsPerToken;
      while (from < text.length) {
        const c = cleanCutAtOrAfter(text, from);
        if (c < 0) break;
        const ids = tok.encode(text.slice(0, c));
        if (ids.length - layout.prefix - layout.suffix >= keep) return ids.length <= maxLength ? ids : middle(ids);
        from = 2 * c;
      }
    }
    const full = tok.encode(text);
    return full.length <= maxLength ? full : middle(full);
  }
  const full = tok.encode(text);
  if (full.length <= maxLength) return full;
  const body = tok.encode(text, { add_special_tokens: false });
  const nSpecial = full.length - body.length;
  let prefix = -1;
  for (let p = 0; p <= nSpecial && prefix < 0; p++) {
    let same = true;
    for (let k = 0; k < body.length && same; k++) same = full[p + k] === body[k];
    if (same) prefix = p;
  }
  if (prefix < 0) return full.slice(0, maxLength); // the post-processor rewrote tokens: fall back to a plain cut
  const keep = Math.max(0, maxLength - nSpecial);
  return [...full.slice(0, prefix), ...body.slice(0, keep), ...full.slice(prefix + body.length)];
}

/** Pads a list of token id rows to the longest one (per-batch padding, as ST's padding=True). */
export function padBatch(rows: readonly number[][], padId: number, left = false): TokenizedBatch {
  const batch = rows.length;
  const seqLen = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const inputIds = new BigInt64Array(batch * seqLen).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batch * seqLen);
  let tokens = 0;
  rows.forEach((r, i) => {
    const off = i * seqLen + (left ? seqLen - r.length : 0);
    for (let k = 0; k < r.length; k++) {
      inputIds[off + k] = BigInt(r[k]!);
      attentionMask[off + k] = 1n;
    }
    tokens += r.length;
  });
  return { inputIds, attentionMask, batch, seqLen, tokens };
}

/**
 * `appendEos`: the EOS id to add after each text, for tokenizers whose tokenizer_config.json sets
 * `add_eos_token: true` (HF rebuilds the post-processor as `$A <eos>`, e.g. Llama/Mistral/Qwen2 tokenizers as
 * mteb loads gte-Qwen2 and e5-mistral); transformers.js reads the flag but does not apply it. The text is
 * truncated to maxLength - 1 tokens first, so the EOS survives truncation as it does in HF.
 */
export function tokenizeBatch(tok: EncodingTokenizer, texts: readonly string[], maxLength: number, appendEos?: number): TokenizedBatch {
  const rows =
    appendEos === undefined
      ? texts.map((t) => encodeTruncated(tok, t, maxLength))
      : texts.map((t) => [...encodeTruncated(tok, t, maxLength - 1), appendEos]);
  return padBatch(rows, tok.pad_token_id ?? 0, tok.padding_side === 'left');
}

/**
 * The EOS id to append for a tokenizer config with `add_eos_token: true`, or undefined when the flag is off or
 * the tokenizer's own post-processor already ends every sequence with EOS (e.g. Qwen3-Embedding's template).
 */
export function eosToAppend(tok: EncodingTokenizer & { eos_token_id?: number | null }, addEosToken: unknown): number | undefined {
  if (addEosToken !== true) return undefined;
  const eos = tok.eos_token_id;
  if (eos === undefined || eos === null) throw new RangeError('tokenizer_config.json sets add_eos_token but names no eos_token');
  const probe = tok.encode('a');
  return probe[probe.length - 1] === eos ? undefined : eos;
}
