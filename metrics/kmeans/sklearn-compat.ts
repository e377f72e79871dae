/** Where sklearn's MiniBatchKMeans changed its use of the random generator across releases. */
import { parseSklearnVersion, type SklearnRelease, sklearnAtLeast } from '../../core/sklearn-release.js';

/** Which sklearn generation to follow where its RNG use changed. */
export interface KMeansCompat {
  /**
   * k-means++ first center and potentials: `'randint'` = sklearn < 1.3 (`randint(n)`, float32 `sum`),
   * `'choice'` = sklearn ≥ 1.3 (`choice(n, p=w/Σw)`, potentials as dot products with the weights).
   */
  firstCenter: 'randint' | 'choice';
  /** Minibatch rows: `'randint'` = `randint(0, n, batch)` (older), `'choice'` = `choice(n, batch, p=w/Σw)` (PR #30751, sklearn ≥ 1.7). */
  minibatch: 'randint' | 'choice';
}

/** sklearn 1.9.1 (the version the spec was written against). */
export const SKLEARN_1_9: KMeansCompat = { firstCenter: 'choice', minibatch: 'choice' };
/** sklearn 1.2.x (Debian bookworm's python3-sklearn 1.2.1). */
export const SKLEARN_1_2: KMeansCompat = { firstCenter: 'randint', minibatch: 'randint' };

/** Picks the compat mode for an sklearn release (or a version string like "1.2.1"). */
export function sklearnCompat(release: SklearnRelease | string): KMeansCompat {
  const r = typeof release === 'string' ? parseSklearnVersion(release) : release;
  return {
    firstCenter: sklearnAtLeast(r, 1, 3) ? 'choice' : 'randint',
    minibatch: sklearnAtLeast(r, 1, 7) ? 'choice' : 'randint',
  };
}
