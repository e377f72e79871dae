import { type ErrorContext, ModelError } from '../../../core/errors.js';

/** Where a parser puts what it reads: the dimension once, then rows in file order. */
export interface RowSink {
  setDim(dim: number): void;
  /** `values` may be a view the parser reuses: copy it. Returns false to stop reading (vocabulary limit reached). */
  row(word: string, values: Float32Array): boolean;
}

export interface ParseContext {
  file: string;
  model: string;
  /** Keep at most this many words (sentence-transformers' max_vocab_size, gensim's limit). */
  maxVocab?: number;
  /** A text line with the wrong number of values: fail (default) or skip it as sentence-transformers does. */
  badLines?: 'error' | 'skip';
}

export interface ParseReport {
  format: string;
  rows: number;
  /** Lines skipped with badLines=skip. */
  skipped: number;
  /** The count a header announced. */
  headerCount?: number;
}

export function formatError(message: string, ctx: ParseContext, where: Pick<ErrorContext, 'line' | 'offset'>, hint?: string): ModelError {
  return new ModelError(message, { model: ctx.model, file: ctx.file, ...where, ...(hint ? { hint } : {}) });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a word; invalid UTF-8 fails as Python's open(encoding="utf8") and gensim's default do. */
export function decodeWord(bytes: Uint8Array, ctx: ParseContext, where: Pick<ErrorContext, 'line' | 'offset'>): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  let w: string;
  if (ascii) w = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  else {
    try {
      w = strictUtf8.decode(bytes);
    } catch {
      throw formatError('the word is not valid UTF-8', ctx, where, 'vector files are read as UTF-8 (as sentence-transformers and gensim read them)');
    }
  }
  if (w.includes('\0')) throw formatError('the word contains a NUL character', ctx, where);
  return w;
}
