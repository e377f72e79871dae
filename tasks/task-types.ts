/**
 * The task types: one row each. This table is the single source of the `TaskType` union, of every list of
 * types and of every branch on a type's capabilities (the shape of transformers.js `SUPPORTED_TASKS` and
 * promptfoo's `ASSERTION_HANDLERS`). A row without an evaluator does not compile.
 *
 * Evaluators are lazy `import()`s, so importing this table (listing tasks, parsing a task file) never loads
 * onnxruntime or the metrics code.
 *
 * Adding a task type (e.g. MultilabelClassification):
 * 1. `params/<type>.ts`: the params interface, its defaults (mteb's class attributes) and one rule per parameter;
 * 2. `types/<type>.ts`: the evaluator, `{load, evaluate}`, reading params with `resolveParams` and returning
 *    scores that `satisfies` its score-key type;
 * 3. a row here: evaluator loader, params, main score, capability flags;
 * 4. `catalog/<type>.ts` (or generated lines in `catalog/mteb/`) plus its spread in `catalog/index.ts`;
 * 5. tests: `test/tasks/types/<type>.test.ts` against reference values.
 * Nothing else branches on type names: the TaskType union, CLI help, task-file validation, the runner's
 * sklearn/model-kind checks and diff's ranking check all derive from this table.
 */
import type { ModelKind } from '../core/encoder.js';
import { NotImplementedTaskError } from '../core/errors.js';
import { BITEXT_MINING_PARAMS } from './params/bitext-mining.js';
import { CLASSIFICATION_PARAMS } from './params/classification.js';
import { CLUSTERING_PARAMS } from './params/clustering.js';
import { MULTILABEL_CLASSIFICATION_PARAMS } from './params/multilabel-classification.js';
import { PAIR_CLASSIFICATION_PARAMS } from './params/pair-classification.js';
import { RETRIEVAL_PARAMS } from './params/retrieval.js';
import type { ParamsOf, ParamsSpec } from './params/rules.js';
import { STS_PARAMS } from './params/sts.js';
import { SUMMARIZATION_PARAMS } from './params/summarization.js';
import type { TaskTypeModule } from './types/module.js';

/** A lazily imported evaluator module; `lazy()` checks that its default export is a `{load, evaluate}` module. */
export type EvaluatorLoader = () => Promise<TaskTypeModule<unknown>>;

function lazy<D>(load: () => Promise<{ default: TaskTypeModule<D> }>): EvaluatorLoader {
  return async () => (await load()).default as TaskTypeModule<unknown>;
}

export interface TaskTypeSpec {
  /** The type's evaluator (mteb's AbsTask<Type> + its Evaluator). */
  readonly evaluator: EvaluatorLoader;
  /** Other evaluators a task of this type can pick with `evaluator: <id>` (e.g. mteb's v1 clustering). */
  readonly variants?: Readonly<Record<string, EvaluatorLoader>>;
  /** The type's parameters: interface, defaults (mteb's class attributes) and the rules task files are checked with. */
  readonly params: ParamsSpec<object>;
  /** mteb's usual main score of the type; custom tasks that name none get it. */
  readonly mainScore: string;
  /**
   * Scores depend on the scikit-learn release (logistic regression's objective, MiniBatchKMeans' sampler),
   * so result files record the release reproduced (`runner.sklearn_version`).
   */
  readonly sklearn: boolean;
  /**
   * Scores are trec_eval measures over a ranking per query, so `diff` can bootstrap per query from saved runs;
   * `requireTopRanked`: the dataset must give each query's candidates (config `top_ranked`).
   */
  readonly ranking: false | { readonly requireTopRanked: boolean };
  /** The model kinds that serve it (core/encoder.ts `ModelKind`): "retriever" models such as BM25 rank documents themselves. */
  readonly models: readonly ModelKind[];
  /**
   * The type's evaluator keeps state from one (split, subset) to the next (mteb v2 clustering draws every subset
   * from one task-level `random.Random(42)`, mteb/abstasks/clustering.py): never split into subset units, and
   * checkpoints store the state (its `saveState`/`restoreState`). Variants do not inherit it.
   */
  readonly stateAcrossSubsets?: boolean;
}

