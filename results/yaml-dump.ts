/**
 * `yaml.dump(value)` as PyYAML 6 writes it with its defaults (block style, keys sorted, indent 2, width 80,
 * allow_unicode=False), for JSON-like values: what mteb's create_meta writes into a model card
 * (mteb/create_meta.py, mteb 1.x). Reproduced: the YAML 1.1 implicit-type check that quotes strings such as 'yes',
 * '123' or '2024-09-21'; plain / single-quoted / double-quoted style choice (PyYAML's analyze_scalar); float repr
 * (`10.0`, `1.0e-05`, `.nan`; JS numbers are written as Python floats, bigints as ints); indentless sequences; folding of long plain and single-quoted scalars at width 80.
 */

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** A plain scalar with this text would load as something other than a string (SafeResolver's implicit resolvers). */
function resolvesToOtherType(s: string): boolean {
  return BOOL.test(s) || FLOAT.test(s) || INT.test(s) || NULL.test(s) || TIMESTAMP.test(s) || s === '<<' || s === '=';
}

/** Python's `repr(float)` (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const decpt = Number(exp) + 1;
  if (decpt <= -4 || decpt > 16) {
    const e = decpt - 1;
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** PyYAML's represent_float. */
function yamlFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Number.POSITIVE_INFINITY) return '.inf';
  if (x === Number.NEGATIVE_INFINITY) return '-.inf';
  const v = pythonFloatRepr(x).toLowerCase();
  return !v.includes('.') && v.includes('e') ? v.replace('e', '.0e') : v;
}

interface Analysis {
  plain: boolean;
  single: boolean;
  multiline: boolean;
}

