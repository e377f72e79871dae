import { main } from '../../runners/cli.js';
import type { CliIO } from '../../runners/cli-io.js';

/** Runs the CLI in-process and captures its output. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => (stdout += `${s}\n`), stderr: (s) => (stderr += `${s}\n`), stderrIsTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A CliIO that collects stdout and stderr lines, for calling a command's run() directly. */
export function captureIo(): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false }, out, err };
}
