import { modelNameAsPath, revisionAsPath } from '../core/safe-path.js';

/** The MTEB v2 result file (mteb/results/task_result.py TaskResult.to_disk), plus the runner that wrote it. */
export interface ScoreRow {
  main_score: number | null;
  hf_subset: string;
  languages: string[];
  mteb_version?: string;
  [metric: string]: unknown;
}

export interface EvaluationPhase {
  name: string;
  /** Seconds since the task started. */
  start: number;
  end: number;
  split: string;
  subset: string;
}

export interface TaskResult {
  dataset_revision: string;
  task_name: string;
  mteb_version: string;
  scores: Record<string, ScoreRow[]>;
  evaluation_time: number;
  kg_co2_emissions: number | null;
  date: number | null;
  evaluation_phases: EvaluationPhase[] | null;
  /** Not in mteb's schema (pydantic ignores extra keys): which runner produced the file. */
  runner?: {
    name: string;
    version: string;
    sklearn_version?: string;
    /** With --co2-tracker: how kg_co2_emissions was estimated (runners/co2-tracker.ts). */
    co2?: { method: string; energy_kwh: number; carbon_intensity_g_per_kwh: number; [k: string]: unknown };
    /** The settings that change scores (runners/run-settings.ts); a resume merges only rows with equal settings. */
    settings?: Record<string, string>;
  };
}

/**
 * `<output>/<model name as mteb maps it>/<revision or no_revision_available>`. Names and revisions that cannot be
 * one folder name (`..`, NUL, over-long) are refused rather than allowed to point outside the output folder.
 */
export function modelFolderParts(modelName: string, revision?: string): [string, string] {
  return [modelNameAsPath(modelName), revision ? revisionAsPath(revision) : 'no_revision_available'];
}

/** (split, subset) pairs the result already covers. */
export function coveredPairs(r: TaskResult): Set<string> {
  const out = new Set<string>();
  for (const [split, rows] of Object.entries(r.scores)) for (const row of rows) out.add(`${split}\u0000${row.hf_subset}`);
  return out;
}