/** PyYAML's Emitter.analyze_scalar, reduced to the block-context decisions. */
function analyze(s: string): Analysis {
  if (!s) return { plain: false, single: true, multiline: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let spaceBreak = false;
  let breakSpace = false;
  let previousSpace = false;
  let previousBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || ' \t\r\n\x85\u2028\u2029'.includes(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    const isBreak = '\n\x85\u2028\u2029'.includes(ch);
    if (isBreak) lineBreaks = true;
    const code = ch.codePointAt(0)!;
    // allow_unicode=False: anything but a line feed and printable ASCII makes the scalar "special" (double-quoted).
    if (!(ch === '\n' || (code >= 0x20 && code <= 0x7e))) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ' \t\r\n\x85\u2028\u2029'.includes(ch);
  }
  let plain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (breakSpace || spaceBreak || special) plain = single = false;
  if (lineBreaks) plain = false;
  if (blockIndicators) plain = false;
  return { plain, single, multiline: lineBreaks };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

const WIDTH = 80;

/** PyYAML's write_double_quoted: escapes, and folding with a trailing backslash once the column passes 80. */
function doubleQuoted(text: string, column: number, indent: number): string {
  const chars = [...text];
  let out = '"';
  let col = column + 1;
  let start = 0;
  for (let end = 0; end <= chars.length; end++) {
    const ch = chars[end];
    const code = ch?.codePointAt(0) ?? 0;
    if (
      ch === undefined ||
      ch === '"' ||
      ch === '\\' ||
      ch === '\x85' ||
      ch === '\u2028' ||
      ch === '\u2029' ||
      ch === '\ufeff' ||
      !(code >= 0x20 && code <= 0x7e)
    ) {
      if (start < end) {
        const data = chars.slice(start, end).join('');
        out += data;
        col += data.length;
        start = end;
      }
      if (ch !== undefined) {
        let data: string;
        if (ch in ESCAPES) data = `\\${ESCAPES[ch]}`;
        else if (code <= 0xff) data = `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
        else if (code <= 0xffff) data = `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
        else data = `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
        out += data;
        col += data.length;
        start = end + 1;
      }
    }
    if (end > 0 && end < chars.length - 1 && (ch === ' ' || start >= end) && col + (end - start) > WIDTH) {
      const data = `${chars.slice(start, end).join('')}\\`;
      if (start < end) start = end;
      out += `${data}\n${' '.repeat(indent)}`;
      col = indent;
      if (chars[start] === ' ') {
        out += '\\';
        col += 1;
      }
    }
  }
  return `${out}"`;
}

/**
 * Writes `words` (a scalar split at single spaces) starting at `column`, breaking at a space once the column passes
 * 80 (PyYAML's write_plain / write_single_quoted), continuation lines indented by `indent`.
 */
function fold(text: string, column: number, indent: number, quoted: boolean): string {
  let out = '';
  let col = column;
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      let j = i;
      while (j < text.length && text[j] === ' ') j++;
      const single = j === i + 1;
      const edge = quoted && (i === 0 || j === text.length);
      if (single && col > WIDTH && !edge) {
        out += `\n${' '.repeat(indent)}`;
        col = indent;
      } else {
        out += text.slice(i, j);
        col += j - i;
      }
      i = j;
    } else if (quoted && text[i] === '\n') {
      let j = i;
      while (j < text.length && text[j] === '\n') j++;
      // A break run of n becomes n+1 line breaks, then the indentation (write_single_quoted).
      out += '\n'.repeat(j - i + 1) + ' '.repeat(indent);
      col = indent;
      i = j;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ' ' && !(quoted && text[j] === '\n')) j++;
      const word = quoted ? text.slice(i, j).replace(/'/g, "''") : text.slice(i, j);
      out += word;
      col += word.length;
      i = j;
    }
  }
  return out;
}

/** A string scalar written at `column`; `indent` for continuation lines; keys are never folded. */
function scalarString(s: string, column: number, indent: number, key: boolean): string {
  const a = analyze(s);
  if (a.plain && !resolvesToOtherType(s)) return key ? s : fold(s, column, indent, false);
  if (a.single && !(key && a.multiline)) return key ? `'${s.replace(/'/g, "''")}'` : `'${fold(s, column + 1, indent, true)}'`;
  return doubleQuoted(s, column, indent);
}

function scalar(v: unknown, column: number, indent: number, key = false): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // Numbers are Python floats; Python ints arrive as bigint (parse YAML with intAsBigInt).
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return yamlFloat(v);
  // A YAML timestamp loaded as a date: PyYAML writes date.isoformat() / datetime.isoformat(' ').
  if (v instanceof Date)
    return v.toISOString().endsWith('T00:00:00.000Z')
      ? v.toISOString().slice(0, 10)
      : v
          .toISOString()
          .replace('T', ' ')
          .replace(/\.000Z$/, '')
          .replace(/Z$/, '');
  return scalarString(String(v), column, indent, key);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Lines of a block node whose first line starts at `column` after `prefix` was written (PyYAML block style). */
function node(v: unknown, indent: number, firstColumn: number): string {
  if (isMap(v)) {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!keys.length) return '{}';
    return keys
      .map((k, i) => {
        const pad = i === 0 ? '' : ' '.repeat(indent);
        const col = i === 0 ? firstColumn : indent;
        const kText = scalar(k, col, indent, true);
        const val = v[k];
        if (isMap(val) && Object.keys(val).length) return `${pad}${kText}:\n${' '.repeat(indent + 2)}${node(val, indent + 2, indent + 2)}`;
        // Sequences in a mapping are not indented ("indentless").
        if (Array.isArray(val) && val.length) return `${pad}${kText}:\n${' '.repeat(indent)}${node(val, indent, indent)}`;
        return `${pad}${kText}: ${scalarOrEmpty(val, col + kText.length + 2, indent + 2)}`;
      })
      .join('\n');
  }
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return v
      .map((item, i) => {
        const pad = i === 0 ? '' : ' '.repeat(indent);
        if ((isMap(item) && Object.keys(item).length) || (Array.isArray(item) && item.length)) return `${pad}- ${node(item, indent + 2, indent + 2)}`;
        return `${pad}- ${scalarOrEmpty(item, indent + 2, indent + 2)}`;
      })
      .join('\n');
  }
  return scalar(v, firstColumn, indent);
}

function scalarOrEmpty(v: unknown, column: number, indent: number): string {
  if (isMap(v)) return '{}';
  if (Array.isArray(v)) return '[]';
  return scalar(v, column, indent);
}

/** The text PyYAML's `yaml.dump(value)` writes (ends with a newline). */
export function pyYamlDump(value: unknown): string {
  return `${node(value, 0, 0)}\n`;
}
