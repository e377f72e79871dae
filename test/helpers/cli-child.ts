/** The CLI in a child process, from the TypeScript sources: `node --import tsx test/helpers/cli-child.ts <args>`. */
import { main } from '../../runners/cli.js';

process.exitCode = await main(process.argv.slice(2));
