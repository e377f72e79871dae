import { MtebError } from '../../core/errors.js';
import { PublishedResultsError } from '../../results/published-cache.js';
import type { CliIO } from '../cli-io.js';
import { printError } from '../cli-report.js';

/**
 * The exit code of a command that reads results (leaderboard, diff) for an error while reading them, printed once.
 * Published results that cannot be fetched are a network failure (1: rerun when connected), any other MtebError a
 * usage error (2); anything else is a bug and is rethrown.
 */
export function resultsErrorExit(io: CliIO, e: unknown, verbose: boolean): number {
  if (!(e instanceof MtebError)) throw e;
  printError(io, e, verbose);
  return e instanceof PublishedResultsError ? 1 : 2;
}
