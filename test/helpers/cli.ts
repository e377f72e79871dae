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
