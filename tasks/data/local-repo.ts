import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import { parseCardConfigs, globToRegExp, isGlob, type CardConfig } from './card.js';
import { readRowsFile, supportedExtensions } from './readers/index.js';
import { rowsFromFiles, type LoadedRows } from './rows.js';

/** A dataset repo laid out on disk like the hub (README card + data files): a mirror folder or a snapshot. */
export class LocalRepo {
  private configsCache?: CardConfig[];
  constructor(
    readonly root: string,
    readonly repoId: string,
  ) {}

  configs(): CardConfig[] {
    if (this.configsCache) return this.configsCache;
    const readme = join(this.root, 'README.md');
    const fromCard = existsSync(readme) ? parseCardConfigs(readFileSync(readme, 'utf8')) : [];
    this.configsCache = fromCard.length ? fromCard : inferConfigs(this.files());
    return this.configsCache;
  }

  files(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.')) continue;
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else out.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    walk(this.root);
    return out.sort();
  }

  resolveFiles(config: string, split: string): string[] {
    const cfgs = this.configs();
    const cfg = cfgs.find((c) => c.name === config);
    if (!cfg) {
      throw new DatasetError(`dataset ${this.repoId} has no config "${config}" (configs: ${cfgs.map((c) => c.name).join(', ') || 'none'})`, {
        file: this.root,
      });
    }
    let patterns = cfg.dataFiles[split];
    // mteb: "Split chosen = requested split, or the only split if the config has one".
    if (!patterns && Object.keys(cfg.dataFiles).length === 1) patterns = Object.values(cfg.dataFiles)[0];
    if (!patterns) {
      throw new DatasetError(`dataset ${this.repoId} config "${config}" has no split "${split}" (splits: ${Object.keys(cfg.dataFiles).join(', ')})`, {
        file: this.root,
      });
    }
    const all = patterns.some(isGlob) ? this.files() : [];
    const files: string[] = [];
    for (const p of patterns) {
      if (isGlob(p)) {
        const re = globToRegExp(p);
        files.push(...all.filter((f) => re.test(f)));
      } else files.push(p);
    }
    if (!files.length) throw new DatasetError(`no data files match ${patterns.join(', ')}`, { file: this.root });
    return files.map((f) => join(this.root, f));
  }

  async loadRows(config: string, split: string): Promise<LoadedRows> {
    const files = this.resolveFiles(config, split);
    const parts = [];
    for (const file of files) {
      if (!existsSync(file)) throw new DatasetError(`data file listed in the dataset card is missing`, { file });
      parts.push({ file, rows: await readRowsFile(file) });
    }
    return rowsFromFiles(parts);
  }
}

/**
 * HF's default conventions when a card lists no configs: files named after splits
 * (train/test/validation/dev) anywhere, or in `data/` folders; one "default" config.
 */
export function inferConfigs(files: string[]): CardConfig[] {
  const exts = supportedExtensions();
  const data = files.filter((f) => exts.some((e) => f.toLowerCase().endsWith(e)));
  const splitOf = (f: string): string | undefined => {
    const m = /(?:^|[/_.-])(train|test|validation|valid|dev|eval)(?:[/_.-]|$)/i.exec(f);
    if (!m) return undefined;
    const s = m[1]!.toLowerCase();
    return s === 'valid' || s === 'dev' || s === 'eval' ? 'validation' : s;
  };
  const dataFiles: Record<string, string[]> = {};
  for (const f of data) (dataFiles[splitOf(f) ?? 'train'] ??= []).push(f);
  return data.length ? [{ name: 'default', isDefault: true, dataFiles }] : [];
}
