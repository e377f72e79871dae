/**
 * Data-file patterns exactly as the `datasets` library resolves them (datasets/data_files.py):
 * fsspec glob semantics, hidden files skipped, only known data extensions, and the default split
 * patterns used when a dataset card declares no `configs`.
 */

/** Split keywords and separators of datasets.data_files (SPLIT_KEYWORDS, NON_WORDS_CHARS). */
const SPLIT_KEYWORDS: Record<string, string[]> = {
  train: ['train', 'training'],
  validation: ['validation', 'valid', 'dev', 'val'],
  test: ['test', 'testing', 'eval', 'evaluation'],
};
const DEFAULT_SPLITS = ['train', 'validation', 'test'];
const SEP = '-._ 0-9';
export const SPLIT_PATTERN_SHARDED = 'data/{split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*';
const FILENAME_BASE = ['**/{keyword}[{sep}]*', '**/*[{sep}]{keyword}[{sep}]*'];
const DIRNAME_BASE = ['**/{keyword}/**', '**/{keyword}[{sep}]*/**', '**/*[{sep}]{keyword}/**', '**/*[{sep}]{keyword}[{sep}]*/**'];

function expand(bases: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const split of DEFAULT_SPLITS) {
    out[split] = SPLIT_KEYWORDS[split]!.flatMap((kw) => bases.map((b) => b.replaceAll('{keyword}', kw).replaceAll('{sep}', SEP)));
  }
  return out;
}
export const DEFAULT_PATTERNS_SPLIT_IN_DIR_NAME = expand(DIRNAME_BASE);
export const DEFAULT_PATTERNS_SPLIT_IN_FILENAME = expand(FILENAME_BASE);
export const DEFAULT_PATTERNS_ALL: Record<string, string[]> = { train: ['**'] };

/**
 * Extensions `datasets` treats as data files (its packaged builders, optionally compressed).
 * Files with other extensions (README.md, .gitattributes, scripts) never match a pattern.
 */
const BASE_EXTS = ['.parquet', '.jsonl', '.json', '.csv', '.tsv', '.txt', '.arrow', '.ndjson'];
const COMPRESSIONS = ['', '.gz', '.bz2', '.xz', '.zst', '.zip', '.lz4'];
export const DATA_EXTENSIONS = BASE_EXTS.flatMap((e) => COMPRESSIONS.map((c) => e + c));

export function isDataFile(path: string): boolean {
  const p = path.toLowerCase();
  return DATA_EXTENSIONS.some((e) => p.endsWith(e));
}

/** fsspec-style glob -> RegExp: `*` and `?` within a segment, `**` across segments (zero or more), `[...]` classes. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          // "**/" matches zero or more whole directories
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        const neg = cls.startsWith('!') || cls.startsWith('^');
        if (neg) cls = cls.slice(1);
        // A leading "-" is literal in glob classes; escape regex-special chars but keep ranges like 0-9.
        cls = cls.replace(/[\\\]^]/g, '\\$&');
        re += `[${neg ? '^' : ''}${cls}]`;
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** datasets' FILES_TO_IGNORE: metadata files that never count as data unless a pattern names them exactly. */
export const FILES_TO_IGNORE = ['README.md', 'config.json', 'dataset_info.json', 'dataset_infos.json', 'dummy_data.zip', 'dataset_dict.json'];

/** Hidden paths (a part starting with "." or "__") are skipped unless the pattern names them. */
function isHidden(path: string, pattern: string): boolean {
  const parts = path.split('/');
  const patternParts = pattern.split('/');
  return parts.some((part, i) => (part.startsWith('.') || part.startsWith('__')) && !(patternParts[i] ?? '').startsWith(part.slice(0, 1)));
}

/**
 * Files matching one pattern, sorted. Patterns are relative to the repo root (`base` prefix, e.g. a
 * config's data_dir). A literal path matches itself even when it is not (yet) in the listing.
 */
export function resolvePattern(pattern: string, files: readonly string[], base = ''): string[] {
  const full = joinPath(base, pattern.replace(/^\.?\//, ''));
  if (!isGlob(full)) {
    if (files.includes(full)) return [full];
    // A directory named literally: everything beneath it.
    const under = files.filter((f) => f.startsWith(`${full}/`) && isDataFile(f));
    return under.length ? under : [];
  }
  const re = globToRegExp(full);
  const ignore = new Set(FILES_TO_IGNORE.filter((n) => n !== full.split('/').pop()));
  return files.filter((f) => re.test(f) && isDataFile(f) && !isHidden(f, full) && !ignore.has(f.split('/').pop()!)).sort();
}

export function joinPath(base: string, p: string): string {
  if (!base || base === '.') return p;
  return `${base.replace(/\/+$/, '')}/${p}`;
}

/**
 * datasets' `get_data_patterns`: the sharded `data/{split}-00000-of-00001.*` names first, then split
 * names in directory names, then in file names, then everything as "train". Returns split -> patterns,
 * or undefined when no data file exists.
 */
export function defaultDataPatterns(files: readonly string[], base = ''): Record<string, string[]> | undefined {
  const sharded = resolvePattern(SPLIT_PATTERN_SHARDED.replace('{split}', '*'), files, base);
  if (sharded.length) {
    const re = /^(.*)-[0-9]{5}-of-[0-9]{5}[^/]*\.[^/]*$/;
    const splits = new Set<string>();
    for (const f of sharded) {
      const m = re.exec(f.split('/').pop()!);
      if (m) splits.add(m[1]!);
    }
    const ordered = [...DEFAULT_SPLITS.filter((s) => splits.has(s)), ...[...splits].filter((s) => !DEFAULT_SPLITS.includes(s)).sort()];
    return Object.fromEntries(ordered.map((s) => [s, [SPLIT_PATTERN_SHARDED.replace('{split}', s)]]));
  }
  for (const dict of [DEFAULT_PATTERNS_SPLIT_IN_DIR_NAME, DEFAULT_PATTERNS_SPLIT_IN_FILENAME, DEFAULT_PATTERNS_ALL]) {
    const out: Record<string, string[]> = {};
    for (const [split, patterns] of Object.entries(dict)) {
      if (patterns.some((p) => resolvePattern(p, files, base).length)) out[split] = patterns;
    }
    if (Object.keys(out).length) return out;
  }
  return undefined;
}
