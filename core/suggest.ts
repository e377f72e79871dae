/** Levenshtein distance, case-insensitive: used to suggest the closest task or model names. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to n candidates nearest to `name` (a substring match counts as distance 2 at most), if reasonably close. */
export function closest(name: string, candidates: readonly string[], n = 3): string[] {
  const lower = name.toLowerCase();
  const scored = candidates.map((c) => {
    const cl = c.toLowerCase();
    const e = editDistance(name, c);
    const d = cl.includes(lower) || lower.includes(cl) ? Math.min(e, 2) : e;
    return { c, d };
  });
  const limit = Math.max(2, Math.ceil(name.length * 0.5));
  return scored
    .filter((s) => s.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, n)
    .map((s) => s.c);
}
