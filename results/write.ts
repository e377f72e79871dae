import { writeFileAtomic } from '../core/atomic.js';
import { redact } from '../core/redact.js';
import type { TaskResult } from './schema.js';

/**
 * mteb rounds every float in `scores` to 6 decimals on write. Python writes NaN literally; we write null so
 * the file is strict JSON (the readers map null back to NaN where a number is expected).
 */
export function roundScores(v: unknown, decimals = 6): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (Number.isInteger(v)) return v;
    return Number(v.toFixed(decimals));
  }
  if (Array.isArray(v)) return v.map((x) => roundScores(x, decimals));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = roundScores(x, decimals);
    return out;
  }
  return v;
}

export function serializeResult(r: TaskResult): string {
  const out = { ...r, scores: roundScores(r.scores) };
  // Error texts and metadata in a result must never carry a secret, whatever path put them there.
  return redact(`${JSON.stringify(out, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

export function writeResult(file: string, r: TaskResult): void {
  writeFileAtomic(file, serializeResult(r));
}
