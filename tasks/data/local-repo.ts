import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DatasetError } from '../../core/errors.js';
import { type CardConfig, parseCardConfigs, pickConfig } from './card.js';
import { defaultDataPatterns, isGlob, joinPath, resolvePattern } from './patterns.js';
import { readRowsFile, streamRowsFile } from './readers/index.js';
import { type LoadedRows, rowsFromFiles } from './rows.js';

/**
 * Where a repo's files come from when they are not all on disk yet (a hub snapshot): the full listing,
 * and fetching the files a config/split needs before they are read.
 */
export interface RepoBackend {
  /** "owner/name at revision R", for messages. */
  readonly label: string;
  /** Every file of the repo (relative, '/'-separated). */
  listFiles(): Promise<string[]>;
  /** Makes the files present under the repo root; errors name repo, revision and file. */
  ensureFiles(paths: string[]): Promise<void>;
}

/** A dataset repo laid out on disk like the hub (README card + data files): a mirror folder or a snapshot. */
export class LocalRepo {
  /** Told about data problems that do not stop loading (invalid UTF-8); set by the dataset source. */
  warn?: (message: string) => void;
  private configsCache?: CardConfig[];
  private listing?: string[];
  constructor(
    readonly root: string,
    readonly repoId: string,
    readonly backend?: RepoBackend,
  ) {}

  /** Fetches what `configs()` needs: the card, and the listing when the card declares no configs. */
  async prepare(): Promise<void> {
    if (!this.backend) return;
    this.listing = await this.backend.listFiles();
    if (this.listing.includes('README.md')) await this.backend.ensureFiles(['README.md']);
  }

  configs(): CardConfig[] {
    if (this.configsCache) return this.configsCache;
    const readme = join(this.root, 'README.md');
    const fromCard = existsSync(readme) ? parseCardConfigs(readFileSync(readme, 'utf8'), readme) : [];
    this.configsCache = fromCard.length ? fromCard : inferConfigs(this.files());
    return this.configsCache;
  }

  files(): string[] {
    if (this.listing) return this.listing;
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

  private get label(): string {
    return this.backend?.label ?? this.repoId;
  }

  /** The card config `datasets.load_dataset(repo, name=config)` would use, or a config folder. */
  config(config: string): CardConfig {
    const cfgs = this.configs();
    if (!cfgs.length) {
      throw new DatasetError(`dataset ${this.label} has no data files (its card declares no configs and no file has a data extension)`, {
        file: this.root,
        hint: 'data files must end in .parquet, .jsonl, .jsonl.gz, .json, .csv or .tsv',
      });
    }
    const cfg = pickConfig(cfgs, config);
    if (cfg) return cfg;
    // No card configs: a top-level folder named after the config holds its files (legacy layouts).
    if (cfgs.every((c) => c.inferred) && config !== 'default') {
      const patterns = defaultDataPatterns(this.files(), config);
      if (patterns) return { name: config, isDefault: false, dataFiles: patterns, dataDir: config, inferred: true };
    }
    throw new DatasetError(`dataset ${this.label} has no config "${config}" (configs: ${cfgs.map((c) => c.name).join(', ') || 'none'})`, {
      file: this.root,
    });
  }

  /** split -> patterns of a config; a config with only data_dir gets datasets' default patterns inside it. */
  private splitPatterns(cfg: CardConfig): Record<string, string[]> {
    if (Object.keys(cfg.dataFiles).length) return cfg.dataFiles;
    return defaultDataPatterns(this.files(), cfg.dataDir) ?? {};
  }

  /** The split names of a config. */
  splitNames(config: string): string[] {
    return Object.keys(this.splitPatterns(this.config(config)));
  }

  /** Data files (repo-relative) of one config/split, sorted per pattern as `datasets` resolves them. */
  resolveRelative(config: string, split: string): string[] {
    const cfg = this.config(config);
    const dataFiles = this.splitPatterns(cfg);
    let patterns = dataFiles[split];
    // mteb: "Split chosen = requested split, or the only split if the config has one".
    if (!patterns && Object.keys(dataFiles).length === 1) patterns = Object.values(dataFiles)[0];
    if (!patterns) {
      throw new DatasetError(
        `dataset ${this.label} config "${cfg.name}" has no split "${split}" (splits: ${Object.keys(dataFiles).join(', ') || 'none'})`,
        {
          file: this.root,
          split,
        },
      );
    }
    const base = cfg.dataDir ?? '';
    const needListing = patterns.some(isGlob);
    const all = needListing ? this.files() : [];
    const files: string[] = [];
    for (const p of patterns) {
      // datasets skips a glob that matches nothing; a literal path must exist (checked when it is read).
      const hit = isGlob(p) ? resolvePattern(p, all, base) : [joinPath(base, p.replace(/^\.?\//, ''))];
      for (const f of hit) if (!files.includes(f)) files.push(f);
    }
    if (!files.length) {
      throw new DatasetError(
        `no data files match ${patterns.map((p) => `"${joinPath(base, p)}"`).join(', ')} for config "${cfg.name}" split "${split}" of dataset ${this.label}`,
        {
          file: this.root,
          split,
        },
      );
    }
    return files;
  }

  resolveFiles(config: string, split: string): string[] {
    return this.resolveRelative(config, split).map((f) => join(this.root, ...f.split('/')));
  }

  async loadRows(config: string, split: string): Promise<LoadedRows> {
    const parts = [];
    for (const file of await this.localFiles(config, split)) parts.push({ file, rows: await readRowsFile(file, { warn: this.warn }) });
    return rowsFromFiles(parts);
  }

  /**
   * The same rows in batches, for corpora too big to hold twice: `row` is the index of the batch's first
   * row within `file` (for error messages).
   */
  async *streamRows(
    config: string,
    split: string,
    batchSize = 10_000,
  ): AsyncGenerator<{ rows: Record<string, unknown>[]; file: string; row: number }> {
    for (const file of await this.localFiles(config, split)) {
      let row = 0;
      for await (const rows of streamRowsFile(file, batchSize, { warn: this.warn })) {
        yield { rows, file, row };
        row += rows.length;
      }
    }
  }

  /** Absolute paths of a config/split's files, fetched first when the repo is a hub snapshot. */
  private async localFiles(config: string, split: string): Promise<string[]> {
    const rel = this.resolveRelative(config, split);
    if (this.backend) await this.backend.ensureFiles(rel);
    return rel.map((r) => {
      const file = join(this.root, ...r.split('/'));
      if (!existsSync(file)) {
        throw new DatasetError(`data file ${r} listed for config "${config}" split "${split}" of dataset ${this.label} is missing`, { file });
      }
      return file;
    });
  }
}

/**
 * datasets' behaviour when a card lists no configs: one "default" config whose splits come from the
 * default patterns (sharded names, split names in folder or file names, else everything is "train").
 */
export function inferConfigs(files: string[]): CardConfig[] {
  const patterns = defaultDataPatterns(files);
  return patterns ? [{ name: 'default', isDefault: true, dataFiles: patterns, inferred: true }] : [];
}
