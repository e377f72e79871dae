/**
 * `word2vec:<file>`, `fasttext:<file>`, `glove:<file>`: static word vectors averaged the way sentence-transformers'
 * WordEmbeddings + Pooling(mean) pipeline does it (sentence_transformers/models/WordEmbeddings.py, Pooling.py):
 * WhitespaceTokenizer ids, token vectors averaged over the kept tokens, zero vector when none is kept; L2
 * normalization only when asked (the average_word_embeddings_* models have no Normalize module).
 *
 * Options after the file, `?key=value&...`:
 *   lowercase=1          WhitespaceTokenizer(do_lower_case=True)
 *   stop_words=english   (default, ST's ENGLISH_STOP_WORDS) | none | <file with one word per line>
 *   max_vocab=N          keep the first N words (from_text_file's max_vocab_size, gensim's limit)
 *   bad_lines=skip       skip text lines with the wrong number of values, as ST does (default: fail naming the line)
 *   binary=1|0           word2vec: force the binary / text reader (default: by extension, else by content)
 *   normalize=1          L2-normalize the sentence vectors
 * fastText .bin models give a word that is not in the vocabulary the vector fastText computes from its character
 * n-grams (see fasttext-subwords.ts); such a token is looked up in its punctuation-stripped form.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EncodeContext, Encoder } from '../../core/encoder.js';
import { ConfigError, ModelError } from '../../core/errors.js';
import { splitSpec } from '../api-encoder.js';
import type { ModelOptions } from '../options.js';
import { normalizeRows } from '../pooling.js';
import { type PromptMap, parsePromptsOption, resolvePrompt } from '../prompts.js';
import { oovVector } from './fasttext-subwords.js';
import { isFasttextBinary, type LoadedVectors, loadVectors, sniffWord2vec, type VectorFormat } from './load.js';
import { WhitespaceTokenizer } from './whitespace-tokenizer.js';

export type WordVectorScheme = 'word2vec' | 'fasttext' | 'glove';

/** sentence-transformers' from_text_file puts this zero-vector word at index 0 of every vocabulary. */
const PADDING_TOKEN = 'PADDING_TOKEN';
const KNOWN_OPTIONS = ['lowercase', 'stop_words', 'max_vocab', 'bad_lines', 'binary', 'normalize'];

function flag(q: URLSearchParams, key: string): boolean | undefined {
  const v = q.get(key);
  if (v === null) return undefined;
  if (['1', 'true', 'yes', ''].includes(v.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(v.toLowerCase())) return false;
  throw new ConfigError(`model option ${key} must be 1 or 0, got "${v}"`);
}

function stopWordsOption(v: string | null, model: string): ReadonlySet<string> | undefined {
  if (v === null || v === 'english') return undefined;
  if (v === 'none') return new Set();
  try {
    return new Set(
      readFileSync(v, 'utf8')
        .split(/\r?\n/)
        .filter((w) => w.length),
    );
  } catch (e) {
    throw new ConfigError(`cannot read the stop-word file: ${(e as Error).message}`, {
      model,
      file: v,
      hint: 'stop_words=english | none | <file with one word per line>',
    });
  }
}

async function detectFormat(scheme: WordVectorScheme, file: string, binary: boolean | undefined, model: string): Promise<VectorFormat> {
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) throw new ModelError('the vector file does not exist', { model, file });
  if (scheme === 'glove') return 'text';
  if (scheme === 'fasttext') return (await isFasttextBinary(file)) ? 'fasttext-binary' : 'text';
  if (binary !== undefined) return binary ? 'word2vec-binary' : 'text';
  return sniffWord2vec(file);
}

export async function createWordEmbeddings(scheme: WordVectorScheme, spec: string, opts: ModelOptions): Promise<Encoder> {
  const { name: file, query } = splitSpec(spec);
  const modelId = `${scheme}:${spec}`;
  if (!file.trim())
    throw new ConfigError(
      `${scheme}: needs a vector file, e.g. ${scheme}:./vectors.${scheme === 'glove' ? 'txt' : scheme === 'fasttext' ? 'bin' : 'bin'}`,
      { model: modelId },
    );
  for (const k of query.keys()) {
    if (!KNOWN_OPTIONS.includes(k))
      throw new ConfigError(`unknown model option "${k}"`, { model: modelId, hint: `options: ${KNOWN_OPTIONS.join(', ')}` });
  }
  const maxVocabRaw = query.get('max_vocab');
  const maxVocab = maxVocabRaw === null ? undefined : Number(maxVocabRaw);
  if (maxVocab !== undefined && !(Number.isInteger(maxVocab) && maxVocab > 0))
    throw new ConfigError(`max_vocab must be a positive integer, got "${maxVocabRaw}"`, { model: modelId });
  const badLines = query.get('bad_lines') ?? 'error';
  if (badLines !== 'error' && badLines !== 'skip') throw new ConfigError(`bad_lines must be error or skip, got "${badLines}"`, { model: modelId });
  const tokenizer = new WhitespaceTokenizer({
    doLowerCase: flag(query, 'lowercase') ?? false,
    stopWords: stopWordsOption(query.get('stop_words'), modelId),
  });
  const normalize = flag(query, 'normalize') ?? (opts.normalize as boolean | undefined) ?? false;
  let prompts: PromptMap = {};
  if (opts.prompts !== undefined) prompts = parsePromptsOption(opts.prompts, (p) => readFileSync(p, 'utf8'));

  const format = await detectFormat(scheme, file, flag(query, 'binary'), modelId);
  const loaded = await loadVectors(file, format, { model: modelId, cacheRoot: opts.cacheDir, maxVocab, badLines });
  // duplicated words: the packed table resolved them by the format's rule (vector-table.ts duplicateRule)
  return new WordEmbeddingsEncoder(scheme, loaded, tokenizer, normalize, prompts, query.get('stop_words') ?? 'english');
}

