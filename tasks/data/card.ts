import { parse as parseYaml } from 'yaml';

/** One config of a dataset card: split -> file patterns (relative to the repo root). */
export interface CardConfig {
  name: string;
  isDefault: boolean;
  dataFiles: Record<string, string[]>;
}

/** Reads the `configs:` block of a Hugging Face dataset card's YAML front matter. */
export function parseCardConfigs(readme: string): CardConfig[] {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readme);
  if (!m) return [];
  const meta = parseYaml(m[1]!) as { configs?: unknown } | null;
  const configs = Array.isArray(meta?.configs) ? meta!.configs : [];
  return configs.map((c: Record<string, unknown>) => ({
    name: String(c.config_name ?? 'default'),
    isDefault: c.default === true,
    dataFiles: normaliseDataFiles(c.data_files),
  }));
}

/** `data_files` may be a string, a list of strings (split "train"), or a list of {split, path}. */
export function normaliseDataFiles(df: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (split: string, p: unknown) => {
    const list = Array.isArray(p) ? p.map(String) : [String(p)];
    (out[split] ??= []).push(...list);
  };
  if (df == null) return out;
  if (typeof df === 'string') add('train', df);
  else if (Array.isArray(df)) {
    for (const e of df) {
      if (typeof e === 'string') add('train', e);
      else if (e && typeof e === 'object') add(String((e as Record<string, unknown>).split ?? 'train'), (e as Record<string, unknown>).path);
    }
  } else if (typeof df === 'object') {
    for (const [split, p] of Object.entries(df as Record<string, unknown>)) add(split, p);
  }
  return out;
}

/** Minimal glob to RegExp: `*` within a path segment, `**` across segments, `?` one char. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}
