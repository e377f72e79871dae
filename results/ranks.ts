/** Rank helpers with pandas/polars semantics, shared by the summary and per-language tables. */

/** 1-based average ranks, highest value first (pandas/polars rank(method="average", descending=True)). */
export function averageRankDescending(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[b]! - xs[a]!);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]!] === xs[idx[i]!]) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) out[idx[k]!] = avg;
    i = j + 1;
  }
  return out;
}

/** 1-based min-method ranks, highest value first. */
export function minRankDescending(xs: readonly number[]): number[] {
  return xs.map((x) => 1 + xs.filter((y) => y > x).length);
}
