/**
 * Which scikit-learn release the classification and clustering evaluators reproduce. Logistic regression's
 * objective scaling (1.3) and MiniBatchKMeans' minibatch sampler (1.3, 1.7) changed across releases, so results
 * made with an older sklearn need `--sklearn-version` / MTEB_TS_SKLEARN_VERSION. Default: the spec's 1.9.1.
 */
export const DEFAULT_SKLEARN_VERSION = '1.9.1';

export function sklearnVersion(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MTEB_TS_SKLEARN_VERSION) return env.MTEB_TS_SKLEARN_VERSION;
  // Older spelling, kept for scripts that already set it.
  if (env.MTEB_TS_SKLEARN === '1.2') return '1.2';
  return DEFAULT_SKLEARN_VERSION;
}

/** true when the configured version is older than major.minor. */
export function sklearnOlderThan(major: number, minor: number, version = sklearnVersion()): boolean {
  const [a = 0, b = 0] = version.split('.').map((x) => parseInt(x, 10));
  return a < major || (a === major && b < minor);
}
