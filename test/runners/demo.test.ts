import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Finds a result file below `dir`. */
function find(dir: string, name: string): string {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && e.name === name) return join(e.parentPath, e.name);
  throw new Error(`${name} not found below ${dir}`);
}

describe('demo table', () => {
  it("a multi-subset task shows the task's mean over its subsets (as leaderboards score it), not its first subset", async () => {
    const r = await runCli(['demo', '-m', 'lexical', '--output-folder', tmp]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(find(tmp, 'DemoBitextMining.json'), 'utf8')) as { scores: Record<string, { main_score: number }[]> };
    const rows = Object.values(result.scores).flat();
    expect(rows.length).toBe(2);
    const mean = (rows[0]!.main_score + rows[1]!.main_score) / 2;
    const line = r.stdout.split('\n').find((l) => l.startsWith('DemoBitextMining'))!;
    expect(line).toMatch(/mean of 2/);
    expect(line.trim().split(/\s+/).at(-1)).toBe((mean * 100).toFixed(2));
  });
});
