/**
 * Text vector files: GloVe (no header), word2vec text and fastText .vec (a "count dim" header line), plain or .gz.
 * Read as sentence-transformers' WordEmbeddings.from_text_file reads them: each line is rstrip()-ed and split on
 * single spaces, the first field is the word, the rest are its values; a first line of exactly two fields is a
 * header. Where sentence-transformers skips a line with the wrong number of values (with a logged error), we fail
 * naming the file and line, unless badLines=skip. A file that ends before the count its header announces fails.
 */
import { ChunkReader, openChunks } from './chunk-reader.js';
import { decodeWord, formatError, type ParseContext, type ParseReport, type RowSink } from './sink.js';

const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x1f);

/** Python float() for the strings vector files hold (decimal and exponent forms); NaN when invalid or non-finite. */
function parseValue(f: string): number {
  if (!f.length) return NaN;
  // Number() accepts hex/octal/binary literals, which Python's float() does not
  if (f.length > 1 && f.charCodeAt(0) === 0x30) {
    const c = f.charCodeAt(1) | 0x20;
    if (c === 0x78 || c === 0x6f || c === 0x62) return NaN;
  }
  const v = Number(f);
  return Number.isFinite(v) ? v : NaN;
}

export async function parseTextVectors(ctx: ParseContext, sink: RowSink): Promise<ParseReport> {
  const reader = new ChunkReader(openChunks(ctx.file));
  let lineNo = 0;
  let dim = -1;
  let header: { count: number; dim: number } | undefined;
  let rows = 0;
  let skipped = 0;
  let values = new Float32Array(0);
  const skip = ctx.badLines === 'skip';
  const hint = 'pass ?bad_lines=skip to skip such lines as sentence-transformers does';
  try {
    lines: for (;;) {
      const line = await reader.readUntil(0x0a);
      if (line === undefined) break;
      lineNo++;
      let end = line.length;
      while (end > 0 && isSpace(line[end - 1]!)) end--;
      if (end === 0) continue; // blank line: sentence-transformers skips it too (0 values)
      const sp = line.indexOf(0x20);
      const wordEnd = sp < 0 || sp > end ? end : sp;
      const rest = wordEnd < end ? line.toString('latin1', wordEnd + 1, end) : '';
      const fields = wordEnd < end ? rest.split(' ') : [];
      if (lineNo === 1 && fields.length === 1 && /^\d+$/.test(fields[0]!) && /^\d+$/.test(line.toString('latin1', 0, wordEnd))) {
        header = { count: Number(line.toString('latin1', 0, wordEnd)), dim: Number(fields[0]) };
        if (header.dim <= 0)
          throw formatError(`the header "${line.toString('latin1', 0, end)}" announces ${header.dim} dimensions`, ctx, { line: lineNo });
        dim = header.dim;
        sink.setDim(dim);
        values = new Float32Array(dim);
        continue;
      }
      if (dim < 0) {
        if (!fields.length) {
          throw formatError(
            'the first line has a word but no values: not a text vector file (space-separated "word v1 v2 ...")',
            ctx,
            { line: lineNo },
            'a binary word2vec file needs word2vec:<file>.bin; fastText .bin files are read by fasttext:<file>.bin',
          );
        }
        dim = fields.length;
        sink.setDim(dim);
        values = new Float32Array(dim);
      }
      if (fields.length !== dim) {
        if (skip) {
          skipped++;
          continue;
        }
        throw formatError(
          `the line has ${fields.length} values, expected ${dim} (${header ? 'from the header' : 'from the first line'})`,
          ctx,
          { line: lineNo },
          hint,
        );
      }
      for (let d = 0; d < dim; d++) {
        const v = parseValue(fields[d]!);
        if (Number.isNaN(v)) {
          if (skip) {
            skipped++;
            continue lines;
          }
          throw formatError(`value ${d + 1} ("${fields[d]!.slice(0, 40)}") is not a finite number`, ctx, { line: lineNo }, hint);
        }
        values[d] = v;
      }
      const word = decodeWord(line.subarray(0, wordEnd), ctx, { line: lineNo });
      rows++;
      if (!sink.row(word, values)) break;
    }
  } finally {
    await reader.close();
  }
  if (dim < 0) throw formatError('the file holds no vectors', ctx, {});
  if (header && rows + skipped < header.count && !(ctx.maxVocab && rows >= ctx.maxVocab)) {
    throw formatError(
      `the file ends after ${rows + skipped} vectors but its header announces ${header.count}`,
      ctx,
      { line: lineNo },
      'the file may be truncated: download it again',
    );
  }
  return { format: header ? 'text with header' : 'text', rows, skipped, headerCount: header?.count };
}
