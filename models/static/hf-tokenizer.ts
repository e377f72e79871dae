/**
 * A `tokenizer.json` (Hugging Face tokenizers) for static models: token ids without special tokens, as
 * `Tokenizer.encode_batch(texts, add_special_tokens=False)` gives them, through transformers.js' tokenizer
 * pipeline (normalizer, pre-tokenizer, model). Two things transformers.js leaves out are done here:
 *   - a `WordLevel` model (word-level model2vec vocabularies) is run as a WordPiece model whose continuation
 *     prefix can never match, which is the same thing: a whole pre-token is its id, or the unknown token;
 *   - the `truncation` section of tokenizer.json is applied (tokenizers applies it in encode; transformers.js does
 *     not).
 */
import { readFileSync } from 'node:fs';
import { ModelError } from '../../core/errors.js';

interface TokenizerJson {
  model: {
    type?: string;
    vocab?: Record<string, number> | [string, number][];
    unk_token?: string;
    unk_id?: number | null;
    continuing_subword_prefix?: string;
  };
  added_tokens?: { id: number; content: string }[];
  truncation?: { max_length?: number; direction?: string } | null;
  [k: string]: unknown;
}

interface EncodingTokenizer {
  encode(text: string, opts?: { add_special_tokens?: boolean }): number[];
}

export class StaticTokenizer {
  /** Token strings by id (vocabulary plus added tokens), as tokenizer.get_vocab() sorted by id. */
  readonly tokens: string[];
  readonly unkId?: number;
  private readonly maxLength?: number;
  private readonly truncateLeft: boolean;

  private constructor(
    private readonly tok: EncodingTokenizer,
    json: TokenizerJson,
  ) {
    const vocab = new Map<number, string>();
    const v = json.model.vocab;
    if (Array.isArray(v)) v.forEach(([piece], i) => vocab.set(i, piece));
    else if (v) for (const [piece, id] of Object.entries(v)) vocab.set(id, piece);
    for (const a of json.added_tokens ?? []) vocab.set(a.id, a.content);
    this.tokens = [...vocab.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    // model2vec: self.tokenizer.model.unk_token -> its id in get_vocab()
    if (Array.isArray(v)) this.unkId = json.model.unk_id ?? undefined;
    else if (json.model.unk_token !== undefined && v)
      this.unkId = v[json.model.unk_token] ?? json.added_tokens?.find((a) => a.content === json.model.unk_token)?.id;
    this.maxLength = json.truncation?.max_length ?? undefined;
    this.truncateLeft = json.truncation?.direction === 'Left';
  }

  static async load(file: string, model: string): Promise<StaticTokenizer> {
    let json: TokenizerJson;
    try {
      json = JSON.parse(readFileSync(file, 'utf8')) as TokenizerJson;
    } catch (e) {
      throw new ModelError(`cannot read tokenizer.json: ${(e as Error).message}`, { model, file });
    }
    if (!json.model) throw new ModelError('tokenizer.json has no "model" section', { model, file });
    const forTf = structuredClone(json);
    if (json.model.type === 'WordLevel') {
      forTf.model = {
        type: 'WordPiece',
        vocab: json.model.vocab,
        unk_token: json.model.unk_token,
        continuing_subword_prefix: '\u0000\u0000',
        max_input_chars_per_word: Number.MAX_SAFE_INTEGER,
      } as TokenizerJson['model'];
    }
    forTf.added_tokens ??= [];
    const { PreTrainedTokenizer } = await import('@huggingface/transformers');
    let tok: EncodingTokenizer;
    try {
      tok = new PreTrainedTokenizer(forTf, {}) as unknown as EncodingTokenizer;
    } catch (e) {
      throw new ModelError(`unsupported tokenizer.json: ${(e as Error).message}`, { model, file });
    }
    return new StaticTokenizer(tok, json);
  }

  /** Ids of one text without special tokens, after tokenizer.json's own truncation. */
  encode(text: string): number[] {
    const ids = this.tok.encode(text, { add_special_tokens: false });
    if (this.maxLength !== undefined && ids.length > this.maxLength)
      return this.truncateLeft ? ids.slice(ids.length - this.maxLength) : ids.slice(0, this.maxLength);
    return ids;
  }
}
