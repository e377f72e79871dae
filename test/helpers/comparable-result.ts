import { readFileSync } from 'node:fs';

/** A result file without the fields that differ between two runs of the same evaluation (timing, date, phases). */
export function comparable(file: string): unknown {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  delete r.evaluation_time;
  delete r.date;
  delete r.evaluation_phases;
  return r;
}
