import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { EvaluationReport } from './evaluate.js';

/** Writes `<folder>/<Task>_predictions.json` ({split: {subset: run}}) like mteb's prediction folder. */
export function writePredictions(folder: string, byTask: Map<string, Record<string, Record<string, unknown>>>, report: EvaluationReport): void {
  for (const [task, data] of byTask) {
    if (report.failures.some((f) => f.task === task)) continue;
    writeFileAtomic(join(folder, `${task}_predictions.json`), `${JSON.stringify(data)}\n`);
  }
}
