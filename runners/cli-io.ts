import { redact } from '../core/redact.js';

/** Where a command writes: stdout for results, stderr for progress and errors (tests capture both). */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
}

/** `io` with every line passed through core/redact.ts. */
export function redactingIO(io: CliIO): CliIO {
  return { ...io, stdout: (s) => io.stdout(redact(s)), stderr: (s) => io.stderr(redact(s)) };
}

export const defaultIO = (): CliIO => ({
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  stderrIsTTY: !!process.stderr.isTTY,
});
