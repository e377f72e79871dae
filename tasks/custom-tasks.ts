/**
 * User-defined tasks from a JSON or YAML file (`--task-file`), pointing at a hub repo or a local folder
 * laid out like one, so private data can be evaluated without touching the code.
 *
 *   tasks:
 *     - name: MyPrivateSTS
 *       type: STS
 *       dataset: { path: ./data/my-sts }            # local folder, relative to this file
 *       eval_splits: [test]
 *       languages: [eng-Latn]                       # or subsets: { default: [eng-Latn] }
 *     - name: MyHubRetrieval
 *       type: Retrieval
 *       dataset: { path: my-org/my-retrieval, revision: 0123abcd... }
 *       main_score: ndcg_at_10
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';
import type { TaskMetadata } from './metadata.js';
import { withDataHookParams } from './params/data-hooks.js';
import { paramProblems } from './params/rules.js';
import { allTaskNames } from './registry.js';
import { evaluatorVariants, findTaskType, TASK_TYPE_NAMES, TASK_TYPES } from './task-types.js';

const LANG_RE = /^[a-z]{3}-[A-Z][a-z]{3}$/;
const HUB_ID_RE = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;
const KNOWN_KEYS = new Set([
  'name',
  'type',
  'description',
  'reference',
  'dataset',
  'eval_splits',
  'evalSplits',
  'subsets',
  'languages',
  'main_score',
  'mainScore',
  'params',
  'prompt',
  'category',
  'domains',
  'evaluator',
  'fast_load',
  'fastLoad',
]);

/** Reads and validates a task file; every error names the file and the offending field. */
export function loadTaskFile(file: string): TaskMetadata[] {
  const path = resolve(file);
  if (!existsSync(path)) throw new ConfigError('task file not found', { file: path });
  const text = readFileSync(path, 'utf8');
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`cannot parse task file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  return parseTaskDocument(doc, path);
}

/** Validates an already parsed document (a list of tasks, or `{tasks: [...]}`); `file` anchors relative paths. */
export function parseTaskDocument(doc: unknown, file: string): TaskMetadata[] {
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.tasks) ? doc.tasks : undefined;
  if (!list) throw new ConfigError('a task file must hold a list of tasks, or an object with a "tasks" list', { file });
  if (!list.length) throw new ConfigError('the task file defines no tasks', { file });
  const builtIn = new Set(allTaskNames());
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const task = parseTask(raw, `tasks[${i}]`, file);
    if (builtIn.has(task.name)) throw fieldError(file, `tasks[${i}].name`, `"${task.name}" is a built-in task; pick another name`);
    if (seen.has(task.name)) throw fieldError(file, `tasks[${i}].name`, `"${task.name}" is defined twice`);
    seen.add(task.name);
    return task;
  });
}

function parseTask(raw: unknown, at: string, file: string): TaskMetadata {
  if (!isObject(raw)) throw fieldError(file, at, 'must be an object');
  const unknown = Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length) throw fieldError(file, `${at}.${unknown[0]}`, `unknown field (known: ${[...KNOWN_KEYS].join(', ')})`);

  const name = str(raw.name, `${at}.name`, file);
  if (!/^[\w.()-]+$/.test(name)) throw fieldError(file, `${at}.name`, 'use letters, digits, "_", "-", "." only (it becomes a file name)');
  const typeName = str(raw.type, `${at}.type`, file);
  const type = findTaskType(typeName);
  if (!type) throw fieldError(file, `${at}.type`, `unknown task type "${typeName}" (one of ${TASK_TYPE_NAMES.join(', ')})`);

  if (!isObject(raw.dataset)) throw fieldError(file, `${at}.dataset`, 'required: { path, revision }');
  const dsPath = str(raw.dataset.path, `${at}.dataset.path`, file);
  const unknownDs = Object.keys(raw.dataset).filter((k) => k !== 'path' && k !== 'revision');
  if (unknownDs.length) throw fieldError(file, `${at}.dataset.${unknownDs[0]}`, 'unknown field (known: path, revision)');
  const local = dsPath.startsWith('.') || isAbsolute(dsPath) || dsPath.startsWith('~');
  let path = dsPath;
  let revision: string;
  if (local) {
    path = resolve(dirname(file), dsPath);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw fieldError(file, `${at}.dataset.path`, `local dataset folder ${path} does not exist`);
    revision = raw.dataset.revision === undefined ? 'local' : str(raw.dataset.revision, `${at}.dataset.revision`, file);
  } else {
    if (!HUB_ID_RE.test(dsPath))
      throw fieldError(file, `${at}.dataset.path`, `"${dsPath}" is neither a hub repo id (owner/name) nor a local folder (start it with ./ or /)`);
    if (raw.dataset.revision === undefined) {
      throw fieldError(
        file,
        `${at}.dataset.revision`,
        'required for hub datasets: pin a commit sha (or a branch such as "main") so scores are reproducible',
      );
    }
    revision = str(raw.dataset.revision, `${at}.dataset.revision`, file);
  }

  const splitsRaw = raw.eval_splits ?? raw.evalSplits ?? ['test'];
  const evalSplits = strList(splitsRaw, `${at}.eval_splits`, file);
  if (!evalSplits.length) throw fieldError(file, `${at}.eval_splits`, 'must name at least one split');

  let subsets: Record<string, string[]>;
  if (raw.subsets !== undefined) {
    if (raw.languages !== undefined) throw fieldError(file, `${at}.languages`, 'give either subsets or languages, not both');
    if (!isObject(raw.subsets) || !Object.keys(raw.subsets).length)
      throw fieldError(file, `${at}.subsets`, 'must map subset names to language lists');
    subsets = {};
    for (const [s, langs] of Object.entries(raw.subsets)) subsets[s] = langList(langs, `${at}.subsets.${s}`, file);
  } else {
    subsets = { default: raw.languages === undefined ? ['eng-Latn'] : langList(raw.languages, `${at}.languages`, file) };
  }

  const mainScore = raw.main_score ?? raw.mainScore;
  const task: TaskMetadata = {
    name,
    type,
    description: raw.description === undefined ? `Custom ${type} task from ${file}` : str(raw.description, `${at}.description`, file),
    dataset: { path, revision },
    evalSplits,
    subsets,
    mainScore: mainScore === undefined ? TASK_TYPES[type].mainScore : str(mainScore, `${at}.main_score`, file),
    origin: 'custom',
  };
  if (raw.reference !== undefined) task.reference = str(raw.reference, `${at}.reference`, file);
  if (raw.category !== undefined) task.category = str(raw.category, `${at}.category`, file);
  if (raw.domains !== undefined) task.domains = strList(raw.domains, `${at}.domains`, file);
  if (raw.evaluator !== undefined) {
    const evaluator = str(raw.evaluator, `${at}.evaluator`, file);
    const variants = evaluatorVariants(type);
    if (!variants.includes(evaluator)) {
      throw fieldError(
        file,
        `${at}.evaluator`,
        variants.length
          ? `unknown ${type} evaluator "${evaluator}" (one of ${variants.join(', ')})`
          : `${type} tasks have no evaluator variants; drop this field`,
      );
    }
    task.evaluator = evaluator as TaskMetadata['evaluator'];
  }
  const fastLoad = raw.fast_load ?? raw.fastLoad;
  if (fastLoad !== undefined) {
    if (typeof fastLoad !== 'boolean') throw fieldError(file, `${at}.fast_load`, 'must be true or false');
    task.fastLoad = fastLoad;
  }
  if (raw.params !== undefined) {
    if (!isObject(raw.params)) throw fieldError(file, `${at}.params`, 'must be an object');
    // Each parameter against the type's rules (tasks/params/), plus the data-hook parameters any type may use.
    const [problem] = paramProblems(withDataHookParams(TASK_TYPES[type].params), raw.params);
    if (problem) throw fieldError(file, `${at}.params.${problem.field}`, `${problem.message} (task type ${type})`);
    task.params = raw.params;
  }
  if (raw.prompt !== undefined) {
    if (typeof raw.prompt === 'string') task.prompt = raw.prompt;
    else if (
      isObject(raw.prompt) &&
      Object.keys(raw.prompt).every((k) => (k === 'query' || k === 'document') && typeof raw.prompt![k as 'query'] === 'string')
    ) {
      task.prompt = raw.prompt as { query?: string; document?: string };
    } else throw fieldError(file, `${at}.prompt`, 'must be a string or { query, document } strings');
  }
  return task;
}

function fieldError(file: string, field: string, msg: string): ConfigError {
  return new ConfigError(`invalid task file: ${field} ${msg}`, { file });
}

// biome-ignore lint/suspicious/noExplicitAny: task files are free-form YAML/JSON; each field is checked where it is read.
function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown, field: string, file: string): string {
  if (typeof v !== 'string' || !v.trim()) throw fieldError(file, field, v === undefined ? 'is required' : 'must be a non-empty string');
  return v;
}

function strList(v: unknown, field: string, file: string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || !x)) throw fieldError(file, field, 'must be a list of strings');
  return list as string[];
}

function langList(v: unknown, field: string, file: string): string[] {
  const list = strList(v, field, file);
  const bad = list.find((l) => !LANG_RE.test(l));
  if (bad) throw fieldError(file, field, `"${bad}" is not an ISO 639-3 + script code like "eng-Latn"`);
  return list;
}
