/**
 * The filter arguments of one mteb `get_tasks(tasks=[...], ...)`/`get_task(...)` call in a benchmark definition
 * (mteb/get_tasks.py): `evalSplits` replaces the task's splits, `languages` (ISO 639-3 or lang-Script) and
 * `script` keep subsets as AbsTask.filter_languages does, `exclusiveLanguageFilter` keeps only subsets whose
 * languages are all listed, `subsets` are its hf_subsets.
 */
export interface BenchmarkFilter {
  evalSplits?: string[];
  subsets?: string[];
  languages?: string[];
  script?: string[];
  exclusiveLanguageFilter?: boolean;
}

/** A named benchmark: a task list, optionally restricted to some splits and subsets per task. */
export interface Benchmark {
  name: string;
  aliases?: string[];
  description: string;
  reference?: string;
  tasks: string[];
  /** Per-task restriction of splits/subsets (mteb filters results to these before aggregating). */
  filters?: Record<string, BenchmarkFilter>;
  /** Aggregated tasks (CQADupstackRetrieval): name -> member tasks whose main scores are averaged. */
  aggregates?: Record<string, string[]>;
  /** A newer version of this benchmark (mteb's superseded_by). */
  supersededBy?: string;
  /** Languages of the leaderboard's per-language table (mteb's language_view): a list, or "all" present. */
  languageView?: readonly string[] | 'all';
}