export class WordEmbeddingsEncoder implements Encoder {
  readonly name: string;
  readonly similarity = 'cosine' as const;
  readonly meta: Encoder['meta'];
  readonly cacheIdentity: string;
  private readonly dim: number;
  /** Vectors of unknown words computed from fastText n-grams (bounded: cleared when large). */
  private readonly oovCache = new Map<string, Float32Array | null>();

  constructor(
    scheme: WordVectorScheme,
    readonly loaded: LoadedVectors,
    readonly tokenizer: WhitespaceTokenizer,
    readonly normalize: boolean,
    private readonly prompts: PromptMap,
    stopWordsName: string,
  ) {
    const t = loaded.table;
    this.dim = t.dim;
    this.name = `${scheme}/${basename(loaded.file)}`;
    this.cacheIdentity = [
      `file=${loaded.key}`,
      `lower=${tokenizer.doLowerCase}`,
      `stop=${stopWordsName}`,
      `norm=${normalize}`,
      'st-whitespace-v1',
    ].join(';');
    this.meta = {
      name: this.name,
      embedDim: t.dim,
      similarity: 'cosine',
      framework: ['mteb-ts'],
      prompts,
      extra: {
        file: loaded.file,
        format: loaded.format,
        vocabulary: t.size,
        subwords: t.subwords ? { minn: t.subwords.minn, maxn: t.subwords.maxn, bucket: t.subwords.bucket } : null,
        tokenizer: `sentence-transformers WhitespaceTokenizer (do_lower_case=${tokenizer.doLowerCase}, stop_words=${stopWordsName})`,
        pooling: 'mean',
        normalize,
      },
    };
  }

  resolvePrompt(ctx: EncodeContext): string | undefined {
    return resolvePrompt(this.prompts, ctx.task.name, ctx.task.type, ctx.promptType).text || undefined;
  }

  private known = (w: string): boolean => this.loaded.table.lookup(w) !== undefined || w === PADDING_TOKEN;

  private oov(word: string): Float32Array | undefined {
    const sub = this.loaded.table.subwords;
    if (!sub) return undefined;
    let v = this.oovCache.get(word);
    if (v === undefined) {
      if (this.oovCache.size > 100_000) this.oovCache.clear();
      v = oovVector(word, sub, this.dim) ?? null;
      this.oovCache.set(word, v);
    }
    return v ?? undefined;
  }

  /** The sentence vector of one text into out (length dim). */
  embedInto(text: string, out: Float32Array, acc: Float64Array): void {
    const { vectors, ensure } = this.loaded.table;
    const dim = this.dim;
    acc.fill(0);
    let n = 0;
    for (const tok of this.tokenizer.tokenize(text, this.known)) {
      if (tok.kept !== undefined) {
        const row = this.loaded.table.lookup(tok.kept);
        n++; // PADDING_TOKEN (absent from the file) counts with a zero vector, as in sentence-transformers
        if (row === undefined) continue;
        ensure?.(row);
        const off = row * dim;
        for (let d = 0; d < dim; d++) acc[d]! += vectors[off + d]!;
      } else if (tok.unknown !== undefined) {
        const v = this.oov(tok.unknown);
        if (!v) continue;
        n++;
        for (let d = 0; d < dim; d++) acc[d]! += v[d]!;
      }
    }
    // Pooling(mean): sum / max(count, 1e-9): no token -> zero vector
    if (n) for (let d = 0; d < dim; d++) out[d] = acc[d]! / n;
    else out.fill(0);
  }

  async encode(texts: readonly string[], ctx: EncodeContext): Promise<{ rows: number; cols: number; data: Float32Array }> {
    const prompt = this.resolvePrompt(ctx) ?? '';
    const dim = this.dim;
    const data = new Float32Array(texts.length * dim);
    const acc = new Float64Array(dim);
    texts.forEach((t, i) => this.embedInto(prompt + t, data.subarray(i * dim, (i + 1) * dim), acc));
    if (this.normalize) normalizeRows(data, dim);
    return { rows: texts.length, cols: dim, data };
  }
}
