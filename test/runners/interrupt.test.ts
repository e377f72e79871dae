import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMirrorRepo } from '../helpers/mirror.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-interrupt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BIOSSES_REV = 'd3fb88f8f02e40887cd149695127462bbcf29b4a';

/** Runs `mteb-ts run` with an encoder that never finishes, sends `signal` once it is encoding. */
function interruptedRun(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; stderr: string }> {
  const mirror = join(tmp, 'mirror');
  writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, {
    test: [
      { sentence1: 'a', sentence2: 'b', score: 1 },
      { sentence1: 'c', sentence2: 'd', score: 2 },
    ],
  });
  const encoder = join(tmp, 'stuck.mjs');
  writeFileSync(
    encoder,
    `export default { name: 'stuck', meta: { name: 'stuck' }, cacheable: false,
       encode() { process.stderr.write('ENCODING\\n'); return new Promise(() => setInterval(() => {}, 1000)); } };\n`,
  );
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '..', 'helpers', 'cli-child.ts'),
      'run',
      '-m',
      `module:${encoder}`,
      '-t',
      'BIOSSES',
      '--hub-mirror',
      mirror,
      '--output-folder',
      join(tmp, `out-${signal}`),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`no exit after ${signal}; stderr: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('ENCODING') && !child.killed) child.kill(signal);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe('Ctrl-C and SIGTERM', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: says the run was interrupted and that rerunning resumes; exits %i; no result file',
    async (signal, exit) => {
      const r = await interruptedRun(signal);
      expect(r.code).toBe(exit);
      expect(r.stderr).toMatch(new RegExp(`interrupted \\(${signal}\\): mteb-ts run stopped before it finished; .*rerun the same command to resume`));
      const out = join(tmp, `out-${signal}`, 'stuck', 'no_revision_available');
      expect(existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'model_meta.json') : []).toEqual([]);
    },
    120_000,
  );
});
