/**
 * JSON as Python's json module writes it: strict JSON plus the bare literals `NaN`, `Infinity` and
 * `-Infinity` (mteb writes `"ap": NaN`, model_meta writes `"max_tokens": Infinity`).
 * Parsed without eval: the literals outside strings are swapped for sentinel strings, then JSON.parse
 * does the real work (and gives its usual position-bearing error for truncated files).
 */
const SENTINELS: Record<string, number> = {
  '\u0000mteb:NaN': Number.NaN,
  '\u0000mteb:Infinity': Number.POSITIVE_INFINITY,
  '\u0000mteb:-Infinity': Number.NEGATIVE_INFINITY,
};

export function parseLenientJson(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  let replaced = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    let lit: string | undefined;
    if (c === 78 /* N */ && text.startsWith('NaN', i)) lit = 'NaN';
    else if (c === 73 /* I */ && text.startsWith('Infinity', i)) lit = 'Infinity';
    else if (c === 45 /* - */ && text.startsWith('-Infinity', i)) lit = '-Infinity';
    if (lit) {
      out += text.slice(last, i) + JSON.stringify('\u0000mteb:' + lit);
      i += lit.length - 1;
      last = i + 1;
      replaced = true;
    }
  }
  if (!replaced) return JSON.parse(text);
  out += text.slice(last);
  return JSON.parse(out, (_k, v) => (typeof v === 'string' && v in SENTINELS ? SENTINELS[v] : v));
}

/** JSON.stringify that writes non-finite numbers as Python does (NaN / Infinity), so files round-trip with mteb. */
export function stringifyPythonJson(value: unknown, indent = 2): string {
  const marks = new Map<string, string>();
  const s = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        const lit = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
        const m = `\u0000py:${lit}`;
        marks.set(JSON.stringify(m), lit);
        return m;
      }
      return v;
    },
    indent,
  );
  let out = s;
  for (const [quoted, lit] of marks) out = out.split(quoted).join(lit);
  return out;
}
