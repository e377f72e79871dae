import { parse as parseYaml } from 'yaml';
import { DatasetError } from '../../core/errors.js';

export { globToRegExp, isGlob } from './patterns.js';

/** One config of a dataset card: split -> file patterns (relative to the repo root, or to dataDir). */
export interface CardConfig {
  name: string;
  isDefault: boolean;
  dataFiles: Record<string, string[]>;
  /** `data_dir` of the config: patterns (and default patterns) are relative to it. */
  dataDir?: string;
  /** Other builder keys of the config (e.g. csv `sep`, json `field`). */
  builderKwargs?: Record<string, unknown>;
  /** True when the splits come from datasets' default patterns, not from the card. */
  inferred?: boolean;
}

/** Reads the `configs:` block of a Hugging Face dataset card's YAML front matter. */
export function parseCardConfigs(readme: string, file = 'README.md'): CardConfig[] {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(readme);
  if (!m) return [];
  let meta: { configs?: unknown } | null;
  try {
    meta = parseYaml(m[1]!) as { configs?: unknown } | null;
  } catch (e) {
    throw new DatasetError(`invalid YAML front matter in the dataset card: ${(e as Error).message}`, { file }, { cause: e });
  }
  const configs = Array.isArray(meta?.configs) ? (meta!.configs as unknown[]) : [];
  return configs
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map((c) => {
      const { config_name, default: isDefault, data_files, data_dir, ...rest } = c;
      const cfg: CardConfig = {
        name: String(config_name ?? 'default'),
        isDefault: isDefault === true,
        dataFiles: normalizeDataFiles(data_files),
      };
      if (typeof data_dir === 'string') cfg.dataDir = data_dir.replace(/^\.?\/|\/+$/g, '');
      if (Object.keys(rest).length) cfg.builderKwargs = rest;
      return cfg;
    });
}

/** `data_files` may be a string, a list of strings (split "train"), a list of {split, path}, or split -> path(s). */
export function normalizeDataFiles(df: unknown): Record<string, string[]> {
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

/**
 * The config `datasets.load_dataset(path, name)` picks: the named one; for "default" (or no name),
 * the one named "default", the one marked `default: true`, or the only one.
 */
export function pickConfig(configs: readonly CardConfig[], name: string | undefined): CardConfig | undefined {
  if (name && name !== 'default') return configs.find((c) => c.name === name);
  // datasets' MetadataConfigs.get_default_config_name: the only config, the one named "default", or the one marked default.
  return configs.find((c) => c.name === 'default') ?? configs.find((c) => c.isDefault) ?? (configs.length === 1 ? configs[0] : undefined);
}
