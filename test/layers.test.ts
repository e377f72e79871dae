/**
 * The import rule of docs/architecture.md, checked on every source file:
 *
 *   core ← hub ← metrics ← compute ← tasks | models ← results ← runners
 *
 * A file may import from its own folder and from folders to its left, never to its right. tasks/ and models/ are
 * siblings: they meet only through core/ (core/encoder.ts). Imports are read with TypeScript's own pre-processor, so
 * `import type`, `export … from`, multi-line imports and dynamic `import()` all count; worker entry points named
 * by `new URL('./x.js', import.meta.url)` count too. No file-level import cycles either.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

/** Rank of each top-level source folder: imports go to a strictly lower rank. */
const LAYERS = { core: 0, hub: 1, metrics: 2, compute: 3, tasks: 4, models: 4, results: 5, runners: 6 } as const satisfies Record<string, number>;
type Layer = keyof typeof LAYERS;
/** The package entry re-exports the public API of every layer. */
const ENTRY = 'index.ts';

/**
 * Known violations that belong to another open item of issue #10. Each entry must still occur (a stale entry
 * fails the test), so the list only shrinks. Paths are repo-relative source files, `to` without extension.
 */
const ALLOWED: readonly { from: string; to: string; why: string }[] = [];

interface Edge {
  from: string;
  to: string;
  line: number;
}

function sourceFiles(): string[] {
  const out: string[] = [ENTRY];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const rel = join(dir, name);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel.split(sep).join('/'));
    }
  };
  for (const layer of Object.keys(LAYERS)) {
    try {
      statSync(join(ROOT, layer));
    } catch {
      continue; // a layer that does not exist yet (compute/ before it is created)
    }
    walk(layer);
  }
  return out.sort();
}

/** Relative imports of one file, resolved to repo-relative paths without extension. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs: { spec: string; pos: number }[] = ts.preProcessFile(text, true, true).importedFiles.map((f) => ({ spec: f.fileName, pos: f.pos }));
  for (const m of text.matchAll(/new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g))
    specs.push({ spec: m[1]!, pos: m.index ?? 0 });
  return specs
    .filter((s) => s.spec.startsWith('./') || s.spec.startsWith('../'))
    .map((s) => ({
      from: file,
      to: normalize(join(dirname(file), s.spec))
        .split(sep)
        .join('/')
        .replace(/\.(js|ts|mjs|cjs)$/, ''),
      line: text.slice(0, s.pos).split('\n').length,
    }));
}

function layerOf(path: string): Layer | 'entry' | undefined {
  if (path === ENTRY || path === 'index') return 'entry';
  const top = path.split('/')[0]!;
  return top in LAYERS ? (top as Layer) : undefined;
}

/** Why an edge breaks the rule, or undefined when it is allowed. */
function violation(e: Edge): string | undefined {
  const a = layerOf(e.from);
  const b = layerOf(e.to);
  if (a === 'entry') return b === undefined ? 'the package entry imports outside the source folders' : undefined;
  if (a === undefined) return undefined;
  if (b === undefined) return `${a}/ imports outside the source folders`;
  if (b === 'entry') return `${a}/ imports the package entry`;
  if (a === b) return undefined;
  if (LAYERS[b] === LAYERS[a]) return `${a}/ and ${b}/ are siblings and must not import each other (share the contract through core/)`;
  if (LAYERS[b] > LAYERS[a]) return `${a}/ is below ${b}/`;
  return undefined;
}

/** Strongly connected components with more than one file (Tarjan), each as a sorted list. */
function cycles(edges: readonly Edge[], files: readonly string[]): string[][] {
  const known = new Set(files.map((f) => f.replace(/\.ts$/, '')));
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const from = e.from.replace(/\.ts$/, '');
    if (!known.has(e.to)) continue;
    next.set(from, [...(next.get(from) ?? []), e.to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (next.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const f of known) if (!index.has(f)) visit(f);
  return out;
}

describe('layer order (core ← hub ← metrics ← compute ← tasks | models ← results ← runners)', () => {
  const files = sourceFiles();
  const edges = files.flatMap(importsOf);

  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
    // The reader sees the shapes that matter: type-only, re-export and dynamic imports.
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('index.ts', 'core/encoder')).toBe(true);
    expect(has('runners/select-tasks.ts', 'tasks/custom-tasks')).toBe(true);
  });

  it('no file imports from a layer above it or from its sibling', () => {
    const allowed = (e: Edge) => ALLOWED.some((a) => a.from === e.from && a.to === e.to);
    const bad = edges.flatMap((e) => {
      const why = violation(e);
      return why && !allowed(e) ? [`${e.from}:${e.line} imports ${e.to} — ${why}`] : [];
    });
    expect(bad, `layer violations:\n  ${bad.join('\n  ')}\n`).toEqual([]);
  });

  it('every allow-list entry is still needed', () => {
    const stale = ALLOWED.filter((a) => !edges.some((e) => e.from === a.from && e.to === a.to && violation(e)));
    expect(
      stale.map((a) => `${a.from} -> ${a.to}`),
      'remove these entries from ALLOWED',
    ).toEqual([]);
  });

  it('no import cycles between files', () => {
    const found = cycles(edges, files).map((c) => c.join(' -> '));
    expect(found, `import cycles:\n  ${found.join('\n  ')}\n`).toEqual([]);
  });
});

describe('the layer checker itself', () => {
  it('flags upward and sibling imports, accepts downward and same-folder ones', () => {
    const e = (from: string, to: string): Edge => ({ from, to, line: 1 });
    expect(violation(e('tasks/types/sts.ts', 'models/encoder'))).toMatch(/siblings/);
    expect(violation(e('models/bm25.ts', 'tasks/metadata'))).toMatch(/siblings/);
    expect(violation(e('core/errors.ts', 'hub/client'))).toMatch(/below/);
    expect(violation(e('metrics/kmeans.ts', 'compute/ort/session'))).toMatch(/below/);
    expect(violation(e('hub/client.ts', 'scripts/x'))).toMatch(/outside/);
    expect(violation(e('runners/cli.ts', 'tasks/registry'))).toBeUndefined();
    expect(violation(e('compute/ort/session.ts', 'metrics/kmeans'))).toBeUndefined();
    expect(violation(e('tasks/types/sts.ts', 'tasks/metadata'))).toBeUndefined();
    expect(violation(e('index.ts', 'runners/cli'))).toBeUndefined();
  });
  it('finds cycles, including through more than two files', () => {
    const e = (from: string, to: string): Edge => ({ from: `${from}.ts`, to, line: 1 });
    const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts'];
    expect(cycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')], files)).toEqual([['a', 'b', 'c']]);
    expect(cycles([e('a', 'b'), e('b', 'c')], files)).toEqual([]);
  });
});