export const TASK_TYPES = {
  BitextMining: {
    evaluator: lazy(() => import('./types/bitext-mining.js')),
    params: BITEXT_MINING_PARAMS,
    mainScore: 'f1',
    sklearn: false,
    ranking: false,
    models: ['embedding'],
  },
  Classification: {
    evaluator: lazy(() => import('./types/classification.js')),
    params: CLASSIFICATION_PARAMS,
    mainScore: 'accuracy',
    sklearn: true,
    ranking: false,
    models: ['embedding'],
  },
  Clustering: {
    evaluator: lazy(() => import('./types/clustering.js')),
    params: CLUSTERING_PARAMS,
    // mteb v1's AbsTaskClustering: one k-means per cluster set (the 11 clustering tasks of MTEB(eng, v1)).
    variants: { ClusteringLegacy: lazy(() => import('./types/clustering-legacy.js')) },
    mainScore: 'v_measure',
    sklearn: true,
    ranking: false,
    models: ['embedding'],
    stateAcrossSubsets: true,
  },
  // FollowIR / mFollowIR: retrieval over each query variant's candidates, plus p-MRR and og/changed scores.
  InstructionReranking: {
    evaluator: lazy(() => import('./types/instruction-reranking.js')),
    // Its rows load through the retrieval loader (ignore_titles, binary_qrels).
    params: RETRIEVAL_PARAMS,
    mainScore: 'p-MRR',
    sklearn: false,
    ranking: { requireTopRanked: true },
    models: ['embedding', 'retriever'],
  },
  // mteb's AbsTaskMultilabelClassification: KNeighborsClassifier(5) over PCG64 undersampling. sklearn: false —
  // KNN's neighbours and votes are the same in every release the version switch distinguishes.
  MultilabelClassification: {
    evaluator: lazy(() => import('./types/multilabel-classification.js')),
    params: MULTILABEL_CLASSIFICATION_PARAMS,
    mainScore: 'accuracy',
    sklearn: false,
    ranking: false,
    models: ['embedding'],
  },
  PairClassification: {
    evaluator: lazy(() => import('./types/pair-classification.js')),
    params: PAIR_CLASSIFICATION_PARAMS,
    mainScore: 'max_ap',
    sklearn: false,
    ranking: false,
    models: ['embedding'],
  },
  Reranking: {
    evaluator: lazy(() => import('./types/reranking.js')),
    params: RETRIEVAL_PARAMS,
    mainScore: 'map_at_1000',
    sklearn: false,
    ranking: { requireTopRanked: true },
    models: ['embedding', 'retriever'],
  },
  Retrieval: {
    evaluator: lazy(() => import('./types/retrieval.js')),
    params: RETRIEVAL_PARAMS,
    mainScore: 'ndcg_at_10',
    sklearn: false,
    ranking: { requireTopRanked: false },
    models: ['embedding', 'retriever'],
  },
  STS: {
    evaluator: lazy(() => import('./types/sts.js')),
    params: STS_PARAMS,
    mainScore: 'cosine_spearman',
    sklearn: false,
    ranking: false,
    models: ['embedding'],
  },
  Summarization: {
    evaluator: lazy(() => import('./types/summarization.js')),
    params: SUMMARIZATION_PARAMS,
    mainScore: 'cosine_spearman',
    sklearn: false,
    ranking: false,
    models: ['embedding'],
  },
} as const satisfies Record<string, TaskTypeSpec>;

export type TaskType = keyof typeof TASK_TYPES;

/** Evaluator variant ids a task of type T may name in `evaluator`. */
export type EvaluatorVariant<T extends TaskType = TaskType> = T extends TaskType
  ? (typeof TASK_TYPES)[T] extends { variants: infer V }
    ? keyof V & string
    : never
  : never;

/** The parameters of a task type (mteb's class attributes), all present after `resolveParams`. */
export type TaskParams<T extends TaskType> = ParamsOf<(typeof TASK_TYPES)[T]['params']>;

/** Every task type, in table order. */
export const TASK_TYPE_NAMES = Object.keys(TASK_TYPES) as TaskType[];

/**
 * The row of a type, widened to the spec interface (for code that reads flags of any type). A type outside the
 * table (a catalog entry whose evaluator has not landed, a cast) is refused with NotImplementedTaskError.
 */
export function taskTypeSpec(type: TaskType): TaskTypeSpec {
  const spec = findTaskTypeSpec(type);
  if (!spec)
    throw new NotImplementedTaskError(`task type ${type} has no evaluator yet`, { hint: `implemented task types: ${TASK_TYPE_NAMES.join(', ')}` });
  return spec;
}

/** The row of a type name read from data (result files, catalog entries of pending types); undefined when there is none. */
export function findTaskTypeSpec(name: string): TaskTypeSpec | undefined {
  return Object.hasOwn(TASK_TYPES, name) ? TASK_TYPES[name as TaskType] : undefined;
}

/** The types whose row passes `test`, in table order. */
export function taskTypesWhere(test: (spec: TaskTypeSpec) => boolean): TaskType[] {
  return TASK_TYPE_NAMES.filter((t) => test(TASK_TYPES[t]));
}

/** Case-insensitive lookup of a type name (CLI filters, task files); undefined when unknown. */
export function findTaskType(name: string): TaskType | undefined {
  const lower = name.toLowerCase();
  return TASK_TYPE_NAMES.find((t) => t.toLowerCase() === lower);
}

/** Variant ids of a type (empty for most). */
export function evaluatorVariants(type: TaskType): string[] {
  return Object.keys(taskTypeSpec(type).variants ?? {});
}
