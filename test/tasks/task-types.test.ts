import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NotImplementedTaskError } from '../../core/errors.js';
import { ALL_TASKS } from '../../tasks/catalog/index.js';
import {
  evaluatorVariants,
  findTaskType,
  findTaskTypeSpec,
  TASK_TYPE_NAMES,
  TASK_TYPES,
  type TaskType,
  type TaskTypeSpec,
  taskTypeSpec,
  taskTypesWhere,
} from '../../tasks/task-types.js';
import { loadEvaluator } from '../../tasks/types/index.js';

describe('TASK_TYPES', () => {
  it('names the ten mteb task types this runner implements', () => {
    expect(TASK_TYPE_NAMES).toEqual([
      'BitextMining',
      'Classification',
      'Clustering',
      'InstructionReranking',
      'MultilabelClassification',
      'PairClassification',
      'Reranking',
      'Retrieval',
      'STS',
      'Summarization',
    ]);
    expect(findTaskType('sts')).toBe('STS');
    expect(findTaskType('pairclassification')).toBe('PairClassification');
    expect(findTaskType('Regression')).toBeUndefined();
  });

  it('holds the capabilities that used to be string tests in the runner, diff and bm25', () => {
    // runners/evaluate.ts recorded sklearn_version for these two; diff bootstrapped these two per query.
    expect(taskTypesWhere((s) => s.sklearn)).toEqual(['Classification', 'Clustering']);
    expect(taskTypesWhere((s) => s.ranking !== false)).toEqual(['InstructionReranking', 'Reranking', 'Retrieval']);
    expect(taskTypesWhere((s) => s.ranking !== false && s.ranking.requireTopRanked)).toEqual(['InstructionReranking', 'Reranking']);
    expect(taskTypesWhere((s) => s.models.includes('retriever'))).toEqual(['InstructionReranking', 'Reranking', 'Retrieval']);
    expect(taskTypesWhere((s) => s.models.includes('embedding'))).toEqual(TASK_TYPE_NAMES);
    expect(evaluatorVariants('Clustering')).toEqual(['ClusteringLegacy']);
  });

  it('a type name outside the table (data, a pending catalog entry) is refused, not crashed on', () => {
    expect(findTaskTypeSpec('Regression')).toBeUndefined();
    expect(findTaskTypeSpec('toString')).toBeUndefined();
    expect(() => taskTypeSpec('Regression' as TaskType)).toThrow(NotImplementedTaskError);
    expect(() => taskTypeSpec('Regression' as TaskType)).toThrow(/task type Regression has no evaluator yet/);
  });

  it('every row and variant loads a {load, evaluate} module', async () => {
    for (const [type, spec] of Object.entries(TASK_TYPES) as [string, TaskTypeSpec][]) {
      for (const load of [spec.evaluator, ...Object.values(spec.variants ?? {})]) {
        const mod = await load();
        expect(typeof mod.load, type).toBe('function');
        expect(typeof mod.evaluate, type).toBe('function');
      }
    }
  });

  it('every runnable catalog task resolves to an evaluator', async () => {
    const seen = new Map<string, (typeof ALL_TASKS)[number]>();
    // `unsupported` tasks (e.g. of a type whose evaluator has not landed) are refused by the runner first.
    for (const t of ALL_TASKS) if (!t.unsupported) seen.set(`${t.type}/${t.evaluator ?? ''}`, t);
    for (const t of seen.values()) expect(typeof (await loadEvaluator(t)).evaluate).toBe('function');
  });

  it('a row without an evaluator does not compile', () => {
    // @ts-expect-error -- `evaluator` is required: a type with no evaluator is a compile error, not a runtime one.
    const row: TaskTypeSpec = { mainScore: 'x', sklearn: false, ranking: false, models: ['embedding'] };
    expect(row).toBeDefined();
  });

  it('listing tasks and reading the table never load onnxruntime', () => {
    // A fresh process: the CLI lists every task; then the loaded CommonJS modules are inspected.
    const code = [
      "import { createRequire } from 'node:module';",
      "const { main } = await import('./runners/cli.ts');",
      "await import('./tasks/task-types.ts');",
      "let out = '';",
      "const code = await main(['list', 'tasks', '--json'], { stdout: (s) => (out += s), stderr: () => {}, stderrIsTTY: false });",
      'const cache = Object.keys(createRequire(import.meta.url).cache);',
      "const ort = cache.filter((k) => k.includes('onnxruntime')).length;",
      // Control: the probe does see onnxruntime once something imports it.
      "await import('onnxruntime-node');",
      "const control = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('onnxruntime')).length;",
      'console.log(JSON.stringify({ code, tasks: JSON.parse(out).length, ort, control }));',
    ].join('\n');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as { code: number; tasks: number; ort: number; control: number };
    expect(r.code).toBe(0);
    expect(r.tasks).toBeGreaterThan(50);
    expect(r.ort).toBe(0);
    expect(r.control).toBeGreaterThan(0);
  });
});
