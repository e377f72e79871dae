/**
 * Ordering of mteb version strings ("0.0.2", "1.0.3.dev0", "1.12.48", "2.1.17"), enough to reproduce
 * the `packaging.Version` comparisons mteb makes when loading old files. A pre-release/dev suffix sorts
 * before the release it precedes.
 */
interface Parsed {
  release: number[];
  /** 0 = final release; negative = pre/dev release. */
  stage: number;
  stageNum: number;
}

function parse(v: string): Parsed | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:[.-]?(dev|a|alpha|b|beta|rc|post)[.-]?(\d*))?/i.exec(v.trim());
  if (!m) return undefined;
  const release = m[1]!.split('.').map(Number);
  const tag = m[2]?.toLowerCase();
  const stage = tag === undefined ? 0 : tag === 'post' ? 1 : tag === 'dev' ? -4 : tag.startsWith('a') ? -3 : tag.startsWith('b') ? -2 : -1;
  return { release, stage, stageNum: m[3] ? Number(m[3]) : 0 };
}

/** <0 if a<b, 0 if equal, >0 if a>b; unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  const n = Math.max(pa.release.length, pb.release.length);
  for (let i = 0; i < n; i++) {
    const d = (pa.release[i] ?? 0) - (pb.release[i] ?? 0);
    if (d) return d;
  }
  return pa.stage - pb.stage || pa.stageNum - pb.stageNum;
}

export function isValidVersion(v: unknown): v is string {
  return typeof v === 'string' && parse(v) !== undefined;
}
