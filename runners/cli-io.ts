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

/** The part of a stream (process.stdout/stderr, or a test's fake terminal) that CliIO writes to. */
export interface OutStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** CliIO over two streams: the status line is `\r` + text cut to the terminal width + clear-to-end-of-line. */
export const streamIO = (out: OutStream, err: OutStream): CliIO => ({
  stdout: (s) => out.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => err.write(s.endsWith('\n') ? s : `${s}\n`),
  stderrIsTTY: !!err.isTTY,
  status: (line) => err.write(`\r${line.slice(0, (err.columns ?? 100) - 1)}\x1b[K`),
});

export const defaultIO = (): CliIO => streamIO(process.stdout, process.stderr);
