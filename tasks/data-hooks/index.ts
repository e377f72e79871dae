/**
 * Ports of mteb tasks' load_data / dataset_transform overrides, as wrappers of the LoadContext: each hook turns
 * the dataset's rows into the rows mteb's transform leaves, so the type's evaluator runs unchanged on them.
 * A task selects its hook with `params.data_hook` and passes arguments in `params` (see each hook).
 */
import { ConfigError } from '../../core/errors.js';
import type { LoadContext } from '../types/module.js';
import { arraySplitClusteringHook } from './array-split-clustering.js';
import { belebeleHook } from './belebele.js';
import { bibleNlpHook } from './bible-nlp.js';
import { brightHook } from './bright.js';
import { codeEditSearchHook } from './code-edit-search.js';
import { codeSearchNetHook } from './code-search-net.js';
import { cureHook } from './cure.js';
import { germanQuadHook } from './germanquad.js';
import { lembHook } from './lemb.js';
import { mlsumHook, mlsumLegacyHook } from './mlsum.js';
import { mrTidyHook } from './mr-tidy.js';
import { multiHateHook } from './multi-hate.js';
import { parallelBitextHook } from './parallel-bitext.js';
import { publicHealthQaHook } from './public-health-qa.js';
import { renameColumnsHook } from './rename-columns.js';
import { sib200ClusteringHook } from './sib200-clustering.js';
import { syntecHook } from './syntec.js';
import { danfeverHook, norquadHook, snlHook, tv2nordHook } from './text-id-retrieval.js';
import { toxicChatHook } from './toxic-chat.js';
import { vgHierarchicalHook } from './vg-hierarchical.js';
import { xnliHook } from './xnli.js';

export type DataHook = (ctx: LoadContext) => LoadContext;

export const DATA_HOOKS = {
  'array-split-clustering': arraySplitClusteringHook,
  belebele: belebeleHook,
  'bible-nlp': bibleNlpHook,
  bright: brightHook,
  'code-edit-search': codeEditSearchHook,
  'code-search-net': codeSearchNetHook,
  cure: cureHook,
  danfever: danfeverHook,
  germanquad: germanQuadHook,
  lemb: lembHook,
  mlsum: mlsumHook,
  'mlsum-legacy': mlsumLegacyHook,
  'mr-tidy': mrTidyHook,
  'multi-hate': multiHateHook,
  norquad: norquadHook,
  'parallel-bitext': parallelBitextHook,
  'public-health-qa': publicHealthQaHook,
  'rename-columns': renameColumnsHook,
  'sib200-clustering': sib200ClusteringHook,
  snl: snlHook,
  syntec: syntecHook,
  'toxic-chat': toxicChatHook,
  tv2nord: tv2nordHook,
  'vg-hierarchical': vgHierarchicalHook,
  xnli: xnliHook,
} satisfies Record<string, DataHook>;

export type DataHookId = keyof typeof DATA_HOOKS;

/** The task's LoadContext with its data hook applied (unchanged when it has none). */
export function withDataHook(ctx: LoadContext): LoadContext {
  const id = ctx.task.params?.data_hook;
  if (id === undefined) return ctx;
  const hook = typeof id === 'string' ? DATA_HOOKS[id as DataHookId] : undefined;
  if (!hook) {
    throw new ConfigError(`unknown data_hook ${JSON.stringify(id)}`, { task: ctx.task.name, hint: `known: ${Object.keys(DATA_HOOKS).join(', ')}` });
  }
  return hook(ctx);
}
