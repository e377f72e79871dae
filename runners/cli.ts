import { Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { pathNameError } from '../core/safe-path.js';
import { RUNNER_VERSION } from '../core/version.js';
import { type CliIO, defaultIO, redactingIO } from './cli-io.js';
import { addOptions, longFlags, underscoreAliases } from './cli-options.js';
import { printError } from './cli-report.js';
import { COMMANDS } from './commands/index.js';

/**
 * The CLI is a thin layer over the library: commands come from the table in ./commands/index.ts, each handler is
 * imported only when its command runs. Exit codes: 0 ok, 1 some task failed / a regression, 2 usage or input error.
 */
/** Exit codes of a process ended by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * While a resumable command runs, Ctrl-C / SIGTERM says that it was interrupted and how to go on, instead of a
 * silent exit. Every file the commands write is atomic, so stopping at any point leaves nothing half-written.
 */
function onInterrupt(io: CliIO, command: string, what: string): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]).map((signal) => {
    const h = () => {
      io.stderr(`\ninterrupted (${signal}): mteb-ts ${command} stopped before it finished; ${what}.`);
      process.exit(SIGNAL_EXIT[signal]);
    };
    process.once(signal, h);
    return () => process.off(signal, h);
  });
  return () => {
    for (const off of handlers) off();
  };
}

export async function main(argv: string[], rawIO: CliIO = defaultIO()): Promise<number> {
  // Everything the CLI prints (errors, logs, --json) passes one redaction.
  const io = redactingIO(rawIO);
  let code = 0;
  // Known before parsing, so an error while parsing still honours -v.
  let verbose = argv.includes('-v') || argv.includes('--verbose');
  const program = new Command('mteb-ts')
    .description('Evaluate text-embedding models on MTEB tasks, with scores that match the Python mteb library')
    .version(RUNNER_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) })
    .showSuggestionAfterError(true);

  for (const [name, row] of Object.entries(COMMANDS)) {
    const cmd = program.command(name).description(row.description);
    const positional = Object.keys(row.args);
    for (const a of positional) cmd.argument(`<${a}${a === row.variadic ? '...' : ''}>`, row.args[a]);
    addOptions(cmd, row.options);
    cmd.addOption(new Option('-v, --verbose', row.verbose));
    cmd.action(async (...params: unknown[]) => {
      // commander passes the positional values, then the options object.
      const values = { ...(params[positional.length] as Record<string, unknown>) };
      positional.forEach((a, i) => (values[a] = params[i]));
      verbose = !!values.verbose;
      const release = row.interrupted ? onInterrupt(io, name, row.interrupted) : undefined;
      try {
        code = await row.run(values, io);
      } finally {
        release?.();
      }
    });
  }

  try {
    const command = argv.find((a) => !a.startsWith('-'));
    const row = command !== undefined ? (COMMANDS as Record<string, (typeof COMMANDS)[keyof typeof COMMANDS]>)[command] : undefined;
    await program.parseAsync(row ? underscoreAliases(argv, longFlags(row.options)) : argv, { from: 'user' });
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      return ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' || ce.code === 'commander.help' ? 0 : 2;
    }
    const err = pathNameError(e) ?? e;
    printError(io, err, verbose);
    // The exit-code rule (docs/cli.md): 2 when the command as given cannot run, 1 when something failed while running.
    return err instanceof ConfigError ? 2 : 1;
  }
  return code;
}
