/**
 * The leaderboard's model filters, as mteb's leaderboard applies them before building its tables
 * (mteb/leaderboard/app.py `_filter_models`, mteb/models/get_model_meta.py `get_model_metas`): the kept models are
 * then ranked among themselves.
 * - zero-shot: "allow_all"; "remove_unknown" drops models without declared training data; "only_zero_shot" also
 *   drops models trained on any of the benchmark's tasks (similar tasks included);
 * - maximum size: a model with unknown or larger n_parameters is dropped;
 * - open weights: only models whose open_weights is true.
 */
import type { BenchmarkSpec } from './aggregate.js';
import type { ModelRun } from './collect.js';
import type { ZeroShotSetting } from './model-filter-settings.js';
import { isZeroShot, registryModelInfo, runInfos, trainingDatasetsWithSimilar } from './model-info.js';

export interface ModelFilter {
  zeroShot?: ZeroShotSetting;
  /** Largest n_parameters kept. */
  maxParameters?: number;
  openWeights?: boolean;
}

export interface FilterOutcome {
  runs: ModelRun[];
  /** model -> why it was left out */
  dropped: { model: string; reason: string }[];
}

export function filterRuns(runs: readonly ModelRun[], spec: BenchmarkSpec, f: ModelFilter): FilterOutcome {
  const infos = runInfos(runs);
  const resolve = (name: string) => infos.get(name) ?? registryModelInfo(name);
  const tasks = spec.tasks.map((t) => t.name);
  const kept: ModelRun[] = [];
  const dropped: FilterOutcome['dropped'] = [];
  for (const run of runs) {
    const info = infos.get(run.model)!;
    let reason: string | undefined;
    if (f.openWeights && info.openWeights !== true) reason = info.openWeights === false ? 'closed weights' : 'open weights unknown';
    else if (f.maxParameters !== undefined && (info.nParameters === null || info.nParameters > f.maxParameters)) {
      reason = info.nParameters === null ? 'parameter count unknown' : `${info.nParameters} parameters`;
    } else if (f.zeroShot && f.zeroShot !== 'allow_all') {
      const zs = isZeroShot(trainingDatasetsWithSimilar(info, resolve), tasks);
      if (zs === null) reason = 'training data unknown';
      else if (!zs && f.zeroShot === 'only_zero_shot') reason = 'trained on some of the benchmark tasks';
    }
    if (reason) dropped.push({ model: run.model, reason });
    else kept.push(run);
  }
  return { runs: kept, dropped };
}
