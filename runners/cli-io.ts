import { redact } from '../core/redact.js';

/** Where a command writes: stdout for results, stderr for progress and errors (tests capture both). */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
  /** A transient status line on a TTY, rewritten in place ('' clears it); absent where lines cannot be rewritten. */
  status?: (line: string) => void;
}

/** `io` with every line passed through core/redact.ts. */
export function redactingIO(io: CliIO): CliIO {
  const status = io.status;
  return {
    ...io,
    stdout: (s) => io.stdout(redact(s)),
    stderr: (s) => io.stderr(redact(s)),
    ...(status ? { status: (s: string) => status(redact(s)) } : {}),
  };
}

export const defaultIO = (): CliIO => ({
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  stderrIsTTY: !!process.stderr.isTTY,
  status: (line) => process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 100) - 1)}\x1b[K`),
});
