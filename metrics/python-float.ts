/** Python float semantics that scores depend on: `round(x, n)` and the builtin `sum`. */

/** Python's `round(x, ndigits)`: correctly rounded on the exact binary value, exact ties to even. */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  const twice = exactHalfNumerator(x, ndigits);
  if (twice === undefined) return Number(x.toFixed(ndigits)); // toFixed rounds the exact value
  // x = twice / (2 * 10^ndigits) with `twice` odd: a true tie; toFixed would round away from zero.
  const lo = (twice - 1n) / 2n;
  const n = lo % 2n === 0n ? lo : lo + 1n;
  return (x < 0 ? -1 : 1) * Number(`${n}e-${ndigits}`);
}

/** If |x| * 2 * 10^nd is an odd integer (x is exactly halfway), returns it; otherwise undefined. */
function exactHalfNumerator(x: number, nd: number): bigint | undefined {
  if (x === 0) return undefined;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  // 2 * |x| * 10^nd = mant * 5^nd * 2^(e + 1 + nd)
  const shift = e + 1 + nd;
  if (shift >= 0) return undefined; // even integer
  let v = mant * 5n ** BigInt(nd);
  const div = 1n << BigInt(-shift);
  if (v % div !== 0n) return undefined;
  v /= div;
  return v % 2n === 1n ? v : undefined;
}

/** CPython >= 3.12 builtin `sum` over floats (Neumaier-compensated, gh-100425). */
export function pySum(values: Iterable<number>): number {
  let s = 0;
  let c = 0;
  for (const x of values) {
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) c += s - t + x;
    else c += x - t + s;
    s = t;
  }
  return c !== 0 && Number.isFinite(c) ? s + c : s;
}
