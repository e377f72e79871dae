/**
 * `npm run bench [-- <group> ...]`: runs scripts/bench/<group>*.ts (all groups when none is named).
 * Each benchmark prints its figures and ends with one JSON line.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const groups = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .filter((f) => !groups.length || groups.some((g) => f === `${g}.ts` || f.startsWith(`${g}-`)))
  .sort();
if (!files.length) {
  console.error(
    `no benchmark matches ${groups.join(', ')}; available: ${readdirSync(here)
      .filter((f) => f !== 'index.ts')
      .join(', ')}`,
  );
  process.exit(2);
}
for (const f of files) {
  console.log(`\n=== bench ${f.replace(/\.ts$/, '')}`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { main?: () => Promise<void> };
  if (mod.main) await mod.main();
}
