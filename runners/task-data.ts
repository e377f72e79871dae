import { DatasetError, ModelError } from '../core/errors.js';
import { inMemoryRows, type LoadedRows } from '../tasks/data/rows.js';
import type { DatasetSource } from '../tasks/data/source.js';
import { withDataHook } from '../tasks/data-hooks/index.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import type { LoadContext } from '../tasks/types/module.js';

/** What the encoder can take: rows with a longer text fail the task at load, naming file and row (#12 item 9). */
export interface TextLimit {
  model: string;
  maxTextChars: number;
}

/** Builds the LoadContext for one (task, split, subset): inline demo rows, mirror/hub rows, or fast_load groups. */
export function loadContext(task: TaskMetadata, split: string, subset: string, source: DatasetSource, limit?: TextLimit): LoadContext {
  const loadRows = async (config: string, sp: string): Promise<LoadedRows> => {
    let loaded: LoadedRows;
    if (task.inline) {
      const rows = task.inline[config]?.[sp];
      if (!rows) throw new DatasetError(`built-in task has no config "${config}" split "${sp}"`, { task: task.name });
      loaded = inMemoryRows(rows, `${task.name}:${config}/${sp}`);
    } else loaded = await source.loadRows(task.dataset, config, sp);
    if (limit) checkTextLengths(loaded, limit, { task: task.name, split, subset });
    return loaded;
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

/**
 * Fails on the first string cell (or string in a list cell) longer than the encoder takes. Checked on every column,
 * ids and labels included: no sane id is that long, and checking all costs one pass over the rows.
 */
function checkTextLengths(loaded: LoadedRows, limit: TextLimit, where: { task: string; split: string; subset: string }): void {
  const tooLong = (v: unknown): number => {
    if (typeof v === 'string') return v.length > limit.maxTextChars ? v.length : 0;
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x.length > limit.maxTextChars) return x.length;
    return 0;
  };
  loaded.rows.forEach((r, i) => {
    for (const [col, v] of Object.entries(r)) {
      const n = tooLong(v);
      if (!n) continue;
      const { file, row } = loaded.locate(i);
      throw new ModelError(
        `column "${col}" holds a text of ${n.toLocaleString('en-US')} characters; ${limit.model} takes at most ${limit.maxTextChars.toLocaleString('en-US')} (it does not truncate)`,
        {
          ...where,
          model: limit.model,
          file,
          row,
          hint: 'shorten or drop that row, or use a model that truncates long texts (hf: models cut at their max_seq_length)',
        },
      );
    }
  });
}
