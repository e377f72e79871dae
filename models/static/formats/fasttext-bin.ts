/**
 * fastText's binary model (.bin), as FastText::loadModel reads it (src/fasttext.cc, args.cc, dictionary.cc,
 * densematrix.cc @ 1142dc4): int32 magic 793712314 and version (<= 12); Args (dim, ws, epoch, minCount, neg,
 * wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate as int32, t as double); the dictionary (int32 size,
 * nwords, nlabels, int64 ntokens, pruneidx_size; per entry a NUL-terminated word, int64 count, int8 type; pruneidx
 * pairs); a quantization flag; the input matrix (int64 rows, cols, float32 data). The output matrix that follows
 * is not needed.
 *
 * Every vocabulary word gets fastText's getWordVector (its own row and its n-gram rows averaged) — what the .vec
 * file written by fastText holds — and the n-gram rows are kept for unknown words. Quantized (.ftz) models are
 * refused.
 */
import { averageRows, EOS, subwordBuckets } from '../fasttext-subwords.js';
import type { SubwordTable } from '../vector-table.js';
import { ChunkReader, openChunks } from './chunk-reader.js';
import { decodeWord, formatError, type ParseContext, type ParseReport } from './sink.js';

export const FASTTEXT_MAGIC = 793712314;
const FASTTEXT_VERSION = 12;
const MODEL_SUP = 3;
/** Rows computed per chunk handed to the sink. */
const CHUNK_ROWS = 4096;

export interface FasttextSink {
  setDim(dim: number): void;
  /** A chunk of whole word-vector rows, in vocabulary order. */
  rows(words: string[], vectors: Float32Array): void;
}

export interface FasttextInfo {
  subwords: SubwordTable;
  args: Record<string, number>;
}

export async function parseFasttextBinary(ctx: ParseContext, sink: FasttextSink): Promise<ParseReport & FasttextInfo> {
  const r = new ChunkReader(openChunks(ctx.file));
  const scratch = Buffer.alloc(8);
  const need = async (n: number, what: string) => {
    const at = r.offset;
    const got = await r.readInto(scratch.subarray(0, n));
    if (got < n) throw formatError(`the file ends while reading ${what}`, ctx, { offset: at }, 'the file may be truncated: download it again');
  };
  const i32 = async (what: string) => (await need(4, what), scratch.readInt32LE(0));
  const i64 = async (what: string) => (await need(8, what), Number(scratch.readBigInt64LE(0)));
  const f64 = async (what: string) => (await need(8, what), scratch.readDoubleLE(0));
  const u8 = async (what: string) => (await need(1, what), scratch[0]!);
  try {
    const magic = await i32('the magic number');
    if (magic !== FASTTEXT_MAGIC) {
      throw formatError(
        `not a fastText binary model (magic ${magic}, expected ${FASTTEXT_MAGIC})`,
        ctx,
        { offset: 0 },
        'a .vec text file needs fasttext:<file>.vec (read as text); a word2vec .bin needs word2vec:<file>',
      );
    }
    const version = await i32('the version');
    if (version > FASTTEXT_VERSION)
      throw formatError(`fastText file format version ${version} is newer than the supported ${FASTTEXT_VERSION}`, ctx, { offset: 4 });
    const names = ['dim', 'ws', 'epoch', 'minCount', 'neg', 'wordNgrams', 'loss', 'model', 'bucket', 'minn', 'maxn', 'lrUpdateRate'];
    const args: Record<string, number> = {};
    for (const n of names) args[n] = await i32(`args.${n}`);
    args.t = await f64('args.t');
    // FastText::loadModel: old supervised models do not use character n-grams
    if (version === 11 && args.model === MODEL_SUP) args.maxn = 0;
    const dim = args.dim!;
    if (dim <= 0) throw formatError(`the model has dim ${dim}`, ctx, { offset: 8 });

    const size = await i32('the dictionary size');
    const nwords = await i32('the dictionary word count');
    await i32('the dictionary label count');
    await i64('the token count');
    const pruneidxSize = await i64('the prune index size');
    const words: string[] = [];
    const wordBytes: Uint8Array[] = [];
    for (let i = 0; i < size; i++) {
      const at = r.offset;
      const raw = await r.readUntil(0);
      if (raw === undefined) throw formatError(`the file ends inside the dictionary (entry ${i + 1} of ${size})`, ctx, { offset: at });
      await i64('a word count');
      const type = await u8('an entry type');
      if (i < nwords) {
        if (type !== 0) throw formatError(`dictionary entry ${i + 1} is a label among the first ${nwords} words`, ctx, { offset: at });
        wordBytes.push(Uint8Array.from(raw));
        words.push(decodeWord(raw, ctx, { offset: at }));
      }
    }
    if (pruneidxSize > 0) await r.skip(pruneidxSize * 8);
    const quant = await u8('the quantization flag');
    if (quant) {
      throw formatError(
        'quantized fastText models (.ftz) are not supported',
        ctx,
        { offset: r.offset - 1 },
        'use the full .bin model or its .vec file',
      );
    }
    if (pruneidxSize >= 0)
      throw formatError('the dictionary is pruned but the input matrix is not quantized (an invalid model, refused by fastText too)', ctx, {});
    const m = await i64('the input matrix rows');
    const n = await i64('the input matrix columns');
    if (n !== dim) throw formatError(`the input matrix has ${n} columns but the model's dim is ${dim}`, ctx, { offset: r.offset - 8 });
    const bucket = args.bucket!;
    const subwordsUsed = args.maxn! > 0 && bucket > 0;
    // FastText::createInputMatrix: nwords + bucket rows
    if (m !== nwords + bucket) {
      throw formatError(`the input matrix has ${m} rows, expected nwords ${nwords} + bucket ${bucket}`, ctx, { offset: r.offset - 16 });
    }
    sink.setDim(dim);
    const readRows = async (count: number, what: string) => {
      const out = new Float32Array(count * dim);
      const at = r.offset;
      const got = await r.readInto(new Uint8Array(out.buffer));
      if (got < out.byteLength)
        throw formatError(
          `the file ends inside ${what} (${got} of ${out.byteLength} bytes)`,
          ctx,
          { offset: at },
          'the file may be truncated: download it again',
        );
      return out;
    };
    const wordRows = await readRows(nwords, 'the word rows of the input matrix');
    const bucketRows = m > nwords ? await readRows(m - nwords, 'the n-gram rows of the input matrix') : new Float32Array(0);

    const minn = args.minn!;
    const maxn = subwordsUsed ? args.maxn! : 0;
    const vec = new Float32Array(dim);
    for (let start = 0; start < nwords; start += CHUNK_ROWS) {
      const end = Math.min(nwords, start + CHUNK_ROWS);
      const out = new Float32Array((end - start) * dim);
      for (let i = start; i < end; i++) {
        const buckets = words[i] === EOS ? [] : subwordBuckets(wordBytes[i]!, minn, maxn, bucket);
        averageRows(vec, wordRows.subarray(i * dim, (i + 1) * dim), buckets, bucketRows, dim);
        out.set(vec, (i - start) * dim);
      }
      sink.rows(words.slice(start, end), out);
    }
    return {
      format: 'fastText binary',
      rows: nwords,
      skipped: 0,
      headerCount: nwords,
      subwords: { minn, maxn, bucket: maxn > 0 ? bucket : 0, rows: maxn > 0 ? bucketRows : new Float32Array(0) },
      args,
    };
  } finally {
    await r.close();
  }
}
