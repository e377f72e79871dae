import { isUtf8 } from 'node:buffer';

/** Where bytes are not valid UTF-8, which decoding silently turns into U+FFFD. */
export interface InvalidUtf8 {
  /** 1-based line of the first bad byte sequence. */
  line: number;
  /** How many lines have one. */
  lines: number;
}

/** The lines of `bytes` that are not valid UTF-8, or undefined when all are (one native pass in the common case). */
export function findInvalidUtf8(bytes: Uint8Array): InvalidUtf8 | undefined {
  if (isUtf8(bytes)) return undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = 0;
  let lines = 0;
  let lineNo = 1;
  for (let start = 0; start <= buf.length; lineNo++) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    if (!isUtf8(buf.subarray(start, nl))) {
      lines++;
      line ||= lineNo;
    }
    start = nl + 1;
  }
  return { line, lines };
}

/** The warning for a file whose bytes were replaced ("row" is the 0-based data row of that line, when known). */
export function invalidUtf8Warning(file: string, bad: InvalidUtf8, row?: number): string {
  const more = bad.lines > 1 ? ` and ${bad.lines - 1} more line${bad.lines > 2 ? 's' : ''}` : '';
  return `invalid UTF-8 in ${file} on line ${bad.line}${row === undefined ? '' : ` (row ${row})`}${more}: the bad bytes were replaced with U+FFFD, so those texts differ from the source; fix the file's encoding`;
}
