import * as r from './rules.js';

/**
 * Parameters of the ported mteb load_data / dataset_transform overrides (tasks/data-hooks/), which any task
 * type may use: they rewrite rows before the type's evaluator sees them.
 */
// A type alias, not an interface: it must stay assignable to TaskInfo's Record<string, unknown> params.
export type DataHookParams = {
  /** The hook (a key of tasks/data-hooks/index.ts DATA_HOOKS). */
  data_hook?: string;
  /** The dataset config mteb loads (its `dataset["name"]`). */
  hf_config?: string;
  /** A datasets split slice such as "train[:256]". */
  hf_split_slice?: string;
  /** BRIGHT: the domain whose corpus, queries and gold ids are read. */
  bright_domain?: string;
  /** LongEmbed needle/passkey: split rows by context length into "test_<n>" splits. */
  lemb_context_length_splits?: boolean;
  /** Column renames {from: to} of the rename-columns hook. */
  rename_columns?: Record<string, string>;
  /** mteb AbsTaskBitextMining.parallel_subsets: one dataset holds every language column. */
  parallel_subsets?: boolean;
  /** VG hierarchical clustering: the text column ("article" or "ingress"). */
  vg_text_column?: string;
  /** MLSUM P2P: sentences are `title + " " + text` (S2S: `text`). */
  mlsum_title?: boolean;
  /** A revision mteb leaves unpinned (it reads the hub's current "main"). */
  hf_main_revision?: string;
};

export const DATA_HOOK_PARAMS = r.defineParams<DataHookParams>(
  {},
  {
    data_hook: r.string,
    hf_config: r.string,
    hf_split_slice: r.string,
    bright_domain: r.string,
    lemb_context_length_splits: r.boolean,
    rename_columns: r.stringMap,
    parallel_subsets: r.boolean,
    vg_text_column: r.string,
    mlsum_title: r.boolean,
    hf_main_revision: r.string,
  },
);

/** A type's parameter rules plus the data-hook ones: what a task of that type may set. */
export function withDataHookParams(spec: r.ParamsSpec<object>): r.ParamsSpec<object> {
  return { defaults: spec.defaults, rules: { ...spec.rules, ...DATA_HOOK_PARAMS.rules } };
}
