/** Options every model factory receives (CLI flags and library callers). */
export interface ModelOptions {
  revision?: string;
  batchSize?: number;
  /** Folder of a local HF hub mirror, for models and data. */
  hubMirror?: string;
  /** --offline (HF_HUB_OFFLINE also applies): hub models come only from the HF cache or the mirror. */
  offline?: boolean;
  cacheDir?: string;
  noCache?: boolean;
  prompts?: Record<string, string>;
  dtype?: string;
  threads?: number;
  /** Where warnings go (e.g. a damaged embedding cache segment was dropped); stderr when absent. */
  warn?: (message: string) => void;
  [key: string]: unknown;
}
