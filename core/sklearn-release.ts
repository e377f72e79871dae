/**
 * Which scikit-learn release the classification and clustering evaluators reproduce. Logistic regression's
 * objective scaling (1.3) and MiniBatchKMeans' k-means++ first center (1.3) and minibatch sampler (1.7) changed
 * across releases, so results made with an older sklearn need that release (`--sklearn-version`, or
 * `sklearnVersion` in the evaluate options). The runner records it in each result file.
 */
import { ConfigError } from './errors.js';

/** The release the spec was written against. */
export const DEFAULT_SKLEARN_VERSION = '1.9.1';

export interface SklearnRelease {
  /** As given, e.g. "1.2.1" (recorded in result files). */
  version: string;
  major: number;
  minor: number;
}

/** The one parser of sklearn version strings: "major.minor" with anything after it ("1.2", "1.2.1", "1.5.0rc1"). */
export function parseSklearnVersion(version: string): SklearnRelease {
  const m = /^(\d+)\.(\d+)(?:$|[.\-+a-z])/i.exec(version.trim());
  if (!m) throw new ConfigError(`not a scikit-learn version: "${version}"`, { hint: 'give major.minor[.patch], e.g. --sklearn-version 1.2.1' });
  return { version: version.trim(), major: Number(m[1]), minor: Number(m[2]) };
}

/** True when the release is at least major.minor. */
export function sklearnAtLeast(release: SklearnRelease, major: number, minor: number): boolean {
  return release.major > major || (release.major === major && release.minor >= minor);
}
