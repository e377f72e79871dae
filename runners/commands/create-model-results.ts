/**
 * `mteb-ts create-model-results`: the model-card YAML (`tags: [mteb]`, `model-index`) from a result folder, as mteb's
 * `create-model-results` / `create_meta` writes it (results/model-card.ts), optionally merged into an existing README.
 * Exit codes: 0 written; 2 bad input (no results, several models, an existing output without --overwrite, a README
 * that is not markdown or whose model-index names another model).
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic.js';
import { mtebResultCacheRoot } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { collectResults, joinRevisions } from '../../results/collect.js';
import { mergeCard, modelCardYaml, renderModelCard, splitReadme } from '../../results/model-card.js';
import { registryLookup } from '../../results/read.js';
import { getBenchmark } from '../../tasks/registry.js';
import type { CliIO } from '../cli-io.js';
import { reportIssues } from './leaderboard.js';
import type { Verbosity } from './options.js';

export interface CreateModelResultsOptions extends Verbosity {
  modelName?: string;
  tasks?: string[];
  benchmarks?: string[];
  resultsFolder?: string;
  outputPath: string;
  overwrite?: boolean;
  fromExisting?: string;
}

export async function handler(o: CreateModelResultsOptions, io: CliIO): Promise<number> {
  // mteb's default is ResultCache(): <MTEB_CACHE or ~/.cache/mteb>/results.
  const folder = o.resultsFolder ?? mtebResultCacheRoot();
  if (existsSync(o.outputPath) && !o.overwrite) throw new ConfigError(`${o.outputPath} already exists`, { hint: 'use --overwrite to overwrite it' });
  if (o.fromExisting && !o.fromExisting.toLowerCase().endsWith('.md'))
    throw new ConfigError('the existing README should be markdown and end with .md', { file: o.fromExisting });
  const c = collectResults([folder]);
  reportIssues(io, c.issues, !!o.verbose);
  let runs = joinRevisions(c.runs);
  if (o.modelName) runs = runs.filter((r) => r.model === o.modelName || r.meta?.name === o.modelName);
  if (!runs.length) throw new ConfigError(`no results${o.modelName ? ` of ${o.modelName}` : ''} in ${folder}`);
  if (runs.length > 1)
    throw new ConfigError(`${folder} holds results of ${runs.length} models (${runs.map((r) => r.model).join(', ')})`, {
      hint: 'choose one with --model-name',
    });
  const run = runs[0]!;
  let wanted: Set<string> | undefined;
  if (o.tasks?.length || o.benchmarks?.length) {
    wanted = new Set(o.tasks ?? []);
    for (const b of o.benchmarks ?? []) for (const t of getBenchmark(b).tasks) wanted.add(t);
  }
  const results = [...run.results.values()].filter((r) => !wanted || wanted.has(r.task_name));
  if (!results.length) throw new ConfigError(`none of the requested tasks has results for ${run.model} in ${folder}`);
  let card = modelCardYaml(run.meta?.name ?? run.model, results, registryLookup);
  let rest = '';
  if (o.fromExisting) {
    const text = readFileSync(o.fromExisting, 'utf8');
    const existing = await splitReadme(text, o.fromExisting);
    card = mergeCard(existing.front, card, o.fromExisting);
    rest = existing.rest;
  }
  writeFileAtomic(o.outputPath, renderModelCard(card, rest));
  const n = ((card['model-index'] as { results: unknown[] }[])[0]?.results ?? []).length;
  io.stdout(`wrote ${o.outputPath}: ${n} model-index result(s) for ${run.model}${o.fromExisting ? ` (merged into ${o.fromExisting})` : ''}`);
  return 0;
}
