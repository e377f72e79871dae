/**
 * The one way the CLI reports errors and failed tasks: each message once, each hint once however many failures
 * share it (also in --json), and a stack trace only with -v.
 */
import { describeError } from '../core/errors.js';
import type { CliIO } from './cli-io.js';

export interface Failure {
  task: string;
  error: Error;
}

/** A command-level error: `error: <message>`, its hint, and with -v its stack. */
export function printError(io: CliIO, err: unknown, verbose: boolean): void {
  const d = describeError(err);
  io.stderr(`error: ${d.message}`);
  if (d.hint) io.stderr(`  hint: ${d.hint}`);
  if (verbose && err instanceof Error && err.stack) io.stderr(err.stack);
}

/** One line for a failure as it happens (progress), without its hint: the summary prints hints once. */
export function failureLine(err: unknown): string {
  return describeError(err).message;
}

/**
 * The failures at the end of a command. When `shown` is set, the progress lines already printed each message, so
 * only the names are repeated; otherwise each failure's message is printed once. Hints follow, once each.
 */
export function printFailures(io: CliIO, failures: readonly Failure[], opts: { shown: boolean; verbose?: boolean }): void {
  if (!failures.length) return;
  if (opts.shown) io.stderr(`FAILED: ${failures.map((f) => f.task).join(', ')} (errors above)`);
  else {
    for (const f of failures) {
      io.stderr(`FAILED ${f.task}: ${describeError(f.error).message}`);
      if (opts.verbose && f.error.stack) io.stderr(f.error.stack);
    }
  }
  for (const [hint, tasks] of hintsOf(failures)) io.stderr(tasks.length === failures.length ? `hint: ${hint}` : `hint (${names(tasks)}): ${hint}`);
}

/** Failures for --json: the message and the hint as separate fields. */
export function failuresJson(failures: readonly Failure[]): { task: string; error: string; hint?: string }[] {
  return failures.map((f) => {
    const d = describeError(f.error);
    return { task: f.task, error: d.message, ...(d.hint ? { hint: d.hint } : {}) };
  });
}

function names(tasks: string[]): string {
  return tasks.length > 5 ? `${tasks.slice(0, 5).join(', ')} and ${tasks.length - 5} more` : tasks.join(', ');
}

/** Each distinct hint with the tasks it applies to, in first-seen order. */
function hintsOf(failures: readonly Failure[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of failures) {
    const hint = describeError(f.error).hint;
    if (hint) out.set(hint, [...(out.get(hint) ?? []), f.task]);
  }
  return out;
}
