// Entry for tests that run the CLI from the TypeScript sources in a separate process:
// `node --import tsx test/helpers/cli-main.ts <args>` (cwd = repository root).
import { main } from '../../runners/cli.js';

process.exitCode = await main(process.argv.slice(2));
