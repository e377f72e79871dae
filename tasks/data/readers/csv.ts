import { DatasetError } from '../../../core/errors.js';
import type { ReadOptions } from './read-options.js';
import { readText } from './text.js';

/**
 * CSV/TSV as the `datasets` csv builder (pandas.read_csv) gives them: a header row, RFC 4180 quoting,
 * columns whose every value is an integer (or number) become numbers, empty fields become null.
 */
export async function readCsv(file: string, opts: ReadOptions = {}): Promise<Record<string, unknown>[]> {
  const delimiter = /\.tsv(\.gz|\.zst)?$/i.test(file) ? '\t' : ',';
  return parseDelimited(await readText(file, opts), delimiter, file);
}

export function parseDelimited(text: string, delimiter: string, file: string): Record<string, unknown>[] {
  const records = splitRecords(text, delimiter, file);
  const header = records.shift();
  if (!header) return [];
  const cols = header.map((h) => h.value);
  const width = cols.length;
  const raw: (string | null)[][] = records
    .map((r, i) => {
      if (r.length !== width && !(r.length === 1 && r[0]!.value === '')) {
        throw new DatasetError(`expected ${width} fields, found ${r.length}`, { file, row: i });
      }
      return r.map((f) => (f.value === '' && !f.quoted ? null : f.value));
    })
    .filter((r) => r.length === width);
  const kinds = cols.map((_, j) => columnKind(raw.map((r) => r[j] ?? null)));
  return raw.map((r) => Object.fromEntries(cols.map((c, j) => [c, convert(r[j] ?? null, kinds[j]!)])));
}

type Kind = 'int' | 'float' | 'string';
function columnKind(values: (string | null)[]): Kind {
  let kind: Kind = 'int';
  let seen = false;
  for (const v of values) {
    if (v === null) continue;
    seen = true;
    if (kind === 'int' && !/^[+-]?\d+$/.test(v.trim())) kind = 'float';
    if (kind === 'float' && (v.trim() === '' || Number.isNaN(Number(v)))) return 'string';
  }
  return seen ? kind : 'string';
}

function convert(v: string | null, kind: Kind): unknown {
  if (v === null) return null;
  return kind === 'string' ? v : Number(v);
}

interface Field {
  value: string;
  quoted: boolean;
}

function splitRecords(text: string, d: string, file: string): Field[][] {
  const out: Field[][] = [];
  let rec: Field[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    if (i === n) {
      if (rec.length) out.push(rec);
      break;
    }
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new DatasetError('unterminated quoted field', { file, row: Math.max(0, out.length - 1) });
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    // Unquoted part (or trailing junk after a closing quote, kept as pandas does).
    let j = i;
    while (j < n && text[j] !== d && text[j] !== '\n' && text[j] !== '\r') j++;
    value += text.slice(i, j);
    rec.push({ value, quoted });
    i = j;
    if (i >= n) {
      out.push(rec);
      break;
    }
    if (text[i] === d) {
      i++;
      if (i === n) {
        rec.push({ value: '', quoted: false });
        out.push(rec);
        break;
      }
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    // pandas skips blank lines.
    if (!(rec.length === 1 && rec[0]!.value === '' && !rec[0]!.quoted)) out.push(rec);
    rec = [];
  }
  return out;
}
