/** Child process for the concurrent-download test: downloads one file into a shared cache and prints its path. */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { HubClient } from '../../hub/client.js';

const [endpoint, cacheDir, repo, revision, path, barrier] = process.argv.slice(2) as [string, string, string, string, string, string?];
const client = new HubClient({ endpoint, cacheDir, baseDelayMs: 10 });
const commit = await client.resolveRevision(repo, revision);
const [info] = await client.pathsInfo(repo, commit, [path]);
if (!info) throw new Error(`no info for ${path}`);
// Start line: both processes announce they are ready, then wait for the test to let them download together.
process.stdout.write('ready\n');
while (barrier && !existsSync(barrier)) await new Promise((r) => setTimeout(r, 10));
const local = await client.download(repo, commit, info);
const sha = createHash('sha256').update(readFileSync(local)).digest('hex');
process.stdout.write(JSON.stringify({ local, sha }) + '\n');
