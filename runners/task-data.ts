import { DatasetError } from '../core/errors.js';
import { withDataHook } from '../tasks/data-hooks/index.js';
import type { DatasetSource } from '../tasks/data/source.js';
import { inMemoryRows, type LoadedRows } from '../tasks/data/rows.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import type { LoadContext } from '../tasks/types/module.js';

/** Builds the LoadContext for one (task, split, subset): inline demo rows, mirror/hub rows, or fast_load groups. */
export function loadContext(task: TaskMetadata, split: string, subset: string, source: DatasetSource): LoadContext {
  const loadRows = async (config: string, sp: string): Promise<LoadedRows> => {
    if (task.inline) {
      const rows = task.inline[config]?.[sp];
      if (!rows) throw new DatasetError(`built-in task has no config "${config}" split "${sp}"`, { task: task.name });
      return inMemoryRows(rows, `${task.name}:${config}/${sp}`);
    }
    return source.loadRows(task.dataset, config, sp);
  };
  const listConfigs = async () => (task.inline ? Object.keys(task.inline) : source.listConfigs(task.dataset));
  // The config a subset's rows come from: fast_load groups config "default"; a monolingual task loads the
  // dataset's default config, which a card may call something else.
  const subsetConfig = async (): Promise<string> => {
    if (task.fastLoad) return 'default';
    if (subset !== 'default') return subset;
    const configs = await listConfigs();
    return configs.includes('default') || configs.length !== 1 ? 'default' : configs[0]!;
  };
  // A ported mteb load_data/dataset_transform (params.data_hook) rewrites the rows the evaluator sees.
  return withDataHook({
    task,
    split,
    subset,
    loadRows,
    listConfigs,
    loadDatasetRows: (ref, config, sp) => source.loadRows(ref, config, sp),
    async listSubsetSplits() {
      const config = await subsetConfig();
      if (task.inline) return Object.keys(task.inline[config] ?? {});
      return source.listSplits(task.dataset, config);
    },
    async loadSubsetRows(sp: string) {
      const config = await subsetConfig();
      const rows = await loadRows(config, sp);
      return task.fastLoad ? groupByLang(rows, subset) : rows;
    },
  });
}

/** mteb's fast_load: one `default` config whose rows carry a `lang` column naming their subset. */
function groupByLang(all: LoadedRows, subset: string): LoadedRows {
  const idx: number[] = [];
  all.rows.forEach((r, i) => {
    if (r.lang === subset) idx.push(i);
  });
  if (!idx.length) throw new DatasetError(`no rows with lang = "${subset}" in the default config`, { subset });
  return {
    rows: idx.map((i) => {
      const { lang: _lang, ...rest } = all.rows[i]!;
      return rest;
    }),
    locate: (i) => all.locate(idx[i]!),
  };
}
