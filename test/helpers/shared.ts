import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where tests find the read-only `../shared` folder (real mirrored datasets and published result files).
 * `MTEB_TS_SHARED` points it elsewhere: CI runs the suite once more with it set to an empty folder, so a test that
 * needs the folder but does not skip without it fails there.
 */
export const SHARED = process.env.MTEB_TS_SHARED ? resolve(process.env.MTEB_TS_SHARED) : resolve(process.cwd(), '../shared');
export const SHARED_HUB = process.env.MTEB_HUB_MIRROR ?? join(SHARED, 'hub');
export const RESULTS_SAMPLES = process.env.MTEB_RESULTS_SAMPLES ?? join(SHARED, 'results-samples');

/** True when `path` exists; otherwise prints a visible skip message naming what is skipped. */
export function sharedPresent(path: string, what: string): boolean {
  const ok = existsSync(path);
  if (!ok) console.warn(`skipping ${what}: ${path} not found`);
  return ok;
}

/** The three model folders of results-samples (MiniLM, GloVe, komninos) that the MTEB(eng, v1) leaderboard tests read. */
export const RESULTS_SAMPLE_FOLDERS = [
  'sentence-transformers__all-MiniLM-L6-v2',
  'sentence-transformers__average_word_embeddings_glove.6B.300d',
  'sentence-transformers__average_word_embeddings_komninos',
].map((f) => join(RESULTS_SAMPLES, f));
