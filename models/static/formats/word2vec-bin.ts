/**
 * The binary word2vec format (word2vec.c's -binary 1, gensim's save_word2vec_format(binary=True)), plain or .gz,
 * read as gensim's KeyedVectors.load_word2vec_format(binary=True) reads it (gensim/models/keyedvectors.py,
 * _word2vec_read_binary): a text header "count dim\n", then per word its UTF-8 bytes up to a space (leading "\n"
 * stripped: writers put one after each vector) and dim little-endian float32 values. A file that ends before
 * `count` words fails, naming the byte offset.
 */
import { ChunkReader, openChunks } from './chunk-reader.js';
import { decodeWord, formatError, type ParseContext, type ParseReport, type RowSink } from './sink.js';

export async function parseWord2vecBinary(ctx: ParseContext, sink: RowSink): Promise<ParseReport> {
  const reader = new ChunkReader(openChunks(ctx.file));
  try {
    const head = await reader.readUntil(0x0a);
    const text = head?.toString('latin1').trim() ?? '';
    const m = /^(\d+)\s+(\d+)$/.exec(text);
    if (!m) {
      throw formatError(
        `the first line "${text.slice(0, 60)}" is not a word2vec header "<count> <dim>"`,
        ctx,
        { line: 1 },
        'a GloVe or headerless text file needs glove:<file>; a fastText .bin needs fasttext:<file>',
      );
    }
    const count = Number(m[1]);
    const dim = Number(m[2]);
    if (dim <= 0) throw formatError(`the header announces ${dim} dimensions`, ctx, { line: 1 });
    sink.setDim(dim);
    const limit = ctx.maxVocab ? Math.min(count, ctx.maxVocab) : count;
    const values = new Float32Array(dim);
    const bytes = new Uint8Array(values.buffer);
    let rows = 0;
    while (rows < limit) {
      const at = reader.offset;
      let word = await reader.readUntil(0x20);
      if (word === undefined) break;
      let s = 0;
      while (s < word.length && word[s] === 0x0a) s++;
      word = word.subarray(s);
      const got = await reader.readInto(bytes);
      if (got < bytes.length) {
        throw formatError(
          `the file ends inside the vector of word ${rows + 1} (${got} of ${bytes.length} bytes)`,
          ctx,
          { offset: at },
          'the file may be truncated: download it again',
        );
      }
      for (let d = 0; d < dim; d++) {
        if (!Number.isFinite(values[d]!)) throw formatError(`value ${d + 1} of word ${rows + 1} is not finite`, ctx, { offset: at });
      }
      rows++;
      if (!sink.row(decodeWord(word, ctx, { offset: at }), values)) break;
    }
    if (rows < limit) {
      throw formatError(
        `the file ends after ${rows} vectors but its header announces ${count}`,
        ctx,
        { offset: reader.offset },
        'the file may be truncated, or it is a text file: use ?binary=0',
      );
    }
    return { format: 'word2vec binary', rows, skipped: 0, headerCount: count };
  } finally {
    await reader.close();
  }
}
