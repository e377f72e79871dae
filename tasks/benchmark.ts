/** A named benchmark: a task list, optionally restricted to some splits and subsets per task. */
export interface Benchmark {
  name: string;
  aliases?: string[];
  description: string;
  reference?: string;
  tasks: string[];
  /** Per-task restriction of splits/subsets (mteb filters results to these before aggregating). */
  filters?: Record<string, { evalSplits?: string[]; subsets?: string[] }>;
  /** Aggregated tasks (CQADupstackRetrieval): name -> member tasks whose main scores are averaged. */
  aggregates?: Record<string, string[]>;
}
