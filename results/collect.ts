/**
 * Collects result files from folders laid out as mteb writes them: `<root>/<model>/<revision>/<Task>.json`
 * (also accepts mteb's cache root `<cache>/results/...`, a single model or revision folder, or single files).
 * Bad files never stop the collection: each gets an Issue naming the file, and every other file is used.
 */
import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MtebError } from '../core/errors.js';
import { type ModelMetaFile, type NormalizedResult, readModelMeta, readResultFile, registryLookup, type TaskLookup } from './read.js';
import { compareVersions } from './version.js';

export interface Issue {
  level: 'error' | 'warning';
  file: string;
  message: string;
  task?: string;
  model?: string;
}

/** All results of one model at one revision. */
export interface ModelRun {
  model: string;
  revision: string;
  dir: string;
  meta?: ModelMetaFile;
  /** task name -> normalized result */
  results: Map<string, NormalizedResult>;
}

export interface Collection {
  runs: ModelRun[];
  issues: Issue[];
}

export interface CollectOptions {
  lookup?: TaskLookup;
  /** Report result files whose task is not in the registry (default true). */
  warnUnknownTasks?: boolean;
}

const SKIP_FILES = /^(\..*|model_meta\.json|run_settings\.jsonl?|.*_predictions\.json|.*_per_query\.json|.*\.tmp.*)$/i;

/** Walks every given path and groups result files by model and revision. */
export function collectResults(paths: readonly string[], opts: CollectOptions = {}): Collection {
  const lookup = opts.lookup ?? registryLookup;
  const issues: Issue[] = [];
  const runs = new Map<string, ModelRun>();
  /** key model\0revision\0task -> the file that supplied it, for duplicate detection */
  const seenFrom = new Map<string, { file: string; canonical: string }>();
  const conflicted = new Set<string>();

  const addFile = (file: string, model: string, revision: string, dir: string, meta?: ModelMetaFile) => {
    let res: NormalizedResult;
    try {
      res = readResultFile(file, { lookup });
    } catch (e) {
      issues.push({
        level: 'error',
        file,
        model,
        task: e instanceof MtebError ? e.context.task : undefined,
        message: e instanceof MtebError ? e.message : String(e),
      });
      return;
    }
    if (opts.warnUnknownTasks !== false && !lookup(res.task_name)) {
      issues.push({
        level: 'warning',
        file,
        model,
        task: res.task_name,
        message: `unknown task "${res.task_name}" (not in the task registry); its scores are kept for diffs but no benchmark uses them [file ${file}]`,
      });
    }
    const runKey = `${model}\u0000${revision}`;
    let run = runs.get(runKey);
    if (!run) {
      run = { model, revision, dir, meta, results: new Map() };
      runs.set(runKey, run);
    }
    const key = `${runKey}\u0000${res.task_name}`;
    const canonical = JSON.stringify(res.scores) + '|' + res.dataset_revision;
    const prev = seenFrom.get(key);
    if (prev) {
      if (prev.canonical === canonical) return; // the same result reachable twice: harmless
      issues.push({
        level: 'error',
        file,
        model,
        task: res.task_name,
        message: `two different results for model ${model}, revision ${revision}, task ${res.task_name}: ${prev.file} and ${file}; neither is used [file ${file}]`,
      });
      conflicted.add(key);
      run.results.delete(res.task_name);
      return;
    }
    seenFrom.set(key, { file, canonical });
    if (!conflicted.has(key)) run.results.set(res.task_name, res);
  };

  for (const p of paths) {
    if (!existsSync(p)) {
      issues.push({ level: 'error', file: p, message: `results path does not exist: ${p}` });
      continue;
    }
    const st = statSync(p);
    if (st.isFile()) {
      const dir = path.dirname(path.resolve(p));
      const meta = loadMeta(dir, issues);
      const { model, revision } = identify(dir, meta);
      addFile(p, model, revision, dir, meta);
      continue;
    }
    for (const dir of revisionDirs(p)) {
      const meta = loadMeta(dir, issues);
      const { model, revision } = identify(dir, meta);
      for (const f of readdirSync(dir).sort()) {
        if (!f.toLowerCase().endsWith('.json') || SKIP_FILES.test(f)) continue;
        const full = path.join(dir, f);
        if (statSync(full).isFile()) addFile(full, model, revision, dir, meta);
      }
    }
  }
  return { runs: [...runs.values()].filter((r) => r.results.size > 0), issues };
}

/** Every folder below `root` (itself included) that directly holds result JSON files. */
function revisionDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name.toLowerCase().endsWith('.json') && !SKIP_FILES.test(e.name))) out.push(dir);
    if (depth >= 4) return;
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !e.name.startsWith('.')) walk(path.join(dir, e.name), depth + 1);
    }
  };
  walk(path.resolve(root), 0);
  return out;
}

function loadMeta(dir: string, issues: Issue[]): ModelMetaFile | undefined {
  const f = path.join(dir, 'model_meta.json');
  if (!existsSync(f)) return undefined;
  try {
    return readModelMeta(f);
  } catch (e) {
    issues.push({ level: 'warning', file: f, message: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}

/** Model name and revision: from model_meta.json when present, else from `<model>/<revision>/` folder names. */
function identify(dir: string, meta?: ModelMetaFile): { model: string; revision: string } {
  const revision = path.basename(dir);
  const folderModel = path.basename(path.dirname(dir)).replace(/__/g, '/');
  return { model: meta?.name ?? folderModel, revision: meta?.revision && meta.revision === revision ? meta.revision : revision };
}

/** Revisions mteb treats as "unknown" and drops when a model has a real one (BenchmarkResults.join_revisions). */
const NO_REVISION = new Set(['no_revision_available', 'external', '']);

/**
 * Joins a model's revisions into one run per model, per task choosing like mteb's `join_revisions`:
 * the model's main revision (model_meta.json) when present, else drop unknown revisions when a real one
 * exists, else the result written by the latest mteb version.
 */
export function joinRevisions(runs: readonly ModelRun[]): ModelRun[] {
  const byModel = new Map<string, ModelRun[]>();
  for (const r of runs) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  const out: ModelRun[] = [];
  for (const [model, group] of byModel) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const mainRevision = group.find((r) => r.meta?.revision && r.meta.revision === r.revision)?.revision;
    const tasks = new Set(group.flatMap((r) => [...r.results.keys()]));
    const results = new Map<string, NormalizedResult>();
    for (const t of tasks) {
      let cands = group.filter((r) => r.results.has(t));
      const main = cands.find((r) => r.revision === mainRevision);
      if (main) {
        results.set(t, main.results.get(t)!);
        continue;
      }
      const known = cands.filter((r) => !NO_REVISION.has(r.revision));
      if (known.length) cands = known;
      cands.sort((a, b) => compareVersions(b.results.get(t)!.mteb_version ?? '', a.results.get(t)!.mteb_version ?? ''));
      results.set(t, cands[0]!.results.get(t)!);
    }
    const primary = group.find((r) => r.revision === mainRevision) ?? group.find((r) => !NO_REVISION.has(r.revision)) ?? group[0]!;
    out.push({ model, revision: primary.revision, dir: primary.dir, meta: primary.meta, results });
  }
  return out;
}
