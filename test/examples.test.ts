/**
 * #11 item 4: the examples run against the *built* package, importing 'mteb-ts' and 'mteb-ts/results' by name (the
 * package's own exports map, as a consumer resolves them), with plain `node` (no tsx). dist/ is rebuilt first when
 * it is older than the sources.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../tasks/registry.js';
import { writeMirrorRepo } from './helpers/mirror.js';

const root = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'mteb-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Newest mtime of the sources the build compiles. */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (p.endsWith('.ts')) newest = Math.max(newest, st.mtimeMs);
  };
  for (const d of ['index.ts', 'core', 'hub', 'compute', 'tasks', 'metrics', 'models', 'runners', 'results']) walk(join(root, d));
  return newest;
}

const node = (args: string[], cwd = root) =>
  spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });

// A small mirror of STS12 and SICK-R at the revisions the catalog pins, so the README example needs no ../shared.
const mirror = join(tmp, 'hub');
const rows = [
  { sentence1: 'A man is playing a guitar.', sentence2: 'A man plays the guitar.', score: 4.8 },
  { sentence1: 'A woman is slicing an onion.', sentence2: 'Someone cuts an onion.', score: 4.0 },
  { sentence1: 'The cat sleeps on the sofa.', sentence2: 'Stock markets fell sharply today.', score: 0.2 },
  { sentence1: 'Two dogs run in the park.', sentence2: 'Dogs are running outside.', score: 3.6 },
];
for (const name of ['STS12', 'SICK-R']) {
  const t = getTask(name);
  writeMirrorRepo(mirror, t.dataset.path, t.dataset.revision, { test: rows });
}

describe('examples/ against the built package', () => {
  beforeAll(() => {
    const dist = join(root, 'dist', 'index.js');
    if (!existsSync(dist) || statSync(dist).mtimeMs < newestSource()) {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
        cwd: root,
        stdio: 'pipe',
      });
    }
  }, 300_000);

  it('the README library example (examples/library.mjs) succeeds after `embed -t`', { timeout: 400_000 }, () => {
    const vectors = join(tmp, 'my-vectors');
    const e = node(['bin/mteb-ts.js', 'embed', '-m', 'lexical', '-t', 'STS12', 'SICK-R', '--hub-mirror', mirror, '--out', vectors]);
    expect(e.stderr).toMatch(/embedded \d+ texts of 2 tasks/);
    expect(e.status).toBe(0);
    const r = node(['examples/library.mjs', mirror, vectors, join(tmp, 'results')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^STS12 -?\d/m);
    expect(r.stdout).toMatch(/^SICK-R -?\d/m);
  });

  it('examples/encoder.mjs runs through module:, in the folder its revision names (meta and folder agree)', { timeout: 400_000 }, () => {
    const out = join(tmp, 'results');
    const r = node(['bin/mteb-ts.js', 'run', '-m', 'module:examples/encoder.mjs', '-t', 'STS12', '--hub-mirror', mirror, '--output-folder', out]);
    expect(r.status).toBe(0);
    const folder = join(out, 'results', 'example__char-trigram-hash', 'v1');
    expect(existsSync(join(folder, 'STS12.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'model_meta.json'), 'utf8')).revision).toBe('v1');
  });

  it('examples/results.mjs imports mteb-ts/results: a leaderboard of both models, their diff, an HTML report', { timeout: 400_000 }, () => {
    const html = join(tmp, 'report.html');
    const r = node(['examples/results.mjs', join(tmp, 'results'), html]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('example/char-trigram-hash');
    // The precomputed folder carries the name of the model that embedded it (embed writes model_meta.json).
    expect(r.stdout).toContain('mteb-ts/lexical-hash-512');
    expect(r.stdout).toMatch(/STS12/);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('examples/encoder.ts compiles as its header says, and runs; plain Node 20 is told how to compile it', { timeout: 600_000 }, () => {
    const build = join(tmp, 'build');
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--module',
        'nodenext',
        '--target',
        'es2022',
        '--rootDir',
        'examples',
        '--outDir',
        build,
        'examples/encoder.ts',
      ],
      { cwd: root, stdio: 'pipe' },
    );
    const out = join(tmp, 'results-ts');
    const r = node([
      'bin/mteb-ts.js',
      'run',
      '-m',
      `module:${join(build, 'encoder.js')}`,
      '-t',
      'STS12',
      '--hub-mirror',
      mirror,
      '--output-folder',
      out,
    ]);
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'results', 'example__char-trigram-hash', 'v1', 'STS12.json'))).toBe(true);
    const direct = node([
      'bin/mteb-ts.js',
      'run',
      '-m',
      'module:examples/encoder.ts',
      '-t',
      'STS12',
      '--hub-mirror',
      mirror,
      '--output-folder',
      join(tmp, 'results-direct'),
    ]);
    if (direct.status === 0) return; // this Node strips types itself (>= 23.6)
    expect(direct.status).toBe(2);
    expect(direct.stderr).toMatch(/cannot load TypeScript: compile it \(npx tsc --module nodenext/);
  });
});
