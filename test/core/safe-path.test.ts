import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { joinUnder, modelNameAsPath, pathComponent, revisionAsPath } from '../../core/safe-path.js';
import { RepoCache } from '../../hub/cache.js';
import { writeNpy } from '../../models/npy.js';
import { ResultStore } from '../../runners/result-store.js';
import { runCli } from '../helpers/cli.js';

/** Every file below `dir`, relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('path components from names, revisions and task names', () => {
  it("maps model names as mteb's model_name_as_path does", () => {
    expect(modelNameAsPath('sentence-transformers/all-MiniLM-L6-v2')).toBe('sentence-transformers__all-MiniLM-L6-v2');
    expect(modelNameAsPath('my model')).toBe('my_model');
    expect(revisionAsPath('refs/pr/1')).toBe('refs__pr__1');
  });

  it.each(['..', '.', '', 'a\0b', 'a\\b', 'x'.repeat(256)])('refuses %j with a ConfigError naming what it is', (bad) => {
    expect(() => pathComponent(bad, 'task name')).toThrow(ConfigError);
    expect(() => pathComponent(bad, 'task name')).toThrow(/task name/);
  });

  it('refuses a model name or revision that maps to a dot-folder, and a joined path that leaves its root', () => {
    expect(() => modelNameAsPath('..')).toThrow(/model name "\.\."/);
    expect(() => revisionAsPath('..')).toThrow(/model revision/);
    expect(revisionAsPath('../../x')).toBe('..__..__x'); // one harmless folder name
    expect(() => joinUnder('/out', '..', 'x')).toThrow(/not inside/);
    expect(() => joinUnder('/out', '/etc/passwd')).not.toThrow(); // join keeps it under /out
    expect(joinUnder('/out', 'a', 'b.json')).toBe('/out/a/b.json');
  });

  it('ResultStore keeps every file under the output folder', () => {
    const out = mkdtempSync(join(tmpdir(), 'safe-'));
    expect(() => new ResultStore(out, '..', undefined)).toThrow(ConfigError);
    const store = new ResultStore(out, 'owner/model', '../../../x');
    expect(store.folder).toBe(join(out, 'results', 'owner__model', '..__..__..__x'));
    expect(() => store.finalPath('../evil')).toThrow(/task name/);
    expect(() => store.partialPath('..')).toThrow(/task name/);
  });

  it('the HF cache refuses refs, repo ids and file paths that leave the repo folder', () => {
    const cache = mkdtempSync(join(tmpdir(), 'safe-hf-'));
    const repo = new RepoCache(cache, 'owner/name');
    expect(() => repo.writeRef('../../../escape', 'a'.repeat(40))).toThrow(/revision/);
    expect(() => repo.snapshotPath('a'.repeat(40), '../../x')).toThrow(/file path/);
    expect(() => new RepoCache(cache, '../x')).toThrow(/repository id/);
    repo.writeRef('refs/pr/1', 'b'.repeat(40)); // a real nested ref still works
    expect(repo.readRef('refs/pr/1')).toBe('b'.repeat(40));
    expect(listFiles(cache)).toEqual(['datasets--owner--name/refs/refs/pr/1']);
  });

  it("a precomputed folder whose model_meta.json says name '..' writes nothing and exits 2", async () => {
    const root = mkdtempSync(join(tmpdir(), 'safe-run-'));
    const vecs = join(root, 'someone-elses-vectors');
    mkdirSync(vecs);
    const texts = ['a', 'b'];
    writeFileSync(join(vecs, 'texts.jsonl'), texts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    writeNpy(join(vecs, 'embeddings.npy'), { rows: 2, cols: 2, data: Float32Array.from([1, 0, 0, 1]) });
    writeFileSync(join(vecs, 'model_meta.json'), JSON.stringify({ name: '..', revision: '../../../x' }));
    const out = join(root, 'out');
    const r = await runCli(['run', '-m', `precomputed:${vecs}`, '-t', 'DemoSTS', '--output-folder', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model name "\.\."/);
    expect(listFiles(root).filter((f) => !f.startsWith('someone-elses-vectors/'))).toEqual([]);
  });
});
