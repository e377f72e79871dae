/**
 * Loads a static vector file through its packed cache: the first use streams the file through its parser into
 * `<cache root>/static-vectors/<name>-<key>.mtebwv`; later uses read that file back with a few large reads. The key
 * covers the file's absolute path, size and modification time and every parse option, so an edited file or other
 * options parse again.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { mtebCacheRoot } from '../../core/env.js';
import { ModelError } from '../../core/errors.js';
import { openChunks } from './formats/chunk-reader.js';
import { FASTTEXT_MAGIC, parseFasttextBinary } from './formats/fasttext-bin.js';
import type { ParseContext, ParseReport, RowSink } from './formats/sink.js';
import { parseTextVectors } from './formats/text.js';
import { parseWord2vecBinary } from './formats/word2vec-bin.js';
import { PackedWriter, readPacked } from './packed.js';
import { duplicateRule, type VectorTable } from './vector-table.js';

export type VectorFormat = 'text' | 'word2vec-binary' | 'fasttext-binary';

export interface LoadOptions {
  model: string;
  /** Cache root (the packed file goes to <root>/static-vectors); default $MTEB_TS_CACHE or ~/.cache/mteb-ts. */
  cacheRoot?: string;
  maxVocab?: number;
  badLines?: 'error' | 'skip';
}

export interface LoadedVectors {
  table: VectorTable;
  format: VectorFormat;
  file: string;
  /** The packed cache file. */
  packed: string;
  /** Seconds spent: parsing (0 when the cache was used) and reading the packed file. */
  parseSeconds: number;
  loadSeconds: number;
  /** Identity of the source file and options (for the embedding cache). */
  key: string;
}

/** Bump when a parser changes what it produces, so old packed files are not reused. */
const PARSER_VERSION = 2;

export function staticCacheRoot(root?: string): string {
  return root ?? mtebCacheRoot();
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const it = openChunks(file);
  const parts: Buffer[] = [];
  let have = 0;
  try {
    while (have < n) {
      const r = await it.next();
      if (r.done) break;
      parts.push(r.value);
      have += r.value.length;
    }
  } finally {
    await it.return?.();
  }
  return Buffer.concat(parts).subarray(0, n);
}

const TEXT_BYTE = new Uint8Array(256);
for (const c of '0123456789+-.eE \t\r\nnaifNAIF') TEXT_BYTE[c.charCodeAt(0)] = 1;

/**
 * word2vec files come in text and binary form: after the header and the first word, a text file continues with
 * printable numbers, a binary file with raw float32 bytes.
 */
export async function sniffWord2vec(file: string): Promise<'text' | 'word2vec-binary'> {
  if (/\.bin(\.gz)?$/i.test(file)) return 'word2vec-binary';
  if (/\.(txt|vec)(\.gz)?$/i.test(file)) return 'text';
  const head = await firstBytes(file, 1 << 16);
  const nl = head.indexOf(0x0a);
  if (nl < 0) return 'text';
  const sp = head.indexOf(0x20, nl + 1);
  if (sp < 0) return 'text';
  const end = Math.min(head.length, sp + 1 + 64);
  for (let i = sp + 1; i < end; i++) if (!TEXT_BYTE[head[i]!]) return 'word2vec-binary';
  return 'text';
}

export async function isFasttextBinary(file: string): Promise<boolean> {
  const head = await firstBytes(file, 4);
  return head.length === 4 && head.readInt32LE(0) === FASTTEXT_MAGIC;
}

export async function loadVectors(fileArg: string, format: VectorFormat, opts: LoadOptions): Promise<LoadedVectors> {
  const file = resolve(fileArg.startsWith('~') ? join(homedir(), fileArg.slice(1)) : fileArg);
  if (!existsSync(file)) throw new ModelError('the vector file does not exist', { model: opts.model, file });
  const st = statSync(file);
  if (!st.isFile()) throw new ModelError('the vector path is not a file', { model: opts.model, file });
  const key = createHash('sha256')
    .update(JSON.stringify([PARSER_VERSION, file, st.size, st.mtimeMs, format, opts.maxVocab ?? null, opts.badLines ?? 'error']))
    .digest('hex')
    .slice(0, 16);
  const packed = join(
    staticCacheRoot(opts.cacheRoot),
    'static-vectors',
    `${basename(file)
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 60)}-${key}.mtebwv`,
  );
  let t0 = performance.now();
  let table = readPacked(packed);
  let parseSeconds = 0;
  if (!table) {
    await parseInto(format, packed, { file, model: opts.model, maxVocab: opts.maxVocab, badLines: opts.badLines });
    parseSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    table = readPacked(packed);
    if (!table) throw new ModelError('the packed vector cache could not be read back', { model: opts.model, file: packed });
  }
  return { table, format, file, packed, parseSeconds, loadSeconds: (performance.now() - t0) / 1000, key };
}

/** Streams the source file into a packed file (rows buffered in 4096-row chunks). */
async function parseInto(format: VectorFormat, packed: string, ctx: ParseContext): Promise<ParseReport> {
  let writer: PackedWriter | undefined;
  const words: string[] = [];
  try {
    if (format === 'fasttext-binary') {
      const report = await parseFasttextBinary(ctx, {
        setDim: (dim) => (writer = new PackedWriter(packed, dim)),
        rows: (ws, vectors) => {
          writer!.appendRows(vectors);
          words.push(...ws);
        },
      });
      writer!.finish(words, duplicateRule(format), report.subwords.bucket ? report.subwords : undefined);
      return report;
    }
    let dim = 0;
    let chunk = new Float32Array(0);
    let filled = 0;
    const CHUNK = 4096;
    const flush = () => {
      if (filled) writer!.appendRows(chunk.subarray(0, filled * dim));
      filled = 0;
    };
    const sink: RowSink = {
      setDim(d) {
        dim = d;
        chunk = new Float32Array(CHUNK * d);
        writer = new PackedWriter(packed, d);
      },
      row(word, values) {
        chunk.set(values, filled * dim);
        words.push(word);
        if (++filled === CHUNK) flush();
        return !(ctx.maxVocab && words.length >= ctx.maxVocab);
      },
    };
    const report = format === 'word2vec-binary' ? await parseWord2vecBinary(ctx, sink) : await parseTextVectors(ctx, sink);
    flush();
    writer!.finish(words, duplicateRule(format));
    return report;
  } catch (e) {
    writer?.abort();
    throw e;
  }
}
