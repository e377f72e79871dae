/** The runner's own version (a test keeps it equal to package.json). */
export const RUNNER_NAME = 'mteb-ts';
export const RUNNER_VERSION = '0.1.0';
/** The mteb release whose scoring this runner reproduces; written as `mteb_version` for tools that key on it. */
export const MTEB_COMPAT_VERSION = '2.20.0';
